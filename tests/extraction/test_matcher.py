"""The compiled matcher: case rules, longest match, separators, and the gazetteer cache."""

from __future__ import annotations

import dataclasses

import pytest

from archive.extraction import CountryEntry, Gazetteer, OrganisationEntry
from archive.extraction.matcher import Matcher, Surface, compile_gazetteer


def keys(matcher: Matcher, text: str) -> list[str]:
    return [s.key for hit in matcher.find(text) for s in hit.surfaces[:1]]


@pytest.fixture(scope="module")
def compiled(gazetteer):
    return compile_gazetteer(gazetteer)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the US said", ["US"]),
        ("let us know", []),
        ("US-led forces", ["US"]),
        ("U.S. officials", ["US"]),
        ("the U.S.S.R. and the U.S.", ["RU", "US"]),
        ("in the field of IT", []),
        ("Italy and Italian wine", ["IT", "IT"]),
        ("roast turkey", []),
        ("the UK and the U.K.", ["GB", "GB"]),
        ("uk", []),
        ("PAKISTAN AND RUSSIA SIGN PACT", ["PK", "RU"]),
        ("Pakistan’s army", ["PK"]),
        ("the Soviet\nUnion", ["RU"]),
        ("Guinea-Bissau and Guinea Bissau", ["GW", "GW"]),
        ("Papua New Guinea", ["PG"]),
        ("Equatorial Guinea", ["GQ"]),
        ("Nigeria", ["NG"]),
        ("Nigerian and Nigerien", ["NG", "NE"]),
        ("Somalia", ["SO"]),  # not Mali inside it
        ("Woman", []),  # not Oman
        ("Indiana", ["US"]),  # a US state, not India
        ("the Dominican Republic", ["DO"]),
        ("Dominica", ["DM"]),
        ("South Sudan", ["SS"]),
        ("New Mexico", ["US"]),  # a US state (weak evidence for the US), not Mexico
        ("Gulf of Mexico", [""]),  # a blocked phrase: consumed, tags nothing
        ("Latin American", [""]),
        ("Americans", ["US"]),
        ("the Inter-American Development Bank", [""]),  # the Americas' bank, not the United States'
        # A text written with accents meets the names written without them
        ("México y Perú", ["MX", "PE"]),
        ("MÉXICO", ["MX"]),
        ("Nuevo León, México", ["MX"]),
        ("Côte d'Ivoire and COTE D'IVOIRE", ["CI", "CI"]),
    ],
)
def test_country_matching(compiled, text, expected):
    assert keys(compiled.countries, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the WHO said", ["who"]),
        ("people who know", []),
        # In an ALL-CAPS headline an acronym that is also a word is not trusted.
        ("WHO OFFICIALS MEET", []),
        ("THOSE WHO WAIT", []),
        ("IMF OFFICIALS MEET", ["imf"]),
        ("the U.N. and the UN", ["un", "un"]),
        ("the European Economic Community", ["ec"]),
        ("the Organization for Economic Cooperation and Development", ["oecd"]),
        ("the Organisation for Economic Co-operation and Development", ["oecd"]),
        ("United Nations Conference on Trade and Development", ["unctad"]),
    ],
)
def test_organisation_matching(compiled, text, expected):
    assert keys(compiled.organisations, text) == expected


def test_hits_in_an_accented_text_keep_its_offsets(compiled):
    """GIVEN a text with accented letters (and one letter NFKD would turn into two)
    WHEN the countries are found in it
    THEN each hit's offsets point at the name as written."""
    text = "ﬁrst: la visite au Perú, puis México."
    hits = compiled.countries.find(text)
    assert [text[hit.start : hit.end] for hit in hits] == ["Perú", "México"]


def test_exact_case_rule_for_acronyms():
    matcher = Matcher([Surface("EU", "eu", "org-acronym", "exact"), Surface("Chile", "CL", "name", "proper")])
    assert keys(matcher, "the EU and Chile") == ["eu", "CL"]
    assert keys(matcher, "the eu and chile peppers") == []
    assert keys(matcher, "Eu") == []


def test_longest_form_wins_and_backtracks_to_a_shorter_one():
    matcher = Matcher([Surface("Guinea", "GN", "name", "proper"), Surface("Guinea-Bissau", "GW", "name", "proper")])
    assert keys(matcher, "Guinea-Bissau") == ["GW"]
    assert keys(matcher, "Guinea-Bissauan") == ["GN"]  # the longer form fails its boundary
    assert keys(matcher, "Guineas") == []
    assert keys(matcher, "Guinea, Bissau") == ["GN"]


def test_compiled_gazetteer_is_cached_on_its_value(gazetteer):
    first = compile_gazetteer(gazetteer)
    assert compile_gazetteer(gazetteer) is first
    rebuilt = dataclasses.replace(gazetteer)  # equal value, new object (e.g. reloaded from the database)
    assert compile_gazetteer(rebuilt) is first


def test_a_changed_gazetteer_is_recompiled(gazetteer):
    before = compile_gazetteer(gazetteer)
    countries = tuple(
        dataclasses.replace(c, aliases=(*c.aliases, "Land of the Pure")) if c.code == "PK" else c
        for c in gazetteer.countries
    )
    changed = dataclasses.replace(gazetteer, countries=countries)
    after = compile_gazetteer(changed)
    assert after is not before
    assert keys(after.countries, "the Land of the Pure") == ["PK"]
    assert keys(before.countries, "the Land of the Pure") == []


def test_editor_aliases_and_new_organisations_are_used():
    gazetteer = Gazetteer(
        countries=(CountryEntry("PK", "Pakistan", aliases=("Islamic Republic",)),),
        organisations=(OrganisationEntry("cpec", "China-Pakistan Economic Corridor", "CPEC"),),
    )
    compiled = compile_gazetteer(gazetteer)
    assert keys(compiled.countries, "the Islamic Republic and Pakistan") == ["PK", "PK"]
    assert keys(compiled.organisations, "CPEC projects of the China-Pakistan Economic Corridor") == ["cpec", "cpec"]


def test_only_countries_in_the_gazetteer_are_matched():
    compiled = compile_gazetteer(Gazetteer(countries=(CountryEntry("PK", "Pakistan"),)))
    assert keys(compiled.countries, "Pakistan and India") == ["PK"]

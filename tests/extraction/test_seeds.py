"""The seed articles in seeds/, fed as the importer would after stripping boilerplate.

002 is cut before its "Related News" block (other stories' teasers) and 004 holds two
articles, split at the second headline. Each is run twice: headline as the title, and
the whole text as the body with no title (as when a title is generated).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SECOND_HEADLINE_004 = "Pakistan, Canada explore deeper trade, mining and agriculture cooperation"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _articles() -> dict[str, str]:
    seed_002 = _seed("002").split("Related News", 1)[0]
    seed_004 = _seed("004")
    split = seed_004.index(SECOND_HEADLINE_004)
    return {
        "000": _seed("000"),
        "001": _seed("001"),
        "002": seed_002,
        "003": _seed("003"),
        "004a": seed_004[:split],
        "004b": seed_004[split:],
    }


# article: (countries that must be tagged, countries that must not, organisations that must be tagged)
EXPECTED = {
    "000": ({"PK"}, set(), {"asean"}),
    "001": ({"PK"}, set(), {"asean"}),
    "002": ({"PK", "RU"}, {"IR", "IL", "AZ"}, {"un"}),
    "003": ({"PK", "RU"}, set(), set()),
    "004a": ({"PK", "US"}, {"IT"}, {"ispr"}),
    "004b": ({"PK", "CA"}, set(), {"imf"}),
}


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip("seeds/ is not here")
    return _articles()


@pytest.mark.parametrize("with_title", [True, False], ids=["headline-as-title", "all-in-body"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed(run, articles, name, with_title):
    text = articles[name].strip()
    title, body = ("", text)
    first_line, _, rest = text.partition("\n")
    if with_title and name not in ("000", "001", "003"):  # these open with a dateline, not a headline
        title, body = first_line, rest
    result = run(body, title=title)
    tagged_countries = {t.key for t in result.countries}
    tagged_orgs = {t.key for t in result.organisations}
    wanted, unwanted, wanted_orgs = EXPECTED[name]
    assert wanted <= tagged_countries
    assert not unwanted & tagged_countries
    assert wanted_orgs <= tagged_orgs
    assert all(t.mentions > 0 for t in result.countries + result.organisations)


def test_seed_004_proposes_nothing_it_already_knows(run, articles):
    # "Inter-Services Public Relations (ISPR)" and "Prospectors & Developers Association of
    # Canada (PDAC)" are in the shipped gazetteer; "International Monetary Fund (IMF)" too.
    assert run(articles["004a"]).proposals == []
    assert run(articles["004b"]).proposals == []


def test_seed_001_proposes_unknown_bodies(run, articles):
    proposals = {(p.name, p.acronym) for p in run(articles["001"]).proposals}
    assert ("ASEAN-Pakistan Joint Sectoral Cooperation Committee", "APJSCC") in proposals
    # Concepts are not bodies.
    assert not {acronym for _, acronym in proposals} & {"FDI", "AFTA", "RCEP"}

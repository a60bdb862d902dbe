"""Hostile text through extraction: each 100 KB case runs within a generous safety limit, and a
flood of "Full Name (ACRONYM)" pairs proposes a bounded number of organisations."""

from __future__ import annotations

import pytest

from archive.extraction import Gazetteer, dateline_country, extract, propose_organisations
from archive.extraction.matcher import compile_gazetteer
from archive.extraction.proposals import MAX_PROPOSALS_PER_ARTICLE
from archive.extraction.types import ProposedOrganisation
from archive.record_extraction import extract_record
from tests.ingest.limits import within_safety_limit

N = 100_000

BODIES = {
    "acronyms on one line": "US " * (N // 3),  # 65 s through import_articles before
    "capitals on one line": "Aa Bb " * (N // 6),
    "acronym lines": "US\n" * (N // 3),
    "a word then spaces": "x" + " " * N + "y",  # 58 s through extract_entities before
    "a place then spaces": "New" + " " * N + "York",
    "spaced dashes": "Guinea" + " " * N + "-" + " " * N + "Bissau",
    "capitalised words": "Pakistan " * (N // 9),
    "headline capitals": "PAKISTAN AND INDIA " * (N // 19),
    "person names": "Michael Jordan " * (N // 15),
    "dateline-like lines": "ISLAMABAD, March 3 (Reuters) - \n" * (N // 32),
    "open brackets": "(" * N,
    "acronyms in brackets": "Aa Bb (AB) " * (N // 11),
    "digits": "1" * N,
}


@pytest.mark.parametrize("name", BODIES)
def test_extraction_of_a_hostile_body_stays_within_the_safety_limit(name: str, gazetteer: Gazetteer) -> None:
    """GIVEN a 100 KB body of repeated capitals, acronyms or runs of spaces
    WHEN extract_entities' record extraction (dateline, date, countries, organisations, proposals) runs on it
    THEN it finishes within the safety limit and gives the contract's keys."""
    body = BODIES[name]
    with within_safety_limit(len(body), name):
        result = extract_record({"id": 1, "title": body[:80], "body": body}, gazetteer)
    assert set(result) == {"id", "countries", "organisations", "published"}


def test_a_long_dateline_argument_is_cheap(gazetteer: Gazetteer) -> None:
    """GIVEN a 'dateline' of 100,000 spaces between two words (callers pass what files say)
    THEN no country comes of it, within the safety limit."""
    dateline = "Paris" + " " * N + "x"
    with within_safety_limit(len(dateline)):
        assert dateline_country(dateline, gazetteer) in ("", "FR")


def test_capitals_are_judged_per_line(gazetteer: Gazetteer) -> None:
    """GIVEN acronyms on lines in capitals and in mixed case, and a name across a line break
    WHEN the country matcher finds them (each line's capitals now checked once, not once per hit)
    THEN a hit is in a capitals context exactly when its line(s) have no lower-case letter."""
    text = "US AND UK TALK\nThe US and UK talk\nSOVIET\nUNION NOW\nSOVIET\nUnion now"
    hits = compile_gazetteer(gazetteer).countries.find(text)
    assert [(hit.text, hit.caps_context) for hit in hits] == [
        # "US" in capitals is the word "us" (dropped); "UK" is still the country
        ("UK", True),
        ("US", False),
        ("UK", False),
        ("SOVIET\nUNION", True),  # both lines in capitals
        ("SOVIET\nUnion", False),  # the second line has lower case
    ]


def test_proposals_per_article_are_bounded_by_salience(gazetteer: Gazetteer) -> None:
    """GIVEN a story naming 2,000 unknown "Full Name (ACRONYM)" bodies (a 153 KB file proposed 2,998)
    and using one late acronym again and again
    WHEN organisations are proposed
    THEN at most MAX_PROPOSALS_PER_ARTICLE come back, the much-used one among them, in text order."""
    letters = [a + b + c + d for a in "bcdfghjklm" for b in "aeiou" for c in "bcdfghjklm" for d in "aeiou"][:2000]
    pairs = [(f"Zq{word} Quorum Council", f"Z{word.upper()}QC") for word in letters]
    text = " ".join(f"The {name} ({acronym}) met." for name, acronym in pairs)
    favourite = pairs[1500]
    text += f" The {favourite[1]} said so." * 3
    proposals = propose_organisations(text=text, gazetteer=gazetteer)
    assert len(proposals) == MAX_PROPOSALS_PER_ARTICLE == 5
    assert ProposedOrganisation(*favourite) in proposals
    assert proposals[0] == ProposedOrganisation(*pairs[0])  # then the earliest, listed in text order
    assert len(extract(title="t", body=text, gazetteer=gazetteer).proposals) == MAX_PROPOSALS_PER_ARTICLE

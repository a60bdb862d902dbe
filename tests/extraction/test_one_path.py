"""One path from text to entities: a wire dateline at the start of a body resolves to its country as a whole.

The contract (`extract_entities`, archive/record_extraction.py), the importers and the evaluation all call
`extract`; when no dateline is given as a field, it splits the body's leading dateline with the importers'
own parser (archive.dates.split_dateline) and resolves the whole place: "COMMACK, N.Y." is the US, not a
Swiss town called Commack.
"""

from __future__ import annotations

import pytest

from archive.dates import split_dateline
from archive.extraction import dateline_country, extract
from archive.record_extraction import extract_record

# A lead that names no country, so the dateline alone decides.
LEAD = "Acme Corp said its shares rose 5 pct in active trading today after it raised its dividend."

DATELINES = [
    ("COMMACK, N.Y., Feb 26 -", "US"),
    ("SANTA CRUZ, Calif., Feb 26 -", "US"),
    ("FORT LAUDERDALE, Fla., March 2 -", "US"),
    ("KOKOMO, Ind., March 3 -", "US"),
    ("WORCESTER, Mass., March 4 -", "US"),
    ("SPRINGFIELD, Ill., March 4 -", "US"),
    ("PARIS, Texas, March 4 -", "US"),
    ("WASHINGTON, March 2 -", "US"),
    ("NEW YORK, March 2 -", "US"),
    ("NEW YORK, Narch 2 -", "US"),  # a misspelt date still ends the dateline
    ("LONDON -", "GB"),
    ("LONDON, March 3 -", "GB"),
    ("PARIS, March 3 -", "FR"),
    ("SALVADOR, Feb 26 -", "BR"),
    ("Islamabad, 20 June 2023 (TDI):", "PK"),
    ("ISLAMABAD:", "PK"),
    ("TORONTO, Ont., March 5 -", "CA"),
    ("LONDON, Ont., March 5 -", "CA"),  # the province wins over the city's name
    ("VANCOUVER, B.C., March 5 -", "CA"),
    ("RED DEER, Alta., March 5 -", "CA"),
    ("SHERBROOKE, Que., March 5 -", "CA"),
    ("Taupo, New Zealand, March 23 -", "NZ"),  # "City, Country"
    ("GEORGETOWN, Grand Cayman, British West Indies, March 25 -", "KY"),
]


@pytest.mark.parametrize(("dateline", "code"), DATELINES)
def test_a_dateline_at_the_start_of_the_body_resolves_to_its_country(gazetteer, dateline, code):
    # GIVEN a story whose body opens with a wire dateline and whose lead names no country
    body = f"{dateline} {LEAD}"
    # WHEN it goes through the contract and through extract without a dateline field
    record = extract_record({"id": 1, "title": "", "body": body}, gazetteer)
    extraction = extract(title="", body=body, gazetteer=gazetteer)
    # THEN both tag exactly the dateline's country
    assert record["countries"] == [code]
    assert [t.key for t in extraction.countries] == [code]


@pytest.mark.parametrize(("dateline", "code"), DATELINES)
def test_the_parsed_place_resolves_to_the_same_country(gazetteer, dateline, code):
    # GIVEN the place the importers store for this dateline ("Commack, N.Y.")
    parsed, _ = split_dateline(f"{dateline} {LEAD}")
    assert parsed is not None
    # THEN it resolves as the whole dateline does
    assert dateline_country(parsed.place, gazetteer) == code


BODY = (
    "The International Monetary Fund (IMF) agreed to lend 1.2 billion dlrs to Brazil, Acme Corp said.\n\n"
    "The IMF loan was the largest this year, it said. Argentina was not mentioned again.\n\n"
    "Japan and Japanese banks were said to be ready to join, according to officials in Japan."
)


@pytest.mark.parametrize(("dateline", "code"), DATELINES[:6] + DATELINES[14:19])
def test_the_dateline_as_a_field_or_at_the_start_of_the_body_gives_the_same_entities(gazetteer, dateline, code):
    # GIVEN the same story twice: the dateline split off as the importers store it, and left in the body
    parsed, rest = split_dateline(f"{dateline} {BODY}")
    assert parsed is not None
    as_field = extract(title="IMF loan", body=rest, dateline=parsed.place, gazetteer=gazetteer)
    in_body = extract(title="IMF loan", body=f"{dateline} {BODY}", gazetteer=gazetteer)
    # THEN the same countries and organisations, mentions included
    assert as_field.countries == in_body.countries
    assert as_field.organisations == in_body.organisations
    assert as_field.countries[0].key == code and "BR" in {t.key for t in as_field.countries}
    assert [t.key for t in as_field.organisations] == ["imf"]


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ("NOTE: Brazil's output fell 5 pct in January.", ["BR"]),  # a label, not a place
        ("Prices in Sao Paulo - the largest market - rose 5 pct.", []),  # Title case without a date
    ],
)
def test_a_line_that_only_looks_like_a_dateline_is_not_one(gazetteer, body, codes):
    # GIVEN a body opening with words and a colon or dash that are not a dateline
    # THEN no dateline country is tagged, and the words still count as text
    assert [t.key for t in extract(title="", body=body, gazetteer=gazetteer).countries] == codes

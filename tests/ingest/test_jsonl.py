"""parse_jsonl: good lines parse, bad lines are reported, the file survives."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from archive.ingest import parse_file, parse_jsonl
from archive.ingest.types import IngestError, Precision

FIXTURE = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "ingest" / "articles.jsonl"


@pytest.fixture(scope="module")
def parsed():
    return parse_file(FIXTURE)


def test_good_and_bad_lines(parsed) -> None:
    """GIVEN a file with four good lines, a blank line and five bad ones
    THEN the good ones are articles and each bad one is an error naming its line."""
    assert [a.ref for a in parsed.articles] == [
        "ingest/articles.jsonl:1",
        "ingest/articles.jsonl:export:abc",  # an import_ref lies under the file's own ref
        "ingest/articles.jsonl#4",
        "ingest/articles.jsonl:7",
    ]
    assert parsed.errors == [
        "line 5: not JSON (Expecting value at column 1)",
        "line 6: not a JSON object",
        "line 7: missing 'title'",
        "line 8: bad published '2019-02-31': no such date",
        "line 9: bad published '20 June 2023' (expected YYYY-MM-DD, YYYY-MM, YYYY or null)",
    ]


def test_full_record(parsed) -> None:
    article = parsed.articles[0]
    assert article.title == "Pakistan and Malaysia sign trade pact"
    assert article.body == "KUALA LUMPUR: The two countries signed a pact.\n\nIt covers palm oil."
    assert article.published.value == dt.date(2023, 6, 20)
    assert article.published.precision == Precision.DAY
    assert article.dateline.place == "Kuala Lumpur"
    assert article.countries == ["PK", "MY"]
    assert article.organisations == []  # given, and none
    assert article.author == "Jane Doe"
    assert article.source == "Daily Example"
    assert article.url == "https://example.com/a"
    assert article.raw_text == FIXTURE.read_text(encoding="utf-8").split("\n")[0]


def test_optional_fields(parsed) -> None:
    month, no_date, year = parsed.articles[1:]
    assert month.published.isoformat() == "2019-03"
    assert month.published.precision == Precision.MONTH
    assert month.body == "Line one.\n\nLine two."  # single newlines are paragraphs
    assert month.standfirst == ["First point", "Second point"]
    assert month.captions == ["A photo (AFP)"]
    assert month.countries is None and month.organisations is None  # not given: extract them
    assert no_date.published.precision == Precision.UNKNOWN
    # raw_text is the line as received; the record's own "raw_text" field is ignored
    assert no_date.raw_text == FIXTURE.read_text(encoding="utf-8").split("\n")[3]
    assert year.published.isoformat() == "2020"
    assert year.title_generated is True


@pytest.mark.parametrize(("given", "stored"), [(None, "en"), ("fr", "fr"), ("pt-BR", "pt"), ("PL", "pl")])
def test_a_records_language_is_kept(given, stored) -> None:
    record = {"title": "Żniwa na Mazowszu", "body": "Rolnicy zebrali rekordowe plony."}
    if given is not None:
        record["language"] = given
    assert parse_jsonl(json.dumps(record), ref="f.jsonl").articles[0].language == stored


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"body": "b"}, "missing 'title'"),
        ({"title": "t"}, "missing 'body'"),
        ({"title": "  ", "body": "b"}, "'title' must be a non-empty string"),
        ({"title": 5, "body": "b"}, "'title' must be a non-empty string"),
        ({"title": "t", "body": "b", "published": 2019}, "bad published"),
        ({"title": "t", "body": "b", "published": "2019-13"}, "no such date"),
        ({"title": "t", "body": "b", "published": "2019", "precision": "day"}, "does not match"),
        ({"title": "t", "body": "b", "precision": "week"}, "bad precision"),
        ({"title": "t", "body": "b", "precision": ["day"]}, "bad precision"),  # was a TypeError
        ({"title": "t", "body": "b", "countries": "PK"}, "'countries' must be a list of strings"),
        ({"title": "t", "body": "b", "dateline": {"place": "X"}}, "'dateline' must be a place name string"),
        ({"title": "t", "body": "b", "title_generated": "yes"}, "'title_generated' must be true or false"),
        ({"title": "t", "body": "b", "id": [1]}, "'id' must be a string or a number"),
        ({"title": "t", "body": "b", "author": 3}, "'author' must be a string"),
        ({"title": "t", "body": "b", "language": "French"}, "'language' must be a language code"),
    ],
)
def test_bad_records(record: dict, reason: str) -> None:
    good = json.dumps({"title": "ok", "body": "fine"})
    parsed = parse_jsonl(f"{good}\n{json.dumps(record)}\n", ref="f.jsonl")
    assert len(parsed.articles) == 1
    assert len(parsed.errors) == 1
    assert parsed.errors[0].startswith("line 2: ")
    assert reason in parsed.errors[0]


def test_duplicate_refs_reported() -> None:
    line = json.dumps({"id": 1, "title": "t", "body": "b"})
    parsed = parse_jsonl(f"{line}\n{line}\n", ref="f.jsonl")
    assert [a.ref for a in parsed.articles] == ["f.jsonl:1"]
    assert parsed.errors == ["line 2: duplicate ref 'f.jsonl:1'"]


def test_nothing_parses_raises_with_reasons() -> None:
    with pytest.raises(IngestError, match=r"no valid records: line 1: not JSON .*; line 2: missing 'body'"):
        parse_jsonl('{"title": "x", "body": \n{"title": "y"}\n', ref="f.jsonl")


def test_blank_only_and_json_array() -> None:
    with pytest.raises(IngestError, match="empty"):
        parse_jsonl("\n\n  \n", ref="f.jsonl")
    with pytest.raises(IngestError, match="JSON array"):
        parse_jsonl('[\n  {"title": "x", "body": "y"}\n]\n', ref="f.json")


def test_crlf_bom_and_line_separator_inside_strings() -> None:
    record = json.dumps({"title": "t", "body": "one\u2028two"}, ensure_ascii=False)
    parsed = parse_jsonl(f"\ufeff{record}\r\n", ref="f.jsonl")
    assert parsed.errors == []
    assert parsed.articles[0].ref == "f.jsonl#1"
    assert parsed.articles[0].raw_text == record

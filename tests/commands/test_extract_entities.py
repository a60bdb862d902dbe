"""The extract_entities contract: JSON Lines in, one JSON object per line out, nothing written."""

import io
import json
import sys

import pytest
from django.core.management import call_command

from archive.models import Article, Organisation

pytestmark = pytest.mark.django_db


def run(lines: list[str], monkeypatch) -> tuple[list[dict], str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    out, err = io.StringIO(), io.StringIO()
    call_command("extract_entities", "-", stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_outputs_in_input_order_and_reports_bad_lines(monkeypatch):
    records, errors = run(
        [
            json.dumps({"id": "a", "title": "Cocoa review", "body": "SALVADOR, Feb 26 - Showers continued in Brazil."}),
            "{not json",
            json.dumps({"id": "b", "title": "Talks", "body": "Islamabad, 20 June 2023 (TDI): Pakistan held talks."}),
        ],
        monkeypatch,
    )
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[0]["countries"] == ["BR"] and records[0]["published"] is None
    assert "PK" in records[1]["countries"] and records[1]["published"] == "2023-06-20"
    assert "line 2" in errors


def test_organisations_have_name_and_acronym_and_nothing_is_written(monkeypatch):
    before = (Article.objects.count(), Organisation.objects.count())
    body = "WASHINGTON, March 3 - The International Monetary Fund (IMF) said the IMF would lend more."
    records, _ = run([json.dumps({"id": 1, "title": "IMF loan", "body": body})], monkeypatch)
    assert {"name": "International Monetary Fund", "acronym": "IMF"} in records[0]["organisations"]
    assert (Article.objects.count(), Organisation.objects.count()) == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"Cannot read .*missing\.jsonl"):
        call_command("extract_entities", str(tmp_path / "missing.jsonl"))


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("[" * 100_000, "nested too deeply"),  # RecursionError ended the command before
        ('{"id": ' + "9" * 5000 + "}", "skipped"),  # an integer too long for Python to read
        (json.dumps({"id": "big", "title": "t", "body": "word " * 250_000}), "over the 1.0 MB limit for one article"),
    ],
)
def test_an_unreadable_line_is_reported_and_the_rest_processed(monkeypatch, bad_line, reason):
    """GIVEN a good line, an unreadable one, and another good one
    WHEN extract_entities reads them
    THEN the good ones are extracted in order and stderr names the bad line's number and why."""
    good = json.dumps({"id": "a", "title": "Talks", "body": "ISLAMABAD: Pakistan held talks."})
    records, errors = run([good, bad_line, good.replace('"a"', '"b"')], monkeypatch)
    assert [r["id"] for r in records] == ["a", "b"]
    assert errors.startswith("line 2: skipped, ") and reason in errors


def test_a_hostile_body_is_extracted_within_the_safety_limit(monkeypatch):
    """GIVEN the reported body 'x' + 100,000 spaces + 'y' (58 s with 20,000 spaces before)
    THEN its record comes out within the safety limit."""
    from tests.ingest.limits import within_safety_limit

    body = "x" + " " * 100_000 + "y"
    with within_safety_limit(len(body)):
        records, errors = run([json.dumps({"id": 1, "title": "", "body": body})], monkeypatch)
    assert records == [{"id": 1, "countries": [], "organisations": [], "published": None}] and errors == ""


def test_the_whole_dateline_at_the_start_of_the_body_gives_the_country(monkeypatch):
    # GIVEN the stories: a US state or Canadian province after the city, as wires write them
    bodies = {
        "commack": "COMMACK, N.Y., Feb 26 - Acme Corp said its profit rose 12 pct.",
        "santa-cruz": "SANTA CRUZ, Calif., Feb 26 - Acme Corp said its profit rose 12 pct.",
        "fort-lauderdale": "FORT LAUDERDALE, Fla., March 2 - Acme Corp said its profit rose 12 pct.",
        "kokomo": "KOKOMO, Ind., March 3 - Acme Corp said its profit rose 12 pct.",
        "toronto": "TORONTO, Ont., March 3 - Acme Ltd said its profit rose 12 pct.",
    }
    # WHEN they go through the command
    records, errors = run(
        [json.dumps({"id": key, "title": "", "body": body}) for key, body in bodies.items()], monkeypatch
    )
    # THEN each is tagged with its dateline's country only (Commack is not taken for a Swiss place)
    assert {r["id"]: r["countries"] for r in records} == {
        "commack": ["US"],
        "santa-cruz": ["US"],
        "fort-lauderdale": ["US"],
        "kokomo": ["US"],
        "toronto": ["CA"],
    }
    assert errors == ""

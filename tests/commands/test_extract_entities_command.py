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

"""`manage.py evaluate_suggestions` runs on the seeds and prints its figures (no figure targets here)."""

import json

import pytest
from django.core.management import CommandError, call_command


def test_the_command_prints_the_four_shares_and_the_cost(archive, capsys):
    # GIVEN the seeds WHEN the command runs with a few words THEN it prints each share and the cost
    call_command("evaluate_suggestions", "--words", "5", "--non-words", "5", "--seed", "1")
    out = capsys.readouterr().out
    for label in (
        "one edit:",
        "two edits:",
        "non-words (distance >= 3): no suggestion",
        "spelt as heard:",
        "correction alone",
    ):
        assert label in out
    assert "5 most frequent words" in out


def test_the_json_is_reproducible_with_a_seed(archive, capsys):
    runs = []
    for _ in range(2):
        call_command("evaluate_suggestions", "--words", "5", "--non-words", "5", "--seed", "3", "--json")
        figures = json.loads(capsys.readouterr().out)
        runs.append({k: figures[k] for k in ("one_edit", "two_edits", "non_words", "words", "found_enough")})
    assert runs[0] == runs[1]
    assert runs[0]["non_words"] == {"share": 1.0, "trials": 5}  # three edits from every word: never a suggestion
    assert runs[0]["words"] == 5


def test_an_empty_archive_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no words"):
        call_command("evaluate_suggestions", "--words", "3", "--non-words", "0")

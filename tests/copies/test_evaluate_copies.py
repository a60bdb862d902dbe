"""`evaluate_copies` on part of the corpus, as its [PATH ...] allows (the full run is the README's figures)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_one_file_of_the_corpus_is_scored_without_the_issues_pair(reuters_dir):
    """GIVEN one Reuters file, which holds neither story of the issue's pair WHEN evaluated THEN its figures are
    printed and the pair is said to be absent (it ended in a TypeError formatting None)."""
    out = io.StringIO()
    call_command("evaluate_copies", str(reuters_dir / "reut2-000.sgm"), stdout=out)
    printed = out.getvalue()
    assert "908 stories stored" in printed and "recall: " in printed
    assert "the issue's pair (“U.S. WARNS OF DEPENDENCE ON FOREIGN OIL”): not both in the files read" in printed


def test_a_file_that_is_not_there_is_named(reuters_dir):
    with pytest.raises(CommandError, match=r"No such file: .*reut2-999\.sgm"):
        call_command("evaluate_copies", str(reuters_dir / "reut2-999.sgm"), stdout=io.StringIO())

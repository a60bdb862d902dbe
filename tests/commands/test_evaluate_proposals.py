"""evaluate_proposals: the proposals an import of Reuters files makes, and the hand-labelled sample's share."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

SGML = """<REUTERS NEWID="1"><TEXT><TITLE>WHEAT TALKS</TITLE><DATELINE>    CANBERRA, March 2 - </DATELINE>
<BODY>The Australian Wheat Board's (AWB) chief said the Anti-Ballistic Missile (ABM) row
did not matter. The Grain Marketing Board (GMB) agreed, and the Australian Wheat Board (AWB) too.
 Reuter</BODY></TEXT></REUTERS>
"""


def test_it_counts_distinct_proposals_and_prints_the_sample_share(tmp_path):
    # GIVEN a Reuters file naming two organisations (one twice, once with a possessive) and a weapon
    (tmp_path / "reut2-900.sgm").write_text(SGML, encoding="latin-1")
    out = io.StringIO()
    # WHEN the command runs on it
    call_command("evaluate_proposals", str(tmp_path), "--list", stdout=out)
    lines = out.getvalue().splitlines()
    # THEN each organisation is proposed once, without the possessive, and the weapon is not
    assert lines[:3] == [
        "Australian Wheat Board (AWB)",
        "Grain Marketing Board (GMB)",
        "2 distinct organisations proposed from 1 files",
    ]
    # AND the shipped sample's share is printed, every pair of it still proposed by the rule
    assert lines[3] == (
        "hand-labelled sample: 49 of 50 are organisations (98%); the current rule still proposes 50 of them"
    )


def test_it_refuses_an_empty_directory(tmp_path):
    with pytest.raises(CommandError, match=r"No \.sgm files found"):
        call_command("evaluate_proposals", str(tmp_path))

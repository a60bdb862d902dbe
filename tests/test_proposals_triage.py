"""archive/proposals_triage.py: what counts as a mention, and the normalised forms a rejection blocks.
(Rejecting, merging and the admin's screens: tests/admin/test_proposals.py.)"""

from __future__ import annotations

import pytest

from archive.models import Organisation
from archive.proposals_triage import MentionMatcher, acronym_key, name_key

AWB = Organisation(pk=1, name="Australian Wheat Board", acronym="AWB", aliases=["Wheat Board of Australia"])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The Australian Wheat Board said.", True),
        ("the australian wheat board said", True),  # a name in any letter case
        ("The Australian Wheat\nBoard said.", True),  # wrapped across lines
        ("The Australian Wheat Board's sales.", True),
        ("The Wheat Board of Australia said.", True),  # an alias
        ("The AWB said.", True),
        ("The AWB's sales rose.", True),  # a possessive acronym
        ("Sales by AWB.", True),
        ("The awb said.", False),  # an acronym only as written
        ("The NAWB and AWBX said.", False),  # inside longer words
        ("AWB SETS WHEAT PRICE\nPrices rose.", False),  # a headline in capitals
        ("The Australian Wheat Boards said.", False),  # another word
    ],
)
def test_what_counts_as_a_mention(text, named):
    assert (MentionMatcher([AWB]).found_in(text) == {1}) is named


def test_normalised_forms():
    assert name_key("The Australian Wheat Board's") == name_key("australian  wheat-board") == "australian wheat board"
    assert acronym_key("U.N.") == acronym_key("UN") == "UN"

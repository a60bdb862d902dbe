"""Which article of a copy group stands for it: earliest date (unknown last), then longest body, then lowest id."""

from __future__ import annotations

import datetime as dt

from archive.copies import as_stories, representative
from archive.models import Article


def make(pk: int, published: dt.date | None, body: str = "text", group: int | None = None) -> Article:
    return Article(pk=pk, title=f"a{pk}", body=body, published=published, copy_group_id=group)


def test_earliest_published_wins_and_unknown_dates_come_last():
    # GIVEN an undated copy, a later copy and an earlier copy
    undated, later, earlier = make(1, None, "x" * 900), make(2, dt.date(1987, 3, 2)), make(3, dt.date(1987, 3, 1))
    # WHEN the representative is chosen THEN it is the earliest dated one
    assert representative([undated, later, earlier]) is earlier


def test_longest_body_breaks_a_date_tie_then_the_lowest_id():
    day = dt.date(1987, 3, 1)
    short, long_, long_later_id = (
        make(1, day, "short"),
        make(5, day, "much longer body"),
        make(7, day, "much longer body"),
    )
    assert representative([short, long_later_id, long_]) is long_


def test_all_undated_falls_back_to_body_then_id():
    a, b = make(4, None, "same"), make(2, None, "same")
    assert representative([a, b]) is b


def test_a_list_as_stories_keeps_each_group_once_at_its_representatives_place():
    # GIVEN a newest-first list: a copy, a story alone, the group's earliest version, another group's two versions
    copy, alone = make(1, dt.date(1987, 3, 3), group=9), make(2, dt.date(1987, 3, 2))
    first = make(3, dt.date(1987, 3, 1), group=9)
    other_late, other_early = make(4, dt.date(1987, 2, 27), group=7), make(5, dt.date(1987, 2, 26), group=7)
    # WHEN it is read as stories
    stories = as_stories([copy, alone, first, other_late, other_early])
    # THEN each group is one entry, at its representative's place, with its other versions; a lone article stays
    assert [(lead.pk, [o.pk for o in others]) for lead, others in stories] == [(2, []), (3, [1]), (5, [4])]

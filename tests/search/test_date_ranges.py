"""A from/to range holds the articles whose date lies wholly within it, as the date facet holds a period's: a
date known to the year or the month is within a range only when all of that year or month is."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from archive.dates import date_end_key
from archive.importers import import_paths
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def precisions(tmp_path, django_capture_on_commit_callbacks):
    """Coffee stories dated to the year 2022, to June 2024, and to the day 10 June 2024."""
    lines = [
        json.dumps({"id": key, "title": f"Coffee {key}", "body": f"Coffee story {key}.", "published": published})
        for key, published in (("year", "2022"), ("month", "2024-06"), ("day", "2024-06-10"))
    ]
    path = tmp_path / "coffee.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (D(2022, 1, 1), D(2022, 1, 1), set()),  # the year's first day is not the whole year
        (D(2022, 1, 1), D(2022, 12, 31), {"year"}),
        (D(2021, 6, 1), D(2023, 1, 31), {"year"}),
        (D(2024, 6, 1), D(2024, 6, 1), set()),
        (D(2024, 6, 2), D(2024, 6, 30), {"day"}),  # June's days after the 1st: not all of June
        (D(2024, 6, 1), D(2024, 6, 30), {"month", "day"}),
        (None, D(2024, 6, 15), {"year", "day"}),
        (D(2024, 1, 1), None, {"month", "day"}),
    ],
)
def test_a_range_holds_the_dates_wholly_within_it(precisions, engine, date_from, date_to, expected):
    result = search(SearchParams(q="coffee", date_from=date_from, date_to=date_to), engine=engine)
    assert result.engine == engine
    assert {hit.article.import_ref.rsplit(":", 1)[1] for hit in result.hits} == expected
    assert result.count == len(expected)


def test_the_last_day_a_date_may_be():
    assert date_end_key(D(1987, 1, 1), "year") == 19871231
    assert date_end_key(D(1988, 2, 1), "month") == 19880229
    assert date_end_key(D(1987, 3, 5), "day") == 19870305
    assert date_end_key(None, "day") == 0


def test_an_index_from_before_the_last_days_answers_ranges_as_it_did(precisions):
    # GIVEN the live index's segments read as an index built before `date_end` would be (no such field)
    from archive.search import open_snapshot
    from archive.search.segments import SegmentData

    snap = open_snapshot()
    leaf = snap.segments[0].reader
    schema = {name: field for name, field in leaf.schema.items() if name != "date_end"}
    old = SegmentData("old", leaf, schema)
    # THEN a date's first day stands for its last (a `to` bound keeps what it kept before), not 0 (nothing)
    assert list(old.date_end) == list(old.date_sort) and old.date_sort.all()


def test_a_range_is_answered_from_the_columns_alone_on_the_fast_path(precisions, monkeypatch):
    # GIVEN an index whose fields Whoosh cannot compile a date range on (one built before `date_end`: its
    # schema has no such field, and Whoosh's size estimate of the range raised KeyError, failing the fast path)
    from whoosh import query as wq

    def no_such_field(self, reader):
        raise KeyError(f"No field named {self.fieldname!r}")

    monkeypatch.setattr(wq.NumericRange, "estimate_size", no_such_field)
    # WHEN a range is searched THEN the fast path answers it from its columns
    result = search(SearchParams(q="coffee", date_from=D(2024, 6, 1), date_to=D(2024, 6, 30)))
    assert result.engine == "fast" and result.count == 2

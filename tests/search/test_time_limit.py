"""A search that runs past its time limit answers with what it found so far, and says so.

The clock is moved by the tests instead of waiting for a slow query: no timings here.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.test import override_settings

from archive.search import SearchParams, engine, search, snapshot, writer
from archive.search.query import parse_query
from archive.search.reader import schema
from archive.search.service import TIME_LIMIT_NOTICE

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_segments(many_articles):
    """450 articles built by two indexing processes: one segment each."""
    writer.rebuild(procs=2)
    snap = snapshot.current()
    assert len(snap.segments) == 2
    return snap


def _query(text: str):
    return parse_query(text, schema=schema()).query


def test_without_a_deadline_every_segment_is_evaluated(two_segments):
    matches = engine.evaluate(two_segments, _query("oil OR gas"), deadline=None)
    assert not matches.partial and matches.count > 0


def test_a_passed_deadline_gives_a_partial_answer_not_an_error(two_segments):
    matches = engine.evaluate(two_segments, _query("oil OR gas"), deadline=engine._clock() - 1)
    assert matches.partial and matches.count == 0


def test_the_segments_finished_before_the_deadline_are_kept(two_segments, monkeypatch):
    """GIVEN a clock that runs out as the second segment starts
    WHEN a query is evaluated THEN the answer is exactly the first segment's matches, marked partial."""
    snap, query = two_segments, _query("oil OR rates")
    full = engine.evaluate(snap, query)
    first_segment = np.zeros(snap.size, dtype=bool)
    first_segment[: int(snap.offsets[1])] = True
    now = {"t": 0.0}

    class Segment(engine._Segment):
        def __init__(self, snapshot, index, subsearcher, deadline=None):
            if index >= 1:
                now["t"] = 100.0
            super().__init__(snapshot, index, subsearcher, deadline)

    monkeypatch.setattr(engine, "_clock", lambda: now["t"])
    monkeypatch.setattr(engine, "_Segment", Segment)
    partial = engine.evaluate(snap, query, deadline=10.0)
    assert partial.partial
    assert np.array_equal(partial.mask, full.mask & first_segment)
    assert 0 < partial.count < full.count
    assert np.array_equal(partial.scores[partial.mask], full.scores[partial.mask])


def test_the_search_says_its_answer_is_partial(two_segments):
    result = search(SearchParams(q="oil"), time_limit=1e-9)
    assert result.partial and TIME_LIMIT_NOTICE in result.notices
    assert not result.error and result.engine == "fast"
    assert result.count < search(SearchParams(q="oil")).count


def test_a_search_within_its_limit_is_complete(two_segments):
    result = search(SearchParams(q="oil"))
    assert not result.partial and TIME_LIMIT_NOTICE not in result.notices and result.count > 0


@override_settings(ARCHIVE_SEARCH_TIME_LIMIT=1e-9)
def test_page_and_api_show_the_partial_answer(two_segments, client):
    page = client.get("/", {"q": "oil"})
    assert page.status_code == 200
    assert "cover only part of the archive" in page.content.decode()
    api = client.get("/api/search/", {"q": "oil"})
    assert api.status_code == 200
    assert api.json()["partial"] is True and TIME_LIMIT_NOTICE in api.json()["notices"]


def test_opening_the_snapshot_does_not_count_against_the_limit(two_segments, monkeypatch):
    # GIVEN a fresh worker whose first search opens the snapshot: 5 s pass on the engine's clock meanwhile
    now = [1000.0]
    monkeypatch.setattr(engine, "_clock", lambda: now[0])
    opening = snapshot.current

    def slow_open(*args, **kwargs):
        now[0] += 5.0
        return opening(*args, **kwargs)

    monkeypatch.setattr(snapshot, "current", slow_open)
    # WHEN it searches with a one-second limit
    result = search(SearchParams(q="oil"), time_limit=1.0)
    # THEN the limit is the matching's: the answer is whole
    assert not result.partial and TIME_LIMIT_NOTICE not in result.notices
    assert result.count == search(SearchParams(q="oil"), time_limit=0).count > 0

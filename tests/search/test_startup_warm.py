"""archive/search/startup.py's warm-up: at a worker's start, the most frequent words' postings are read
within the budget, so the first searches do not pay for them."""

from __future__ import annotations

import pytest

from archive.search import SearchParams, search, warm_up
from archive.search.snapshot import postings_cache

pytestmark = pytest.mark.django_db


def test_the_most_frequent_words_are_decoded_within_the_budget(archive):
    # GIVEN the seeds indexed and nothing decoded yet
    postings_cache.clear()
    # WHEN the warm-up runs
    done = warm_up()
    # THEN it decoded postings (the frequent words first), held by the cache for the searches to come
    assert done["terms"] > 0 and done["mb"] >= 0
    assert postings_cache.bytes > 0
    # AND a tiny budget stops it early; none at all (ARCHIVE_WARM_MB=0) does nothing
    postings_cache.clear()
    assert warm_up(max_bytes=1)["terms"] == 1
    assert warm_up(max_bytes=0) == {"seconds": 0.0, "terms": 0, "mb": 0.0, "decoded_files": 0}


def test_searches_after_it_read_nothing_more_for_the_warmed_words(archive):
    postings_cache.clear()
    warm_up()
    misses = postings_cache.misses
    # WHEN a search for the archive's most frequent word runs THEN its postings come from the cache
    search(SearchParams(q="pakistan"))
    assert postings_cache.misses == misses


def test_a_workers_warm_up_says_where_it_is(archive, monkeypatch):
    from unittest import mock

    from archive.search import startup, warm_state

    monkeypatch.setattr(startup, "_warm_state", {"state": "not started"})
    # GIVEN a process that never started warming THEN it says so
    assert warm_state() == {"state": "not started"}
    # WHEN a worker starts it in the background THEN it is "warming" from that moment
    with mock.patch.object(startup.threading.Thread, "start"):
        startup.warm_in_background()
    assert warm_state() == {"state": "warming"}
    # WHEN it has run (here in this thread, keeping the test's connection) THEN "warm", with what it decoded
    with mock.patch("django.db.connections.close_all"):
        startup.warm_quietly()
    done = warm_state()
    assert done["state"] == "warm" and done["terms"] > 0 and done["seconds"] >= 0
    # AND a failure says "failed", and why (the worker still serves)
    with (
        mock.patch.object(startup, "warm", side_effect=RuntimeError("boom")),
        mock.patch("django.db.connections.close_all"),
    ):
        startup.warm_quietly()
    assert warm_state() == {"state": "failed", "error": "boom"}


def test_a_warm_up_that_failed_is_tried_again_once_the_index_is_replaced(archive, monkeypatch):
    from unittest import mock

    from archive.search import startup, warm_again_if_repaired, warm_state

    monkeypatch.setattr(startup, "_warm_state", {"state": "not started"})
    monkeypatch.setattr(startup, "_failed_on", [None])
    # GIVEN a worker whose warm-up failed on the index it found at start (build "b1", generation 3)
    with (
        mock.patch.object(startup, "warm", side_effect=FileNotFoundError(2, "No such file", "/srv/x/MAIN_a.seg")),
        mock.patch.object(startup, "_index_state", return_value=("b1", 3)),
        mock.patch("django.db.connections.close_all"),
    ):
        startup.warm_quietly()
    with mock.patch.object(startup.threading.Thread, "start") as started:
        # WHEN a health poll finds that same index THEN nothing is tried again (it would fail again)
        assert not warm_again_if_repaired("b1", 3)
        assert warm_state() == {"state": "failed", "error": "No such file: MAIN_a.seg"}  # no path on the server
        assert not started.called
        # WHEN the index has been rebuilt or repaired THEN the worker warms again, in the background, once
        assert warm_again_if_repaired("b2", 1)
        assert warm_state() == {"state": "warming"} and started.call_count == 1
        assert not warm_again_if_repaired("b2", 1)
    # AND a worker that warmed (or never started) is left alone
    monkeypatch.setattr(startup, "_warm_state", {"state": "warm"})
    assert not warm_again_if_repaired("b3", 1)

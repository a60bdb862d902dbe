"""A writer that finds the index locked raises search's own `IndexBusy`, and the changes stay queued."""

from __future__ import annotations

import pytest
from whoosh.index import LockError

from archive.models import Article, IndexChange
from archive.search import IndexBusy, apply_pending, record_changes
from archive.search.reader import backend

pytestmark = pytest.mark.django_db


def test_a_held_lock_is_index_busy_and_the_changes_stay_queued(archive):
    """GIVEN another writer holding the live index's write lock, and a change queued
    WHEN the queue is applied with a short wait for the lock
    THEN `IndexBusy` is raised (still a Whoosh LockError for Whoosh-level handlers) and the change stays queued."""
    record_changes([Article.objects.first().pk])
    lock = backend().index.lock("WRITELOCK")
    assert lock.acquire(blocking=False)
    try:
        with pytest.raises(IndexBusy) as raised:
            apply_pending(timeout=0)
    finally:
        lock.release()
    assert isinstance(raised.value, LockError)
    assert IndexChange.objects.count() == 1
    assert apply_pending() == 1


def test_the_background_update_applies_the_queue_until_it_is_empty(archive, monkeypatch):
    from django.db import connections

    from archive.search import writer

    # GIVEN changes queued (a bulk change too big for its request) WHEN the background update runs
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's own connection stays open
    record_changes(Article.objects.values_list("pk", flat=True))
    assert IndexChange.objects.exists()
    writer._apply_queue_until_empty(attempts=2, pause=0)
    # THEN nothing stays queued
    assert not IndexChange.objects.exists()

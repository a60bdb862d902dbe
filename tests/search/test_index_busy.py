"""A writer that finds the index locked raises search's own `IndexBusy`, and the changes stay queued; a build waits
for another writer at most ARCHIVE_INDEX_LOCK_WAIT, then names it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from whoosh.index import LockError

from archive.models import Article, IndexChange
from archive.search import IndexBusy, apply_pending, record_changes
from archive.search.reader import backend
from tests.processes import flock_held_elsewhere, live_lock_file

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


def test_build_index_waits_a_bounded_time_for_another_writer_then_names_it(archive, settings):
    from archive.search import storage

    # GIVEN another process holding the live index's write lock, and a wait of 0.2 s for it
    settings.ARCHIVE_INDEX_LOCK_WAIT = 0.2
    build_before = storage.build_name(storage.live_path())
    # WHEN the index is built
    with flock_held_elsewhere(live_lock_file()) as pid, pytest.raises(CommandError) as refused:
        call_command("build_index", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    # THEN it ends in one line naming the holder and what to do (it waited for ever, silently)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"the index is locked by another writer (PID {pid}: ")
    assert "for 0.2 s; run the command again once it has finished, or stop it" in message
    assert message.endswith(f"(kill {pid})")
    # AND the live index is the one it was
    assert storage.build_name(storage.live_path()) == build_before


def test_a_free_lock_names_no_holder(archive):
    from archive.search import faults

    # GIVEN no writer WHEN the lock's holders are asked for THEN there are none (no guess from open files)
    assert faults.lock_holders(faults.lock_file()) == []

"""The single path by which the index changes.

Every change to what the index holds is recorded as an `IndexChange` row in the same database
transaction as the change itself (`record_changes`). After the transaction commits, `apply_pending`
takes the Whoosh write lock (waiting for it, never dropping the write), re-reads those articles and
updates or removes their documents, then deletes the rows it applied. A writer that fails or is
killed loses nothing: the rows stay and the next run applies them.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from whoosh.index import LockError

from archive.models import Article, IndexChange

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
LOCK_TIMEOUT = 10.0  # seconds to wait for another writer before leaving the change pending

_state = threading.local()


def document_id(article_id: int) -> str:
    """haystack's identifier, so haystack's own SearchQuerySet reads the same documents."""
    return f"archive.article.{article_id}"


def record_changes(article_ids: Iterable[int]) -> None:
    """Queue index updates for these articles, in the caller's transaction; applied after commit."""
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    if not ids:
        return
    IndexChange.objects.bulk_create([IndexChange(article_id=pk) for pk in ids])
    if not getattr(_state, "deferred", 0):
        transaction.on_commit(apply_pending_quietly)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Queue changes without applying them after each commit; apply them all at the end.

    For batch imports: one index commit per batch instead of one per article.
    """
    _state.deferred = getattr(_state, "deferred", 0) + 1
    try:
        yield
    finally:
        _state.deferred -= 1
    if not _state.deferred:
        apply_pending()


def _backend_and_index():
    from haystack import connections

    from archive.search.reader import backend

    return backend(), connections["default"].get_unified_index().get_index(Article)


def _open_writer(ix, timeout: float):
    """A Whoosh writer, waiting up to `timeout` seconds for the lock (LockError after that)."""
    return ix.writer(timeout=timeout, delay=0.05)


def write_documents(backend, index, objects: list, *, timeout: float = LOCK_TIMEOUT) -> None:
    """Add or replace documents for `objects` in the live index (haystack's update() lands here)."""
    if not objects:
        return
    ix = backend.index.refresh()
    writer = _open_writer(ix, timeout)
    try:
        for obj in objects:
            doc = backend.prepare_document(index, obj)
            if doc is not None:
                writer.update_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def apply_pending(*, timeout: float = LOCK_TIMEOUT, batch_size: int = BATCH_SIZE) -> int:
    """Apply queued changes to the index; returns how many articles were applied.

    Raises whoosh's LockError when another writer holds the index longer than `timeout`
    (the changes stay queued).
    """
    applied = 0
    backend, index = _backend_and_index()
    while True:
        changes = list(IndexChange.objects.order_by("id").values_list("id", "article_id")[:batch_size])
        if not changes:
            return applied
        article_ids = {article_id for _, article_id in changes}
        ix = backend.index.refresh()
        writer = _open_writer(ix, timeout)
        try:
            # Read the articles while holding the lock: what we write is the latest committed state.
            articles = list(index.index_queryset().filter(pk__in=article_ids))
            for article in articles:
                doc = backend.prepare_document(index, article)
                if doc is not None:
                    writer.update_document(**doc)
            for missing in article_ids - {a.pk for a in articles}:
                writer.delete_by_term("id", document_id(missing))  # deleted or unpublished
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        # Exactly the rows read: a change committed meanwhile (even with a smaller id, as on
        # PostgreSQL) stays queued for the next batch.
        IndexChange.objects.filter(id__in=[change_id for change_id, _ in changes]).delete()
        applied += len(article_ids)


def apply_pending_quietly() -> None:
    """The after-commit hook: a busy index leaves the change queued instead of failing the request."""
    try:
        apply_pending(timeout=2.0)
    except LockError:
        logger.warning("Index busy; changes stay queued for the next writer.")


@dataclass
class RebuildReport:
    articles: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


REBUILD_PROCS = 2  # indexing processes; the parent renders documents from the database meanwhile
REBUILD_LIMIT_MB = 48  # posting-pool memory per indexing process (Python objects take ~3x that)
REBUILD_BATCH = 200  # documents per job handed to an indexing process


def _rebuild_writer(ix, procs: int):
    """A writer for the new index: `procs` indexing processes, each leaving its own segment.

    Merging the segments into one would cost more than the build itself at 100k articles; the
    search engine reads segments side by side, and later incremental commits merge small ones.
    """
    if procs > 1:
        return ix.writer(procs=procs, multisegment=True, limitmb=REBUILD_LIMIT_MB, batchsize=REBUILD_BATCH)
    return ix.writer(limitmb=256)


def _cancel(writer) -> None:
    """Abandon a rebuild's writer, stopping its indexing processes (whoosh's own cancel leaves them waiting)."""
    from whoosh.writing import SegmentWriter

    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join()
    try:
        SegmentWriter.cancel(writer)
    except Exception:  # the new directory is deleted anyway; the live index is untouched
        logger.exception("Cancelling the rebuild's writer failed.")


def rebuild(*, progress=None, procs: int | None = None) -> RebuildReport:
    """Build a new index from the database beside the live one, then switch over atomically.

    Holds the live index's write lock throughout, so changes made meanwhile stay queued and are
    applied to the new index after the switch: nothing is lost, and searches keep using the old one.
    """
    from whoosh.filedb.filestore import FileStorage

    from archive.search import storage, whoosh_patches

    whoosh_patches.install()
    started = time.perf_counter()
    backend, index = _backend_and_index()
    live_lock = backend.index.lock("WRITELOCK")
    if not live_lock.acquire(blocking=True):
        raise LockError("The live index is locked by another writer.")
    try:
        new_path = storage.new_index_dir()
        new_ix = FileStorage(str(new_path)).open_index()
        writer = _rebuild_writer(new_ix, REBUILD_PROCS if procs is None else procs)
        count = 0
        queryset = index.index_queryset().order_by("pk")
        try:
            for article in queryset.iterator(chunk_size=1000):
                doc = backend.prepare_document(index, article)
                if doc is not None:
                    writer.add_document(**doc)
                    count += 1
                    if progress is not None:
                        progress(1)
            writer.commit()
        except BaseException:
            _cancel(writer)
            shutil.rmtree(new_path, ignore_errors=True)
            raise
        storage.make_live(new_path)
    finally:
        live_lock.release()
    backend.setup_complete = False  # reopen on the new directory
    apply_pending()
    return RebuildReport(articles=count, seconds=time.perf_counter() - started)

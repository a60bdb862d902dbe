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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from archive.models import Article, IndexChange, id_chunks
from archive.search import faults, whoosh_writers
from archive.search.merge_policy import drop_empty

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
LOCK_TIMEOUT = 10.0  # seconds to wait for another writer before leaving the change pending
# From this many queued articles on, one multi-process session writes them all (as `rebuild`
# does) instead of batches of small commits that each re-merge segments. Setting:
# ARCHIVE_INDEX_BULK_MIN; a parameter of `apply_pending` for tests.
BULK_MIN = 1000

# Called with the number of articles about to be indexed; returns the per-article callback.
ProgressStart = Callable[[int], Callable[[int], object]]

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
    if _deferring():
        return
    if len(ids) > settings.ARCHIVE_INDEX_IN_REQUEST_MAX:  # indexed in the background (`apply_pending_quietly`)
        faults.note_index_in_background(len(ids))  # for the request's answer to say
    transaction.on_commit(apply_pending_quietly)


@contextlib.contextmanager
def _only_queued() -> Iterator[None]:
    """This thread's commits inside only queue their changes (no after-commit writer); nests."""
    _state.deferred = _deferring() + 1
    try:
        yield
    finally:
        _state.deferred -= 1


def _deferring() -> int:
    return getattr(_state, "deferred", 0)


@dataclass
class Deferral:
    """What `deferred` did with the queue at its end."""

    in_background: bool = False  # more than `in_request_max` changes: applied on a thread of its own


@contextlib.contextmanager
def deferred(*, progress: ProgressStart | None = None, in_request_max: int | None = None) -> Iterator[Deferral]:
    """Queue changes without applying them after each commit; apply them all at the end.

    For batch imports: one index session for the whole batch instead of one commit per article.
    `progress` is passed on to `apply_pending`. A request passes `in_request_max`: a longer queue is applied in the
    background (`apply_pending_in_background`), so the request answers before the worker's timeout.
    """
    deferral = Deferral()
    with _only_queued():
        yield deferral
    if not _deferring():
        if in_request_max is not None and IndexChange.objects.count() > in_request_max:
            deferral.in_background = True
            apply_pending_in_background()
            return
        apply_pending(progress=progress)


def _backend_and_index():
    from haystack import connections

    from archive.search.reader import backend

    return backend(), connections["default"].get_unified_index().get_index(Article)


def write_documents(backend, index, objects: list, *, timeout: float = LOCK_TIMEOUT) -> None:
    """Add or replace documents for `objects` in the live index (haystack's update() lands here)."""
    if not objects:
        return
    ix = backend.index.refresh()
    writer = whoosh_writers.batch(ix, timeout)
    try:
        for obj in objects:
            doc = backend.prepare_document(index, obj)
            if doc is not None:
                writer.update_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _delete_documents(writer, article_ids: Iterable[int]) -> None:
    """Delete these articles' documents, if indexed, through one searcher for the whole batch.

    (update_document would open a new reader over every segment for each document.) Each id is
    looked up once in each segment; a segment's term info gives the document of an id held once,
    as it always is, without `postings`, which copies the segment's deleted set on every call.
    """
    with writer.searcher() as searcher:
        leaves = searcher.reader().leaf_readers()
        for article_id in article_ids:
            term = document_id(article_id)
            for leaf, offset in leaves:
                if ("id", term) not in leaf:
                    continue
                info = leaf.term_info("id", term)
                docnums = [info.min_id()] if info.doc_frequency() == 1 else leaf.postings("id", term).all_ids()
                for docnum in docnums:
                    if not leaf.is_deleted(docnum):  # deleting again is harmless, but not needed
                        writer.delete_document(offset + docnum)


def _write_articles(
    writer, backend, index, article_ids: list[int], *, bulk: bool, update: Callable[[int], object] | None
) -> None:
    """Replace the documents of `article_ids` with the current committed state (holding the lock)."""
    if bulk:
        _delete_documents(writer, article_ids)
    # The fields the index holds (its stored schema, which its indexing processes open it with): one built
    # before a field was added (until `build_index` rebuilds it) takes the documents without it, where Whoosh
    # refused them (an indexing process died, and a repair waited for it for ever).
    fields = set(writer.storage.open_index(writer.indexname).schema.names())
    for chunk in id_chunks(article_ids):
        found = set()
        for article in index.index_queryset().filter(pk__in=chunk).order_by("pk"):
            found.add(article.pk)
            doc = backend.prepare_document(index, article)
            if doc is not None and not doc.keys() <= fields:
                doc = {name: value for name, value in doc.items() if name in fields}
            if doc is not None:
                # A small batch: update_document is cheap enough and keeps one write per document.
                (writer.add_document if bulk else writer.update_document)(**doc)
            if update is not None:
                update(1)
        missing = set(chunk) - found  # deleted or unpublished
        if not bulk:
            for article_id in missing:
                writer.delete_by_term("id", document_id(article_id))
        if update is not None and missing:
            update(len(missing))


def _delete_changes(change_ids: list[int]) -> None:
    for chunk in id_chunks(change_ids):
        IndexChange.objects.filter(id__in=chunk).delete()


def bulk_min() -> int:
    return int(getattr(settings, "ARCHIVE_INDEX_BULK_MIN", BULK_MIN))


def apply_pending(
    *,
    timeout: float = LOCK_TIMEOUT,
    batch_size: int = BATCH_SIZE,
    bulk_from: int | None = None,
    procs: int | None = None,
    progress: ProgressStart | None = None,
) -> int:
    """Apply queued changes to the index; returns how many articles were applied.

    A large queue (at least `bulk_from` articles, default `bulk_min()`) is written in one session
    with `procs` indexing processes, new segments added without merging, as `rebuild` writes;
    a small one in batches of `batch_size` rows, one commit each. Either way the rows are read
    while holding the lock and exactly those are deleted after the commit.

    Raises `faults.IndexBusy` when another writer holds the index longer than `timeout`
    (the changes stay queued).
    """
    from archive.search import portable

    if not portable.whoosh_engine():  # Solr, Elasticsearch: haystack's own writes
        from archive.search import portable_writer

        return portable_writer.apply_pending(batch_size=batch_size)
    applied = 0
    backend, index = _backend_and_index()
    bulk_from = bulk_min() if bulk_from is None else bulk_from
    while True:
        first = list(IndexChange.objects.order_by("id").values_list("id", "article_id")[:batch_size])
        if not first:
            return applied
        queued = len({article_id for _, article_id in first})
        if len(first) == batch_size and queued < bulk_from:
            queued = IndexChange.objects.values("article_id").distinct().count()
        bulk = queued >= bulk_from
        ix = backend.index.refresh()
        if bulk:
            writer = whoosh_writers.session(ix, whoosh_writers.PROCS if procs is None else procs, timeout)
        else:
            writer = whoosh_writers.batch(ix, timeout)
        try:
            # Read the rows and the articles while holding the lock: what we write is the latest
            # committed state of every change we then delete.
            query = IndexChange.objects.order_by("id").values_list("id", "article_id")
            changes = list(query if bulk else query[:batch_size])
            article_ids = sorted({article_id for _, article_id in changes})
            update = progress(len(article_ids)) if progress is not None else None
            _write_articles(writer, backend, index, article_ids, bulk=bulk, update=update)
        except BaseException:
            whoosh_writers.cancel(writer)
            raise
        writer.commit(mergetype=drop_empty if bulk else None)  # a small batch: the writer's merge_small
        # Exactly the rows read: a change committed meanwhile (even with a smaller id, as on
        # PostgreSQL) stays queued for the next batch.
        _delete_changes([change_id for change_id, _ in changes])
        applied += len(article_ids)


class _Stream:
    """A bulk session fed while a batch is still being imported (holding the lock until it ends)."""

    def __init__(self, progress: ProgressStart | None) -> None:
        self.progress, self.writer, self.off = progress, None, False
        self.watermark, self.fed, self.rows = 0, set(), []

    def feed(self) -> None:
        """Hand the articles changed since the last feed to the indexing processes."""
        try:
            self._feed()
        except Exception:  # the import goes on; its rows stay queued for the update at the end
            logger.exception("Indexing alongside the import failed; the index is updated at its end.")
            self.cancel()
            self.writer, self.off = None, True

    def _feed(self) -> None:
        if self.off:
            return
        if self.writer is None:
            if IndexChange.objects.count() < bulk_min():
                return
            backend, _ = _backend_and_index()
            try:
                self.writer = whoosh_writers.stream(backend.index.refresh(), whoosh_writers.PROCS, 0.5)
            except faults.IndexBusy:  # another writer is busy: the queue is applied at the end as usual
                self.off = True
                return
        backend, index = _backend_and_index()
        rows = list(IndexChange.objects.filter(id__gt=self.watermark).order_by("id").values_list("id", "article_id"))
        if not rows:
            return
        self.watermark = rows[-1][0]
        # An article fed already keeps its later rows queued: they are applied after the commit,
        # which replaces the document (Whoosh cannot delete from a segment still being written).
        # A row committed late below the watermark (PostgreSQL) stays queued the same way.
        taken = [(change_id, article_id) for change_id, article_id in rows if article_id not in self.fed]
        article_ids = sorted({article_id for _, article_id in taken})
        update = self.progress(len(article_ids)) if self.progress is not None else None
        _write_articles(self.writer, backend, index, article_ids, bulk=True, update=update)
        self.fed.update(article_ids)
        self.rows += [change_id for change_id, _ in taken]

    def finish(self) -> None:
        self.feed()  # the last articles (a failure here leaves them queued: writer is None then)
        if self.writer is not None:
            self.writer.commit(mergetype=drop_empty)
            _delete_changes(self.rows)

    def cancel(self) -> None:
        if self.writer is not None:
            whoosh_writers.cancel(self.writer)


@contextlib.contextmanager
def streamed(*, progress: ProgressStart | None = None) -> Iterator[Callable[[], None]]:
    """Like `deferred`, and index a large batch while it is still being imported.

    Yields `feed`, to call between units of work (after each file, every few hundred articles).
    Once bulk_min() changes are queued, a session takes the index lock (edits made meanwhile stay
    queued until the end) and each feed hands the articles changed since the last one to indexing
    processes that write segments alongside the import. At the end the session commits, exactly
    the rows it applied are deleted, and `apply_pending` applies whatever is left.
    """
    stream = _Stream(progress)
    with _only_queued():
        try:
            yield stream.feed
            stream.finish()
        except BaseException:
            stream.cancel()
            raise
    if not _deferring():
        apply_pending(progress=progress)


def apply_pending_quietly() -> None:
    """The after-commit hook: a busy index leaves the change queued instead of failing the request; a queue longer
    than a request waits for (ARCHIVE_INDEX_IN_REQUEST_MAX) is applied in the background."""
    if IndexChange.objects.count() > settings.ARCHIVE_INDEX_IN_REQUEST_MAX:
        apply_pending_in_background()
        return
    try:
        apply_pending(timeout=2.0, procs=1)  # no indexing processes forked from a web worker
    except faults.IndexBusy:
        logger.warning("Index busy; changes stay queued for the next writer.")
    except Exception as error:  # the change is committed and queued: never fail the request that made it
        cause = faults.write_failure(error)
        faults.note_write_failure(cause)  # the admin tells the editor the index is behind
        logger.warning("Index not updated: %s; changes stay queued for the next writer.", cause)


_background: threading.Thread | None = None  # the thread applying the queue, while it runs


def apply_pending_in_background() -> threading.Thread:
    """The after-commit hook of a change to more articles than a request waits for (a bulk tag change over a big
    filter took past the worker's timeout, its answer lost): the queue is applied on a thread of its own, until
    it is empty, and the request says so (`faults.take_index_in_background`). Nothing is lost meanwhile: the rows
    stay queued until applied, and any writer applies them."""
    global _background
    if _background is None or not _background.is_alive():  # one at a time: it applies what is queued meanwhile
        _background = threading.Thread(target=_apply_queue_until_empty, name="index-after-commit", daemon=True)
        _background.start()
    return _background


def _apply_queue_until_empty(attempts: int = 30, pause: float = 2.0) -> None:
    from django.db import connections

    try:
        for _ in range(attempts):
            with contextlib.suppress(faults.IndexBusy):  # another writer is applying it: see what it left
                apply_pending(timeout=LOCK_TIMEOUT, procs=1)
            if not IndexChange.objects.exists():
                return
            time.sleep(pause)
        logger.warning("Index changes still queued after a background update: the next writer applies them.")
    except Exception as error:  # the rows stay queued for the next writer, as after any failed write
        logger.warning("Index not updated in the background: %s; changes stay queued.", faults.write_failure(error))
    finally:
        connections.close_all()  # this thread's own connections


@dataclass
class TierMerge:
    """What `merge_tiers` did: segments before and after, and how long it took."""

    before: int = 0
    after: int = 0
    seconds: float = 0.0


def merge_tiers(*, timeout: float = LOCK_TIMEOUT) -> TierMerge:
    """Merge the live index's segments by tiers (merge_policy), drop the empty ones and the mostly deleted ones
    (their live articles indexed again); an import calls it once its articles are searchable, so no one waits
    for it. Raises `faults.IndexBusy` if another writer keeps the lock."""
    from archive.search import portable, segment_jobs
    from archive.search.merge_policy import expunge_candidates, tier_groups, without_empty

    started = time.perf_counter()
    if not portable.whoosh_engine():
        return TierMerge()
    backend, index = _backend_and_index()
    ix = backend.index.refresh()
    segments = ix._segments()
    if not tier_groups(segments) and not expunge_candidates(segments) and without_empty(segments) == segments:
        return TierMerge(len(segments), len(segments), round(time.perf_counter() - started, 2))
    with faults.freeing_half_open_writer():
        writer = ix.writer(timeout=timeout, delay=0.05)
    try:
        before = len(writer.segments)
        # The live articles of mostly deleted segments, indexed again (their documents there deleted): the
        # commit drops those segments, now empty.
        if renewed := _live_article_ids(writer, expunge_candidates(writer.segments)):
            _write_articles(writer, backend, index, renewed, bulk=True, update=None)  # opens a searcher: not for none
        writer.commit(mergetype=segment_jobs.merge_by_tiers)
    except BaseException:
        whoosh_writers.cancel(writer)
        raise
    after = len(backend.index.refresh()._segments())
    return TierMerge(before, after, round(time.perf_counter() - started, 2))


def _live_article_ids(writer, segments: list) -> list[int]:
    """The articles of these segments' live documents (from their stored ids)."""
    from whoosh.reading import SegmentReader

    ids = []
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            ids += [int(reader.stored_fields(docnum)["django_id"]) for docnum in reader.all_doc_ids()]
        finally:
            reader.close()
    return sorted(set(ids))


@dataclass
class RebuildReport:
    articles: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def rebuild(
    *, progress=None, procs: int | None = None, before_build: Callable[[], object] | None = None
) -> RebuildReport:
    """Build a new index from the database beside the live one, then switch over atomically.

    Holds the live index's write lock throughout, so changes made meanwhile stay queued and are
    applied to the new index after the switch: nothing is lost, and searches keep using the old one.
    `before_build` runs once the lock is taken, before the build reads the database (a restore loads it
    then: a busy index refuses the restore before anything changed). `faults.IndexBusy` when the lock
    stays taken longer than ARCHIVE_INDEX_LOCK_WAIT.
    """
    from whoosh.filedb.filestore import FileStorage

    from archive.search import portable, storage

    started = time.perf_counter()
    if not portable.whoosh_engine():
        from archive.search import portable_writer

        if before_build is not None:
            before_build()
        return RebuildReport(articles=portable_writer.rebuild(progress=progress), seconds=time.perf_counter() - started)
    backend, index = _backend_and_index()
    live_lock = whoosh_writers.live_lock(backend.index)
    # This thread's own commits meanwhile (a restore's load) only queue their changes: an after-commit writer would
    # wait for the lock held here, 2 s a commit (a minute a restore), then leave them queued all the same.
    with contextlib.ExitStack() as held:  # on the way out: the queueing ends, then the lock goes
        held.callback(live_lock.release)
        held.enter_context(_only_queued())
        if before_build is not None:
            before_build()
        new_path = storage.new_index_dir()
        new_ix = FileStorage(str(new_path)).open_index()
        queryset = index.index_queryset().order_by("pk")
        writer = whoosh_writers.build(new_ix, whoosh_writers.PROCS if procs is None else procs, queryset.count())
        count = 0
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
            whoosh_writers.cancel(writer)
            shutil.rmtree(new_path, ignore_errors=True)
            raise
        storage.make_live(new_path)
    backend.setup_complete = False  # reopen on the new directory
    apply_pending()
    return RebuildReport(articles=count, seconds=time.perf_counter() - started)

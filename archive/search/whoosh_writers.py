"""The Whoosh writer for each kind of work on the index, and how one is abandoned.

`writer` decides what is written, when and under which lock; this module opens the writer that
suits the work: a small batch (`batch`: it may run in an editor's request), a large queue written
in one session (`session`), a session fed while an import runs (`stream`), a full build beside the
live index (`build`, under `live_lock`). `cancel` abandons any of them.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from archive.search import faults

logger = logging.getLogger(__name__)

PROCS = 2  # indexing processes of a build or a bulk session; the parent renders documents meanwhile
LIMIT_MB = 48  # posting-pool memory per indexing process (Python objects take ~3x that)
SESSION_BATCH = 200  # documents per job handed to an indexing process of a bulk session


def live_lock(ix):
    """The index's write lock, held (for a build beside it), waiting at most ARCHIVE_INDEX_LOCK_WAIT seconds for
    another writer (an import's session, a repair): `faults.IndexBusy` after that, where a blocking wait hung
    build_index and restore_archive for as long as the other writer lived."""
    wait = float(settings.ARCHIVE_INDEX_LOCK_WAIT)
    lock = ix.lock("WRITELOCK")
    deadline = time.monotonic() + wait
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise faults.IndexBusy(waited=wait)
        time.sleep(0.1)
    return lock


def batch(ix, timeout: float):
    """A writer waiting up to `timeout` seconds for the lock (IndexBusy after that), whose commit
    merges only tiny segments (merge_policy.merge_small: it may run in an editor's request)."""
    from archive.search.merge_policy import merge_small

    with faults.freeing_half_open_writer():
        writer = ix.writer(timeout=timeout, delay=0.05)
    writer.mergetype = merge_small
    return writer


def session(ix, procs: int, timeout: float):
    """A writer for a large queue on the live index: `procs` indexing processes, waiting for the lock."""
    options = {"procs": procs, "multisegment": True, "batchsize": SESSION_BATCH} if procs > 1 else {}
    with faults.freeing_half_open_writer():
        return ix.writer(limitmb=LIMIT_MB if procs > 1 else 256, timeout=timeout, delay=0.05, **options)


def stream(ix, procs: int, timeout: float):
    """A writer fed in jobs while an import runs, each job a segment written by one of `procs` processes."""
    from archive.search import segment_jobs

    with faults.freeing_half_open_writer():
        return segment_jobs.job_writer(
            ix, procs=procs, job_size=segment_jobs.JOB_SIZE, limitmb=LIMIT_MB, timeout=timeout, delay=0.05
        )


def build(ix, procs: int, total: int):
    """A writer for a new index of `total` articles: with `procs` indexing processes, jobs of up to
    BUILD_JOB_MAX documents, each a segment written in memory, merged into `procs` segments at the end
    (segment_jobs). The search engine reads the segments side by side."""
    from archive.search import segment_jobs

    if procs > 1:
        job_size = max(1, min(segment_jobs.BUILD_JOB_MAX, -(-total // (2 * procs))))  # two jobs a process at least
        job_options = {"limitmb": segment_jobs.BUILD_JOB_LIMIT_MB, "compound": False}  # merged, then deleted
        return segment_jobs.job_writer(
            ix, procs=procs, job_size=job_size, merge_into=procs, expected_docs=total, subargs=job_options
        )
    return ix.writer(limitmb=256)


def cancel(writer) -> None:
    """Abandon a writer, stopping its indexing processes (whoosh's own cancel leaves them waiting)."""
    from whoosh.writing import SegmentWriter

    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join()
    try:
        SegmentWriter.cancel(writer)
    except Exception:  # the new directory is deleted anyway; the live index is untouched
        logger.exception("Cancelling an index writer failed.")

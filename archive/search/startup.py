"""What a worker does when it starts: apply the index changes a previous server left queued, and warm up.

A server killed after an upload (or a writer that failed) leaves `IndexChange` rows behind; the
after-commit writer only runs on the next edit, so without this the index would stay behind until
someone ran `check_index --repair`. Each gunicorn worker (`post_worker_init`) starts one background
thread: the worker serves at once, and the one writer lock means a single worker applies the queue
(the others find the lock taken or the queue empty).

Warming (`warm`): a long-running server has the snapshot open, the spelling word list built and the postings of the
most frequent words decoded (with their positions, for phrases); a fresh worker would pay for each on the first
search that needs it (at 100,000 articles a misspelling or a long phrase took 0.5 s the first time, 40 ms after).
`warm` does that work at start, in the background, within a memory budget: the postings and positions of the most
frequent words of the text fields (`WARM_TERMS` per field and segment beyond those its decoded-postings file holds,
the most frequent first), until `ARCHIVE_WARM_MB` of decoded postings are held (the cache keeps them as it keeps any
search's; 0: no warming) or `WARM_SECONDS` have passed. `warm_state()` says where this process is (/healthz reports
it, and `bench_http` waits for it before timing a worker).
"""

from __future__ import annotations

import logging
import os
import threading
import time

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 1.0  # seconds: a busy lock means another writer is applying the whole queue already
WARM_TERMS = 300  # most frequent words per text field and segment whose postings are decoded at start
WARM_FIELDS = ("text", "title")
WARM_SECONDS = 20.0  # and at most this long: a worker warming competes with its requests for the CPU

# This process's warm-up: "not started" (a management command, runserver), "warming", "warm", "failed".
_warm_state: dict = {"state": "not started"}
# The index (build, generation) a failed warm-up found: another one (a repair, a rebuild) is worth warming.
_failed_on: list = [None]
_retry_lock = threading.Lock()


def warm_state() -> dict:
    """Where this process's start-up warm-up is, with what it did once finished (a copy)."""
    return dict(_warm_state)


def _set_warm_state(**state) -> None:
    _warm_state.clear()
    _warm_state.update(state)


def apply_queue() -> int:
    """Apply whatever is queued (one process, no indexing subprocesses); returns the articles applied."""
    from django.db import close_old_connections, connections

    from archive.models import IndexChange
    from archive.search import faults, writer

    close_old_connections()
    try:
        queued = IndexChange.objects.count()
        if not queued:
            return 0
        logger.info("Applying %d index changes queued before this worker started.", queued)
        applied = writer.apply_pending(timeout=LOCK_TIMEOUT, procs=1)
        logger.info("Applied the queued index changes (%d article updates).", applied)
        return applied
    except faults.IndexBusy:
        logger.info("Another writer holds the index; it applies the queued changes.")
        return 0
    except Exception as error:  # a worker must start whatever the index's state; the rows stay queued
        logger.warning("Queued index changes not applied at start: %s.", faults.write_failure(error))
        return 0
    finally:
        connections.close_all()  # this thread's connections, not the request threads'


def apply_queue_in_background() -> threading.Thread:
    """Start `apply_queue` on a daemon thread, so a worker never waits for it before serving."""
    thread = threading.Thread(target=apply_queue, name="index-queue-at-start", daemon=True)
    thread.start()
    return thread


def warm(*, terms: int = WARM_TERMS, max_bytes: int | None = None, seconds: float = WARM_SECONDS) -> dict:
    """Read at start what the first searches would otherwise read: see the module's docstring."""
    import numpy as np
    from django.conf import settings

    from archive.search import postings, snapshot
    from archive.search.service import search
    from archive.search.types import SearchParams

    if max_bytes is None:
        max_bytes = settings.ARCHIVE_WARM_MB * 2**20
    started = time.perf_counter()
    if max_bytes <= 0:
        return {"seconds": 0.0, "terms": 0, "mb": 0.0, "decoded_files": 0}
    snap = snapshot.current()
    cache = snapshot.postings_cache
    before, decoded = cache.bytes, 0
    # Words whose postings lie decoded beside their segment need no decoding: the kernel reads those
    # files ahead into the page cache, which every worker shares (decoded.py).
    stored = {segment.key: cache.files.get(segment.key) for segment in snap.segments}
    # The most frequent words first, whatever their segment: they cost a first search the most. A segment
    # with a decoded file offers `terms` words beyond those it holds (which are its most frequent).
    candidates = []
    for fieldname in WARM_FIELDS:
        for segment in snap.segments:
            reader = segment.reader
            if fieldname in reader.schema and postings.supported(reader):
                field = reader.schema[fieldname]
                held = stored[segment.key].held(fieldname) if stored[segment.key] is not None else 0
                for frequency, text in reader.most_frequent_terms(fieldname, number=terms + held):
                    candidates.append((frequency, fieldname, segment, field.to_bytes(text)))
    candidates.sort(key=lambda candidate: candidate[0], reverse=True)
    for found in stored.values():
        if found is not None:
            found.advise_needed()
    for _, fieldname, segment, btext in candidates:
        if cache.bytes - before > max_bytes or time.perf_counter() - started > seconds:
            break
        if stored[segment.key] is not None and stored[segment.key].holds(fieldname, btext):
            continue
        found = cache.get(segment.key, segment.reader, fieldname, btext)
        if found is not None and len(found):
            cache.positions(segment.key, segment.reader, fieldname, btext, np.arange(len(found)))
            decoded += 1
    # The spelling word list and the facet labels: a search that finds nothing builds both.
    search(SearchParams(q="qqxqzj"))
    seconds = round(time.perf_counter() - started, 2)
    files = sum(found is not None for found in stored.values())
    return {
        "seconds": seconds,
        "terms": decoded,
        "mb": round((cache.bytes - before) / 2**20, 1),
        "decoded_files": files,
    }


def warm_quietly() -> None:
    """`warm` for a worker's start: never fails the worker, says what it did."""
    from django.db import connections

    _set_warm_state(state="warming")
    try:
        done = warm()
        _set_warm_state(state="warm", **done)
        logger.info("Warmed up: %d words' postings (%.1f MB) in %.1f s.", done["terms"], done["mb"], done["seconds"])
    except Exception as error:  # a cold worker still answers, only slower at first
        _failed_on[0] = _index_state()
        _set_warm_state(state="failed", error=_reason(error))
        logger.warning("Warming up at start failed: %s.", error)
    finally:
        connections.close_all()


def _reason(error: Exception) -> str:
    """What went wrong, for /healthz: a file's name, not its path on the server."""
    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror or type(error).__name__}: {os.path.basename(str(error.filename))}"
    return str(error) or type(error).__name__


def _index_state() -> tuple | None:
    from archive.search import storage

    try:
        live = storage.live_path()
        return storage.build_name(live), storage.generation(live)
    except OSError:
        return None


def warm_again_if_repaired(build: str | None, generation: int) -> bool:
    """Warm again, in the background, a worker whose warm-up failed on an index since replaced (`check_index
    --repair`, `build_index`): it stayed cold, and said "failed", until restarted. Once per index state."""
    with _retry_lock:
        if _warm_state.get("state") != "failed" or _failed_on[0] == (build, generation):
            return False
        _failed_on[0] = (build, generation)
        warm_in_background()
        return True


def warm_in_background() -> threading.Thread:
    """Start `warm` on a daemon thread: a worker serves at once, warming meanwhile."""
    _set_warm_state(state="warming")  # from now: a poll of /healthz must not find it "not started"
    thread = threading.Thread(target=warm_quietly, name="index-warm-at-start", daemon=True)
    thread.start()
    return thread

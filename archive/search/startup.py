"""Index changes a previous server left queued are applied when a worker starts.

A server killed after an upload (or a writer that failed) leaves `IndexChange` rows behind; the
after-commit writer only runs on the next edit, so without this the index would stay behind until
someone ran `check_index --repair`. Each gunicorn worker (`post_worker_init`) starts one background
thread: the worker serves at once, and the one writer lock means a single worker applies the queue
(the others find the lock taken or the queue empty).
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 1.0  # seconds: a busy lock means another writer is applying the whole queue already


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

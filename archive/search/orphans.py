"""Indexing processes end with the process that started them, and so let go of the index's write lock.

A forked indexing process (Whoosh's `MpWriter` tasks, `segment_jobs`' job and merge processes) inherits the
parent's open write lock. A parent stopped mid-import (kill -TERM, kill -9) left its children blocked on their
job queue for ever, adopted by PID 1 and holding the lock: every later edit and import only queued, and
`check_index --repair` said "locked by another writer" until someone killed them by hand.

On Linux the kernel kills such a process when its parent ends (prctl PR_SET_PDEATHSIG; strictly, when the
thread that started it ends: indexing processes are started from a command's main thread or a request's
long-lived worker thread). Elsewhere, `next_job` notices the parent is gone within PARENT_CHECK_SECONDS.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 1.0  # how often a process waiting for a job checks that its parent is still there


def die_with_parent(parent_pid: int) -> None:
    """In a child process: be killed when the parent `parent_pid` ends, and end now if it already has."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    end_if_orphaned(parent_pid)


def end_if_orphaned(parent_pid: int) -> None:
    """End this process at once (its files, the lock among them, closed) when its parent is gone."""
    if os.getppid() != parent_pid:
        os._exit(1)


def next_job(jobs, parent_pid: int):
    """The next item of the `jobs` queue, waiting as long as the parent `parent_pid` lives."""
    while True:
        try:
            return jobs.get(timeout=PARENT_CHECK_SECONDS)
        except queue.Empty:
            end_if_orphaned(parent_pid)

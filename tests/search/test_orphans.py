"""An indexing process dies with the process that started it, so a stopped import leaves the index's lock free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from whoosh.util.filelock import FileLock

from tests.processes import REPO, live_lock_file

pytestmark = pytest.mark.django_db

SAFETY_LIMIT = 60.0  # seconds: generous for a loaded host; the lock is free within about one

# An import's streaming session (whoosh_writers.stream: our job processes) or a bulk session (whoosh_writers.session:
# Whoosh's own), with jobs of one document: its first document starts an indexing process, which then waits for
# the next job, as during an import. Says "ready" with that process's PID.
INDEXING_SESSION = """
import os, sys
import django

django.setup()
from whoosh.filedb.filestore import FileStorage
from django.conf import settings
from archive.search import segment_jobs, whoosh_writers

segment_jobs.JOB_SIZE = whoosh_writers.SESSION_BATCH = 1
ix = FileStorage(os.path.realpath(settings.ARCHIVE_INDEX_PATH)).open_index()
writer = getattr(whoosh_writers, sys.argv[1])(ix, 2, 0.5)
writer.add_document(id="archive.article.1", django_id="1", text="oil")
(task,) = writer.tasks
print("ready", task.pid, flush=True)
sys.stdin.read()
"""


def lock_is_free() -> bool:
    lock = FileLock(str(live_lock_file()))
    if not lock.acquire(blocking=False):
        return False
    lock.release()
    return True


@pytest.mark.parametrize("session", ["stream", "session"])
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_a_stopped_import_leaves_no_indexing_process_holding_the_lock(archive, stop, session):
    # GIVEN a process writing the index in an import's streaming session, its indexing process started
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "ARCHIVE_DATA_DIR": str(settings.ARCHIVE_DATA_DIR),
        "DATABASE_URL": f"sqlite:///{settings.ARCHIVE_DATA_DIR}/unused.sqlite3",
    }
    parent = subprocess.Popen(
        [sys.executable, "-c", INDEXING_SESSION, session],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        word, child = parent.stdout.readline().split()
        assert word == "ready"
        assert not lock_is_free()
        # WHEN that process is stopped
        parent.send_signal(stop)
        parent.wait(timeout=SAFETY_LIMIT)
        # THEN its indexing process ends too and the lock is free again (it was held for ever)
        deadline = time.monotonic() + SAFETY_LIMIT
        while not lock_is_free():
            assert time.monotonic() < deadline, f"the indexing process {child} still holds the index's lock"
            time.sleep(0.05)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()

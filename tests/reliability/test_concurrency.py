"""Many processes writing and searching at once lose no index write; a killed writer loses nothing either.

Each test runs the archive over its own data dir and database (tests/processes.py): a SQLite file, or a
fresh PostgreSQL database on the suite's server when DATABASE_URL is PostgreSQL. Nothing here waits on a
clock: workers do counted amounts of work, the searchers stop when the test says so, and the batch writer
is killed at a point it announces. Timeouts are safety nets only.
"""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import REPO, archive_env, manage

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("worker.py")


@pytest.fixture
def data_dir(tmp_path):
    """The environment of a migrated, empty archive in a new data dir and database."""
    with archive_env(tmp_path) as env:
        manage(env, "migrate", "--noinput", "-v0", check=True)
        yield env


def spawn(env, role: str, *args) -> subprocess.Popen:
    """Start a worker process (see worker.py) with text pipes."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), role, *map(str, args)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def report_of(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def test_eight_writers_and_two_searchers(data_dir, tmp_path):
    # GIVEN 8 processes creating, editing, re-tagging and deleting while 2 others search until they are done
    stop = tmp_path / "writers-done"
    searchers = [spawn(data_dir, "searcher", 10, 100 + seed, stop) for seed in range(2)]
    writers = [spawn(data_dir, "writer", 12, seed) for seed in range(8)]
    try:
        reports = [report_of(process) for process in writers]
        stop.touch()
        reports += [report_of(process) for process in searchers]
    finally:
        for process in writers + searchers:
            if process.poll() is None:
                process.kill()
                process.wait()
    # THEN no operation failed, and work really happened on both sides
    failures = [failure for report in reports for failure in report["failures"]]
    assert failures == [], failures[:3]
    assert sum(r["operations"] for r in reports if r["role"] == "writer") == 8 * 12
    assert all(r["operations"] >= 10 for r in reports if r["role"] == "searcher")  # HTTP requests, each a 200
    # AND the index equals the database: no drift, nothing queued
    check = manage(data_dir, "check_index", "--no-progress")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 missing from the index, 0 in the index but not public, 0 out of date, 0 queued" in check.stdout


def test_a_writer_killed_mid_batch_loses_nothing(data_dir):
    # GIVEN a batch writer applying the queued changes of 400 new articles in batches of 100 changes, killed with
    # SIGKILL after writing 150 documents: the batches before committed, the current one written to Whoosh but
    # not committed, its lock held
    process = spawn(data_dir, "batch", 400, 7)
    try:
        assert process.stdout.readline().strip() == "APPLYING"
        assert process.stdout.readline().strip() == "MID-BATCH"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read()[-2000:]
    # WHEN checked THEN the drift is reported with a non-zero status: what was not committed is missing, and queued
    check = manage(data_dir, "check_index", "--no-progress")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "300 missing from the index" in check.stdout and " 0 queued" not in check.stdout, check.stdout
    # WHEN repaired THEN it is gone (the dead writer's lock did not outlive it), and stays gone
    repair = manage(data_dir, "check_index", "--repair", "--no-progress")
    assert repair.returncode == 0, repair.stdout + repair.stderr
    again = manage(data_dir, "check_index", "--no-progress")
    assert again.returncode == 0 and "matches the database" in again.stdout
    count = manage(data_dir, "shell", "-c", "from archive.models import Article; print(Article.objects.count())")
    assert count.stdout.strip().splitlines()[-1] == "400"

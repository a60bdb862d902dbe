"""Many processes writing and searching at once lose no index write; a killed writer loses nothing either.

Bounded in time, on this machine only (SQLite file + Whoosh index in a temporary data dir).
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")


@pytest.fixture
def data_dir(tmp_path):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True, timeout=180)
    return env


def manage(env, *args, timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )


def spawn(env, role: str, amount: int, seed: int) -> subprocess.Popen:
    """Start a worker process (see worker.py) with text pipes."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), role, str(amount), str(seed)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_writers_and_two_searchers(data_dir):
    # GIVEN 8 processes creating, editing, re-tagging and deleting while 2 others search, for a few seconds
    workers = [spawn(data_dir, "writer", 6, seed) for seed in range(8)]
    workers += [spawn(data_dir, "searcher", 6, 100 + seed) for seed in range(2)]
    reports = []
    for process in workers:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-2000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    # THEN no operation failed, and work really happened on both sides
    failures = [failure for report in reports for failure in report["failures"]]
    assert failures == [], failures[:3]
    assert sum(r["operations"] for r in reports if r["role"] == "writer") > 50
    assert sum(r["operations"] for r in reports if r["role"] == "searcher") > 10  # HTTP requests, each a 200
    # AND the index equals the database: no drift, nothing queued
    check = manage(data_dir, "check_index", "--no-progress")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 missing from the index, 0 in the index but not public, 0 out of date, 0 queued" in check.stdout


def test_a_writer_killed_mid_batch_loses_nothing(data_dir):
    # GIVEN a batch writer killed with SIGKILL while it applies 400 queued changes
    process = spawn(data_dir, "batch", 400, 7)
    assert process.stdout.readline().strip() == "APPLYING"
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # WHEN checked THEN the drift is reported with a non-zero status
    check = manage(data_dir, "check_index", "--no-progress")
    assert check.returncode == 1, check.stdout + check.stderr
    # WHEN repaired THEN it is gone, and stays gone
    repair = manage(data_dir, "check_index", "--repair", "--no-progress")
    assert repair.returncode == 0, repair.stdout + repair.stderr
    again = manage(data_dir, "check_index", "--no-progress")
    assert again.returncode == 0 and "matches the database" in again.stdout
    count = manage(data_dir, "shell", "-c", "from archive.models import Article; print(Article.objects.count())")
    assert count.stdout.strip().splitlines()[-1] == "400"

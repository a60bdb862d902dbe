"""What a server that stopped abruptly (killed after an upload, say) leaves behind is dealt with when the next
server starts, without anyone running a command: queued index changes are applied, abandoned upload copies
removed."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.processes import archive_env, gunicorn, manage, set_up

pytestmark = pytest.mark.slow

SAFETY_NET = 120.0  # seconds; generous, never the thing tested
QUEUED = 1200

# Retitle every article behind the index's back and queue the index changes, as a killed upload leaves them.
LEAVE_A_QUEUE = f"""
from archive.models import Article, IndexChange
Article.objects.update(title="Molybdenum stockpiles")
ids = list(Article.objects.values_list("pk", flat=True))
IndexChange.objects.bulk_create([IndexChange(article_id=ids[n % len(ids)]) for n in range({QUEUED})])
"""


def get(url: str) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
            return json.load(response)
    except urllib.error.HTTPError as error:  # /healthz answers 503 while unhealthy, with the same report
        return json.load(error)


def test_a_queue_left_by_a_stopped_server_is_applied_when_workers_start(tmp_path):
    with archive_env(tmp_path, production=True, ARCHIVE_RATE_LIMIT="1000000") as env:
        set_up(env)
        # GIVEN 1,200 queued index changes that no writer applied before the server stopped
        manage(env, "shell", "-c", LEAVE_A_QUEUE, check=True)
        count = "from archive.models import Article; print(Article.objects.count())"
        articles = int(manage(env, "shell", "-c", count, check=True).stdout.split()[-1])
        # AND an upload copy a killed worker left two hours ago, beside one an upload is writing now
        uploads = Path(env["ARCHIVE_DATA_DIR"]) / "tmp"
        uploads.mkdir(exist_ok=True)
        abandoned, current = uploads / "upload-abandoned", uploads / "upload-current"
        for folder in (abandoned, current):
            folder.mkdir()
            (folder / "article.txt").write_text("Headline\n\nBody.\n")
        two_hours_ago = time.time() - 7200
        os.utime(abandoned, (two_hours_ago, two_hours_ago))
        # WHEN the server starts again
        with gunicorn(env, workers=2, log=tmp_path / "gunicorn.log") as server:
            # THEN without any command or edit the queue empties and searches see the changes
            query = urllib.parse.urlencode({"q": "molybdenum"})
            deadline = time.monotonic() + SAFETY_NET
            while True:
                health = get(f"{server.url}/healthz")
                found = get(f"{server.url}/api/search/?{query}")["count"]
                if health["queue"] == 0 and found == articles:
                    break
                assert time.monotonic() < deadline, f"queue {health['queue']}, found {found} of {articles}"
                time.sleep(0.5)
        # AND the abandoned upload copy is gone, the current one kept
        assert not abandoned.exists() and current.exists()
        # AND the index is in step with the database
        check = manage(env, "check_index", "--no-progress")
        assert check.returncode == 0, check.stdout + check.stderr

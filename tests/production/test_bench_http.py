"""`bench_http` on a tiny archive: it serves the mix under gunicorn with 1 and 2 workers and reports every
figure, with no errors. (Figures are printed, never asserted on: they depend on the machine.)"""

from __future__ import annotations

import json

import pytest

from tests.conftest import REUTERS, SEEDS
from tests.processes import archive_env, manage

pytestmark = pytest.mark.slow


def test_bench_http_reports_throughput_latency_and_no_errors(tmp_path):
    if REUTERS.is_dir():  # one Reuters file is enough for 50 articles
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "reut2-000.sgm").symlink_to(REUTERS / "reut2-000.sgm")
        articles = 50
    else:
        corpus, articles = SEEDS, 3
    with archive_env(tmp_path / "data") as env:
        run = manage(
            env,
            "bench_http",
            "--corpus",
            str(corpus),
            "--articles",
            str(articles),
            "--requests",
            "40",
            "--workers",
            "1,2",
            "--json",
            timeout=900,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["kept"] == articles and report["errors"] == 0
    assert report["mix"]["page"] and report["mix"]["api"] and report["mix"]["feed"] and report["mix"]["article"]
    rows = [report["single"], *report["runs"]]
    assert [(r["workers"], r["clients"]) for r in rows] == [(1, 1), (1, 8), (2, 8)]
    for row in rows:
        assert row["requests"] == 40 and row["errors"] == 0, row
        assert row["requests_per_s"] > 0 and 0 < row["median_ms"] <= row["p95_ms"]
    assert all(r["ratio_to_single"] > 0 for r in report["runs"])
    assert report["machine"]["load_average"] and report["load_average_after"]

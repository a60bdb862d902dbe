"""`bench_http` on a tiny archive: it compares each class of request with the floor, serves the mix under
gunicorn with 1 and 2 workers and reports every figure, with no errors; a kept archive is served again without
rebuilding. (Figures are printed, never asserted on: they depend on the machine.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REUTERS, SEEDS
from tests.processes import archive_env, manage

pytestmark = pytest.mark.slow


def bench_http(env: dict[str, str], corpus: Path, *options: str, floor_rounds: int) -> dict:
    """`bench_http --json` over ``corpus`` with these options: its report, once it has finished without error."""
    run = manage(
        env, "bench_http", "--corpus", str(corpus), *options, "--floor-rounds", str(floor_rounds), "--json", timeout=900
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout)


def test_bench_http_reports_throughput_latency_and_no_errors(tmp_path):
    if REUTERS.is_dir():  # one Reuters file is enough for 50 articles
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "reut2-000.sgm").symlink_to(REUTERS / "reut2-000.sgm")
        articles = 50
    else:
        corpus, articles = SEEDS, 3
    with archive_env(tmp_path / "data") as env:
        report = bench_http(
            env, corpus, "--articles", str(articles), "--requests", "40", "--workers", "1,2", floor_rounds=2
        )
    assert report["reused"] is False
    assert report["kept"] == articles and report["errors"] == 0
    assert report["mix"]["page"] and report["mix"]["api"] and report["mix"]["feed"] and report["mix"]["article"]
    rows = [report["single"], *report["runs"]]
    assert [(r["workers"], r["clients"]) for r in rows] == [(1, 1), (1, 8), (2, 8)]
    for row in rows:
        assert row["requests"] == 40 and row["errors"] == 0, row
        assert row["requests_per_s"] > 0 and 0 < row["median_ms"] <= row["p95_ms"]
    assert all(r["ratio_to_single"] > 0 for r in report["runs"])
    assert report["machine"]["load_average"] and report["load_average_after"]
    # The floor comparison, every answer computed and answers kept: every class timed side by side, each
    # compared with the floor.
    for floor in (report["floor"], report["floor_kept"]):
        assert list(floor["classes"]) == ["floor", "api", "page", "rss", "atom"] and floor["errors"] == 0
        for kind, row in floor["classes"].items():
            assert row["requests"] == 2 * row["urls"] > 0, (kind, row)
            assert 0 < row["median_ms"] <= row["p95_ms"] and row["cpu_ms"] is not None, (kind, row)
            assert row["median_ratio"] > 0 and row["p95_ratio"] > 0, (kind, row)
        assert floor["classes"]["floor"]["median_ratio"] == 1.0
        # Timed only once the worker had warmed up (its /healthz said so), not while it warmed.
        assert floor["worker_warm_up"]["state"] == "warm" and floor["worker_warm_up"]["terms"] > 0


def test_bench_http_serves_a_kept_archive_without_rebuilding(tmp_path):
    # GIVEN an archive a --keep run built
    workdir = tmp_path / "kept"
    floor_only = ("--workdir", str(workdir), "--floor-only")
    with archive_env(tmp_path / "data") as env:
        built = bench_http(env, SEEDS, "--articles", "3", "--keep", *floor_only, floor_rounds=1)
        # WHEN bench_http is pointed at it (no corpus needed), floor comparison only
        report = bench_http(env, tmp_path / "nowhere", *floor_only, floor_rounds=1)
    # THEN it serves the same archive, prepared rather than built, and leaves it in place
    assert report["reused"] is True and report["kept"] == built["kept"] == 3
    assert "single" not in report and report["runs"] == [] and report["errors"] == 0
    assert report["floor"]["classes"]["api"]["requests"] > 0 and report["floor_kept"]["classes"]["api"]["requests"] > 0
    assert (workdir / "data" / "archive.sqlite3").is_file()

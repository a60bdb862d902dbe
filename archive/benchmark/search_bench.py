"""`bench_search`: our search against stock haystack, SQLite FTS5 and Tantivy, on one throwaway archive.

The command (archive/management/commands/bench_search.py) is thin: it makes a temporary data dir
and runs the phases below in child processes of its own, each with `ARCHIVE_DATA_DIR` and
`DATABASE_URL` pointing into that dir, so nothing touches the real archive:

1. corpus: migrate, import Reuters files through the real importer (articles/s end to end: import,
   extraction and the index update; `importing.py`), replicate the stories (distinct refs, dates
   shifted by whole years, the replica number appended to the body) up to N articles (`corpus.py`).
2. index: a full build with `archive.search.writer.rebuild` in a fresh process, as `build_index`
   runs it: articles/s and peak memory (PSS of the process and its indexing processes).
3. search: the same fixed mix of searches (`mix.py`) through our service (`ours.py`), through stock
   haystack (`SearchQuerySet` + `facet()` + `highlight()` + Django's paginator; `stock.py`) and
   through FTS5 (`fts5.py`) and Tantivy (`tantivy_peer.py`, when installed), rounds interleaved so a noisy
   machine hurts them alike. Checks facet
   counts against the database (filter-only searches) and against Whoosh's own grouped counts (text
   searches); a mismatch fails (`checks.py`). Also the time from an edit's commit to it being searchable.
4. memory: a fresh process that serves our mix only, for the search process's RSS.

The report is printed by `search_report.format_report`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from archive.benchmark import batch_bench, entity_bench, related_bench
from archive.benchmark.corpus import build_index, corpus_phase
from archive.benchmark.export_bench import export_phase, export_targets
from archive.benchmark.host import machine
from archive.benchmark.import_more import import_more_phase
from archive.benchmark.phases import memory_phase, search_phase


@dataclass
class Options:
    articles: int = 20000
    corpus: Path = field(default_factory=lambda: Path("../shared/corpora/reuters21578"))
    rounds: int = 5
    stock_rounds: int = 1
    keep: bool = False
    workdir: Path | None = None
    reuse_corpus: bool = False  # the work dir's corpus (an earlier run's), its import figures reported again
    related: bool = False  # also measure related articles (related_bench.py)
    related_every: int = 1  # precision@5 over every n-th labelled Reuters story


def _run_phase(phase: str, options: Options, workdir: Path, log: Callable[[str], object]) -> dict:
    """In the parent: run one phase in a child `bench_search --phase` over the work dir; its result."""
    env = dict(os.environ)
    env["ARCHIVE_DATA_DIR"] = str(workdir / "data")
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'data' / 'archive.sqlite3'}"
    env.setdefault("ARCHIVE_LOG_LEVEL", "WARNING")
    out = workdir / f"{phase}.json"
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "bench_search",
        "--phase",
        phase,
        "--workdir",
        str(workdir),
        "--articles",
        str(options.articles),
        "--corpus",
        str(Path(options.corpus).resolve()),
        "--rounds",
        str(options.rounds),
        "--stock-rounds",
        str(options.stock_rounds),
    ]
    log(f"[{time.strftime('%H:%M:%S')}] {phase} phase …")
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"the {phase} phase failed (exit status {completed.returncode})")
    result = json.loads(out.read_text())
    result["phase_seconds"] = round(time.perf_counter() - started, 1)
    return result


def run_phase_here(phase: str, options: Options, workdir: Path) -> None:
    """In the child: run one phase and leave its result as JSON in the work dir."""
    if phase == "corpus":
        result = {"articles": options.articles, **corpus_phase(Path(options.corpus), options.articles)}
    elif phase == "index":
        result = build_index()
    elif phase == "search":
        result = search_phase(workdir, options.rounds, options.stock_rounds)
    elif phase == "memory":
        result = memory_phase()
    elif phase == "export":
        result = export_phase()
    elif phase == "entities":
        result = entity_bench.entity_phase(options.rounds)
    elif phase == "batch":
        result = batch_bench.batch_phase()
    elif phase == "related-latency":
        result = related_bench.latency()
    elif phase == "import-more":
        result = import_more_phase(workdir)
    elif phase == "related-precision":
        result = related_bench.precision_phase(Path(options.corpus), options.related_every)
    else:
        raise ValueError(phase)
    (workdir / f"{phase}.json").write_text(json.dumps(result, indent=1))


def _corpus(options: Options, workdir: Path, log: Callable[[str], object]) -> dict:
    """The corpus phase, or an earlier run's corpus in the same work dir (building a million articles takes an
    hour that measures nothing the targets name but the import, which that run measured)."""
    earlier = workdir / "corpus.json"
    if not options.reuse_corpus:
        return _run_phase("corpus", options, workdir, log)
    if not earlier.exists():
        raise RuntimeError(f"--reuse-corpus: no earlier corpus in {workdir} (run once with --workdir and --keep)")
    figures = json.loads(earlier.read_text())
    if figures.get("articles", options.articles) != options.articles:
        raise RuntimeError(f"--reuse-corpus: {workdir} holds a corpus of {figures['articles']:,} articles")
    log(f"[{time.strftime('%H:%M:%S')}] corpus phase: reusing {earlier} ({figures['articles']:,} articles)")
    return {**figures, "reused": True}


def run(options: Options, log: Callable[[str], object] = print) -> dict:
    """The whole run: the four phases in turn, each in a child process, then the targets."""
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="bench-search-"))
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    report: dict = {"articles": options.articles, "machine": machine(), "workdir": str(workdir)}
    try:
        report["build"] = _corpus(options, workdir, log)
        report["build"]["build"] = _run_phase("index", options, workdir, log)
        report["search"] = _run_phase("search", options, workdir, log)
        report["memory"] = _run_phase("memory", options, workdir, log)
        report["export"] = _run_phase("export", options, workdir, log)
        report["entities"] = _run_phase("entities", options, workdir, log)
        report["batch"] = _run_phase("batch", options, workdir, log)
        if options.related:
            report["related"] = {
                "latency": _run_phase("related-latency", options, workdir, log),
                "precision": related_bench.run_precision_child(workdir, options.corpus, options.related_every, log),
            }
        report["import_more"] = _run_phase("import-more", options, workdir, log)  # last: it grows the archive
    finally:
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["targets"] = targets(report)
    report["targets"].update(entity_bench.targets(report))
    report["ok"] = not report["search"]["problems"] and not report["entities"]["problems"]
    report["ok"] = report["ok"] and not report["batch"]["problems"] and not report["import_more"]["problems"]
    if options.related:
        precision = report["related"]["precision"]
        report["ok"] = report["ok"] and precision["ours"]["precision"] >= precision["more_like"]["precision"]
    return report


# Issue 21's targets at a million articles on the same 2-core machine (the smaller sizes' are the earlier issues').
MILLION = 1_000_000


def targets(report: dict) -> dict:
    """The issues' targets for this size, each with the measured figure and whether it is met."""
    n = report["articles"]
    search, build = report["search"], report["build"]
    ours, fts = search["ours"]["warm"], search["fts5"]["warm"]
    imported = build["import"]["articles_per_s"]
    out = {
        "our p95 ms": (ours["p95_ms"], 15 if n <= 20000 else 50 if n < MILLION else 100),
        "import end to end articles/s (at least)": (imported, 300),
        "edit visible in search, s (median)": (search["edit_latency"]["median_s"], 1.0),
    }
    if n <= 20000:
        out["full build articles/s (at least)"] = (build["build"]["articles_per_s"], 500)
    else:
        big = n >= MILLION
        out["full build s"] = (build["build"]["seconds"], 1800 if big else 200)
        out["full build peak memory MB"] = (build["build"]["peak_memory_mb"], 2048 if big else 600)
        out["search process RSS MB"] = (report["memory"]["peak_rss_mb"], 1536 if big else 600)
        out["our p95 / FTS5 p95"] = (round(ours["p95_ms"] / fts["p95_ms"], 2), 1.0)
        if search["stock_rounds"]:
            stock = search["stock"]["warm"]
            out["stock median / our median (at least)"] = (round(stock["median_ms"] / ours["median_ms"], 1), 15)
    if report.get("import_more"):
        out["10,000 new articles into the archive, searchable, s"] = (report["import_more"]["seconds"], 60)
    first = search["ours"]["first_round"]["p95_ms"]
    out["first round p95 / warm p95 (after the start-up warm-up)"] = (round(first / ours["p95_ms"], 2), 3.0)
    if "tantivy" in search and n >= MILLION:  # issue 21: within 2× of a compiled engine at a million
        out["our p95 / Tantivy p95"] = (round(ours["p95_ms"] / search["tantivy"]["warm"]["p95_ms"], 2), 2.0)
    out.update(export_targets(report.get("export")))
    out.update(batch_bench.targets(report))
    if "related" in report:
        out["related articles warm p95 ms"] = (report["related"]["latency"]["warm"]["p95_ms"], 30)
    result = {}
    for name, (value, target) in out.items():
        at_least = "(at least)" in name
        result[name] = {"value": value, "target": target, "met": value >= target if at_least else value <= target}
    return result

"""`bench_search`'s search and memory phases, each run in a fresh child process over the built archive."""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from archive.benchmark.checks import check
from archive.benchmark.fts5 import Fts5
from archive.benchmark.memory import PeakMemory, mb, rss
from archive.benchmark.mix import archive_years, search_mix
from archive.benchmark.ours import edit_latency, run_ours
from archive.benchmark.stock import run_stock, setup_stock
from archive.benchmark.tantivy_peer import Tantivy, available
from archive.benchmark.timing import summary
from archive.search import RESOLVERS, open_snapshot, warm_up


def search_phase(workdir: Path, rounds: int, stock_rounds: int) -> dict:
    """Time the mix through ours, stock haystack, FTS5 and Tantivy (when installed), interleaved; check ours;
    edit latency."""
    mix = search_mix(archive_years())
    fts = Fts5(workdir / "fts5.sqlite3")
    fts_build = fts.build()
    peers = {"fts5": fts}
    builds = {"fts5": fts_build}
    if available():
        peers["tantivy"] = Tantivy(workdir / "tantivy")
        builds["tantivy"] = peers["tantivy"].build()
    setup_stock()
    started = time.perf_counter()
    open_snapshot()
    snapshot_seconds = time.perf_counter() - started
    warmed = warm_up()  # what a worker does at start (in the background): the first round is a started server's
    times: dict[str, dict[str, list[float]]] = {name: {s.name: [] for s in mix} for name in ("ours", "stock", *peers)}
    problems: dict[str, list[str]] = {}
    counts: dict[str, dict] = {s.name: {} for s in mix}
    gc.collect()
    for round_number in range(rounds):
        for search in mix:
            started = time.perf_counter()
            result = run_ours(search, RESOLVERS)
            times["ours"][search.name].append(time.perf_counter() - started)
            counts[search.name]["ours"] = result.count
            if round_number == 0:
                found = check(search, result, RESOLVERS)
                if found:
                    problems[search.name] = found
            if round_number < stock_rounds:
                started = time.perf_counter()
                stock = run_stock(search)
                times["stock"][search.name].append(time.perf_counter() - started)
                counts[search.name]["stock"] = stock["count"]
            for name, peer in peers.items():
                started = time.perf_counter()
                answer = peer.run(search)
                times[name][search.name].append(time.perf_counter() - started)
                counts[search.name][name] = answer["count"]
    out: dict = {"searches": len(mix), "rounds": rounds, "stock_rounds": stock_rounds}
    for name, per_search in times.items():
        warm = [t for values in per_search.values() for t in (values[1:] if name != "stock" and rounds > 1 else values)]
        cold = [values[0] for values in per_search.values() if values]
        out[name] = {"warm": summary(warm), "first_round": summary(cold)}
    out["per_search_ms"] = {
        s.name: {
            name: round(1000 * statistics.median(times[name][s.name][1:] or times[name][s.name]), 2)
            for name in times
            if times[name][s.name]
        }
        for s in mix
    }
    out["first_round_ms"] = {
        s.name: {name: round(1000 * times[name][s.name][0], 2) for name in times if times[name][s.name]} for s in mix
    }
    out["counts"] = counts
    out["problems"] = problems
    out["fts5_build"] = fts_build
    out["peer_builds"] = builds
    out["snapshot_open_s"] = round(snapshot_seconds, 3)
    out["warm_up"] = warmed
    out["edit_latency"] = edit_latency(RESOLVERS)
    out["search_process_rss_mb"] = mb(rss())
    return out


def memory_phase(rounds: int = 3) -> dict:
    """A fresh process serving only our mix: its resident memory (the search process target)."""
    mix = search_mix(archive_years())
    before = rss()
    with PeakMemory() as memory:
        for _ in range(rounds):
            for search in mix:
                run_ours(search, RESOLVERS)
    return {
        "rss_before_mb": mb(before),
        "rss_after_mb": mb(rss()),
        "peak_rss_mb": mb(memory.peak_rss),
        "peak_pss_mb": mb(memory.peak),
    }

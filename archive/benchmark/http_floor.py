"""`bench_http`'s floor comparison: what a search, a page and a feed cost over HTTP next to the cheapest request.

The floor is `/api/articles/<id>/` (one row as JSON: routing, middleware, one query, a small response). On one
gunicorn worker with one client, after an untimed pass, rounds of every URL in a shuffled order (so a burst of
load from elsewhere falls on every class alike) time each class side by side: the floor, the search API and
the search page over the search mix, and the RSS and Atom feeds (the newest articles, and searches). Each
class's median and p95 is compared with the floor's; the worker's CPU time per request (psutil, summed over
the class) sits beside the wall figures, as the host may be loaded by other work. `bench_http` runs it on a
server that keeps no answer (ARCHIVE_ANSWER_CACHE=0: every request searches and renders) and on one as deployed,
where the timed rounds ask again for what the untimed pass asked for (answers kept until the next change).
"""

from __future__ import annotations

import http.client
import random
import statistics

from archive.benchmark.http_load import fetch
from archive.benchmark.timing import percentile

CLASSES = ("floor", "api", "page", "rss", "atom")
LABELS = {
    "floor": "/api/articles/<id>/ (floor)",
    "api": "/api/search/?q=… (mix)",
    "page": "/?q=… search page (mix)",
    "rss": "/feeds/search/?q=… RSS",
    "atom": "/feeds/search/atom/?q=… Atom",
}
TARGET = 2.0  # each class within 2× the floor at median and p95 (issue 21)


def floor_paths(search_queries: list[str], feed_queries: list[str], article_ids: list[int]) -> dict[str, list[str]]:
    """The URLs of each class: `search_queries` (query strings of the mix) through the API and the page,
    `feed_queries` as RSS and Atom (the empty one is the newest articles), and the articles' JSON."""
    return {
        "floor": [f"/api/articles/{pk}/" for pk in article_ids],
        "api": [f"/api/search/?{query}" for query in search_queries],
        "page": [f"/?{query}" for query in search_queries],
        "rss": ["/feeds/search/" + (f"?{query}" if query else "") for query in feed_queries],
        "atom": ["/feeds/search/atom/" + (f"?{query}" if query else "") for query in feed_queries],
    }


def _cpu_seconds(worker) -> float:
    times = worker.cpu_times()
    return times.user + times.system


def measure(port: int, master_pid: int, paths: dict[str, list[str]], rounds: int, seed: int) -> dict:
    """Time every class side by side: `rounds` passes over every URL, shuffled, one at a time, on one
    keep-alive connection to a one-worker gunicorn (its master's pid: the worker's CPU time is read)."""
    import psutil

    workers = psutil.Process(master_pid).children()
    worker = workers[0] if len(workers) == 1 else None
    order = [(kind, path) for kind, urls in paths.items() for path in urls]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    wall: dict[str, list[float]] = {kind: [] for kind in paths}
    cpu: dict[str, float] = dict.fromkeys(paths, 0.0)
    errors: dict[str, int] = {}
    shuffle = random.Random(seed).shuffle
    try:
        for _kind, path in order:  # untimed: each URL once (the index and the caches warm)
            fetch(port, path, connection)
        for _ in range(rounds):
            shuffle(order)
            for kind, path in order:
                before = _cpu_seconds(worker) if worker else 0.0
                status, seconds = fetch(port, path, connection)
                cpu[kind] += (_cpu_seconds(worker) - before) if worker else 0.0
                wall[kind].append(seconds)
                if status != 200:
                    key = f"{status} {path.split('?')[0]}"
                    errors[key] = errors.get(key, 0) + 1
    finally:
        connection.close()
    return _summary(wall, cpu, errors, rounds, cpu_measured=worker is not None)


def _summary(
    wall: dict[str, list[float]], cpu: dict[str, float], errors: dict[str, int], rounds: int, *, cpu_measured: bool
) -> dict:
    classes = {}
    for kind, seconds in wall.items():
        ms = [s * 1000 for s in seconds]
        classes[kind] = {
            "urls": len(ms) // max(1, rounds),
            "requests": len(ms),
            "median_ms": round(statistics.median(ms), 2) if ms else 0.0,
            "p95_ms": round(percentile(ms, 95), 2),
            "cpu_ms": round(cpu[kind] * 1000 / len(ms), 2) if ms and cpu_measured else None,
        }
    floor = classes.get("floor")
    for row in classes.values():
        row["median_ratio"] = round(row["median_ms"] / floor["median_ms"], 2) if floor and floor["median_ms"] else 0.0
        row["p95_ratio"] = round(row["p95_ms"] / floor["p95_ms"], 2) if floor and floor["p95_ms"] else 0.0
        row["within_target"] = row["median_ratio"] <= TARGET and row["p95_ratio"] <= TARGET
        # On a loaded host the wall figures are mostly waiting for a core; CPU time per request is not.
        floor_cpu = floor["cpu_ms"] if floor else None
        row["cpu_ratio"] = round(row["cpu_ms"] / floor_cpu, 2) if floor_cpu and row["cpu_ms"] is not None else None
    return {"rounds": rounds, "classes": classes, "errors": sum(errors.values()), "error_kinds": errors}


def format_floor(floor: dict, how: str) -> list[str]:
    """The floor comparison (`how` the answers were made) as lines of the printed report."""
    lines = [
        f"Against the floor, {how}: 1 worker, 1 client, {floor['rounds']} shuffled rounds of every URL "
        f"(target: each within {TARGET:g}× the floor at median and p95)",
        f"{'class':<34} {'URLs':>4} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>6} {'median×':>7} {'p95×':>5} "
        f"{'CPU×':>5}  target",
    ]
    for kind, row in floor["classes"].items():
        cpu = f"{row['cpu_ms']:.1f}" if row["cpu_ms"] is not None else "-"
        cpu_ratio = f"{row['cpu_ratio']:.2f}" if row.get("cpu_ratio") is not None else "-"
        verdict = "(floor)" if kind == "floor" else ("met" if row["within_target"] else "missed")
        lines.append(
            f"{LABELS.get(kind, kind):<34} {row['urls']:>4} {row['median_ms']:>9.1f} {row['p95_ms']:>7.1f} "
            f"{cpu:>6} {row['median_ratio']:>7.2f} {row['p95_ratio']:>5.2f} {cpu_ratio:>5}  {verdict}"
        )
    for kind, count in floor["error_kinds"].items():
        lines.append(f"  errors against the floor: {count} × {kind}")
    warm = floor.get("worker_warm_up")
    if warm:
        lines.append(
            f"  timed once the worker's start-up warm-up was {warm.get('state', 'unknown')} "
            f"(waited {warm['waited_s']:.1f} s; {warm.get('terms', 0)} words, {warm.get('mb', 0)} MB)"
        )
    return lines

"""`bench_search`'s export phase: exporting a search's articles, its rate and whether memory grows with the count.

Run in a fresh child process over the built archive (as the other phases). For each size (1,000 and 10,000, or
the archive's size when smaller) it exports the newest N articles through the export service in each format,
timing the whole stream (the search for the ids, the chunked loading, the writing; wall-clock and this
process's CPU time, which a busy host does not inflate), and measures the Python
heap's peak (tracemalloc) and the process's resident memory while a CSV with bodies streams. Then the whole
HTTP view (/api/search/export through Django's test client, streamed) at the largest size. The issue's target:
10,000 articles in at most 5 s, and memory that does not grow with the count.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from urllib.parse import urlencode

from django.test import Client, override_settings

from archive.benchmark.memory import PeakMemory, mb
from archive.search import SearchParams, matching_ids, search
from archive.search_export import FORMATS, ExportPlan, export_chunks

SIZES = (1_000, 10_000)


def _absolute(path: str) -> str:
    return "http://bench.invalid" + path


def _stream(plan: ExportPlan) -> int:
    return sum(len(chunk) for chunk in export_chunks(plan, absolute=_absolute))


def _plan(n: int, fmt: str, include_body: bool) -> ExportPlan:
    total, ids = matching_ids(SearchParams(sort="newest"), limit=n)
    return ExportPlan(total=min(total, n), ids=ids, format=fmt, include_body=include_body)


def _http_query(limit: int) -> dict[str, str]:
    """The HTTP leg's search: the whole archive when it fits the cap, else the busiest year that does
    (an export beyond the cap is refused, by design)."""
    result = search(SearchParams(per_page=1))
    if result.count <= limit:
        return {}
    years = [(value.count, value.value) for value in result.facets.get("date", []) if value.count <= limit]
    return {"date": max(years)[1]} if years else {}


def export_phase() -> dict:
    total, _ = matching_ids(SearchParams(), limit=0)
    sizes = sorted({min(size, total) for size in SIZES})
    _stream(_plan(200, "csv", True))  # warm the snapshot, the connection and the templates' imports
    out: dict = {"archive_articles": total, "sizes": {}}
    for n in sizes:
        row: dict = {}
        for fmt, include_body in [*((fmt, False) for fmt in FORMATS), ("csv", True)]:
            started, cpu = time.perf_counter(), time.process_time()
            chars = _stream(_plan(n, fmt, include_body))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            row[fmt + ("+body" if include_body else "")] = {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),  # this process's CPU time: the figure a busy host does not inflate
                "articles_per_s": round(n / seconds),
                "mb": mb(chars),
            }
        gc.collect()
        tracemalloc.start()
        with PeakMemory(interval=0.05) as memory:
            _stream(_plan(n, "csv", True))
        _, heap_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        row["heap_peak_mb"] = mb(heap_peak)  # Python allocations while it streamed (the ids list included)
        row["rss_peak_mb"] = mb(memory.peak_rss)
        out["sizes"][str(n)] = row
    largest = sizes[-1]
    with override_settings(ARCHIVE_EXPORT_LIMIT=largest, ARCHIVE_RATE_LIMIT=0):
        client = Client()
        started = time.perf_counter()
        query = {"format": "csv", "sort": "newest", **_http_query(largest)}
        response = client.get("/api/search/export", query)
        size = sum(len(chunk) for chunk in response.streaming_content) if response.status_code == 200 else 0
        seconds = time.perf_counter() - started
    out["http_csv"] = {
        "query": query,
        "status": response.status_code,
        "articles": int(response.get("X-Export-Total", 0) or 0),
        "seconds": round(seconds, 2),
        "mb": mb(size),
    }
    return out


def format_export(export: dict | None) -> list[str]:
    """Lines for bench_search's report."""
    if not export:
        return []
    lines = [
        "",
        f"export (newest N of {export['archive_articles']:,}): seconds per format, memory while CSV+body streams",
    ]
    for n, row in export["sizes"].items():
        per = ", ".join(
            f"{fmt} {row[fmt]['seconds']:.2f} s (CPU {row[fmt].get('cpu_seconds', 0):.2f})"
            for fmt in (*FORMATS, "csv+body")
        )
        lines.append(
            f"  {int(n):>6,} articles: {per}; {row['csv']['articles_per_s']:,}/s (csv); "
            f"Python heap peak {row['heap_peak_mb']:.1f} MB, RSS peak {row['rss_peak_mb']:.0f} MB"
        )
    http = export["http_csv"]
    if http["status"] != 200:
        lines.append(f"  over the view (/api/search/export, csv): HTTP {http['status']} for {http.get('query')}")
    else:
        lines.append(
            f"  over the view (/api/search/export?{urlencode(http.get('query', {}))}): "
            f"{http['articles']:,} articles in {http['seconds']:.2f} s"
        )
    return lines


def export_targets(export: dict | None) -> dict:
    """(value, target) pairs for bench_search's targets."""
    if not export:
        return {}
    sizes = export["sizes"]
    largest = max(sizes, key=int)
    smallest = min(sizes, key=int)
    out = {f"export {int(largest):,} articles as CSV, s": (sizes[largest]["csv"]["seconds"], 5.0)}
    if largest != smallest:
        # Memory that does not grow with the count: 10× the articles, within 1.5× the heap peak (ids list aside).
        ratio = round(sizes[largest]["heap_peak_mb"] / max(sizes[smallest]["heap_peak_mb"], 0.1), 2)
        out[f"export heap peak {int(largest):,} / {int(smallest):,}"] = (ratio, 1.5)
    return out

"""`bench_search`'s printed report: the timings side by side, the build and import figures, the targets."""

from __future__ import annotations

from archive.benchmark.batch_bench import format_batch
from archive.benchmark.export_bench import format_export
from archive.benchmark.import_more import format_import_more
from archive.benchmark.importing import format_import
from archive.benchmark.related_bench import format_related


def tantivy_ratio(search: dict) -> list[str]:
    """Ours against Tantivy on the warm mix, when the benchmark had Tantivy (requirements-dev.txt)."""
    if "tantivy" not in search:
        return ["Tantivy: not installed (pip install -r requirements-dev.txt), not run"]
    ours, tantivy = search["ours"]["warm"], search["tantivy"]["warm"]
    build = search["peer_builds"]["tantivy"]
    return [
        f"ours/Tantivy: median {ours['median_ms'] / tantivy['median_ms']:.2f}×, p95 "
        f"{ours['p95_ms'] / tantivy['p95_ms']:.2f}× (Tantivy's build, not a target: {build['seconds']:.0f} s)"
    ]


def warm_up_line(search: dict) -> list[str]:
    warmed = search.get("warm_up")
    if not warmed:
        return []
    files = warmed.get("decoded_files", 0)
    in_place = f", the most frequent read in place from {files} segments' decoded-postings files" if files else ""
    return [
        f"start-up warm-up (a worker does it in the background): {warmed['seconds']:.1f} s, the postings of "
        f"{warmed['terms']} frequent words ({warmed['mb']:.0f} MB){in_place}; the first round below follows it"
    ]


def format_report(report: dict) -> str:
    """The report of `search_bench.run` as text (the command prints it; `--json` prints the dict)."""
    search, build = report["search"], report["build"]
    lines = [
        f"bench_search: {report['articles']:,} articles, {search['searches']} searches × {search['rounds']} rounds "
        f"(stock haystack × {search['stock_rounds']})",
        f"machine: {report['machine']}",
        "",
        f"{'':28}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}   first round median / p95",
    ]
    for name in ("ours", "fts5", "tantivy", "stock"):
        if name not in search or (name == "stock" and not search["stock_rounds"]):
            continue
        warm, cold = search[name]["warm"], search[name]["first_round"]
        lines.append(
            f"{name:28}{warm['median_ms']:>11.1f}{warm['p95_ms']:>10.1f}{warm['max_ms']:>10.1f}"
            f"   {cold['median_ms']:.1f} / {cold['p95_ms']:.1f}"
        )
    ours, fts, stock = search["ours"]["warm"], search["fts5"]["warm"], search["stock"]["warm"]
    stock_ratio = (
        f"stock/ours median {stock['median_ms'] / ours['median_ms']:.0f}×, p95 {stock['p95_ms'] / ours['p95_ms']:.0f}×"
        if search["stock_rounds"]
        else "stock haystack not run (--stock-rounds 0)"
    )
    lines += [
        "",
        f"ratios: {stock_ratio}; FTS5/ours median {fts['median_ms'] / ours['median_ms']:.2f}×, "
        f"p95 {fts['p95_ms'] / ours['p95_ms']:.2f}×",
        *tantivy_ratio(search),
        f"{format_import(build['import'])} (replicas to {report['articles']:,}: {build['replicate']['seconds']:.0f} s)",
        f"full index build: {build['build']['articles']:,} articles in {build['build']['seconds']:.0f} s, "
        f"{build['build']['articles_per_s']:.0f}/s, peak memory {build['build']['peak_memory_mb']:.0f} MB "
        f"(PSS with its indexing processes; RSS sum {build['build']['peak_rss_sum_mb']:.0f} MB)",
        f"search process: RSS {report['memory']['peak_rss_mb']:.0f} MB serving our mix "
        f"(snapshot opened in {search['snapshot_open_s'] * 1000:.0f} ms)",
        *warm_up_line(search),
        f"edit visible in search: median {search['edit_latency']['median_s']:.2f} s, max "
        f"{search['edit_latency']['max_s']:.2f} s",
        f"FTS5 build (not a target): {search['fts5_build']['seconds']:.0f} s",
        "",
        "per search (median ms): ours / FTS5 / Tantivy / stock, and ours ÷ Tantivy",
    ]
    for name, per in search["per_search_ms"].items():
        ratio = f"{per['ours'] / per['tantivy']:>8.2f}×" if per.get("tantivy") else ""
        lines.append(
            f"  {name:36}{per.get('ours', 0):>8.1f}{per.get('fts5', 0):>8.1f}{per.get('tantivy', 0):>9.1f}"
            f"{per.get('stock', 0):>10.0f}{ratio}"
        )
    lines += format_export(report.get("export"))
    lines += format_batch(report.get("batch"))
    lines += format_import_more(report.get("import_more"))
    if "related" in report:
        lines += ["", *format_related(report["related"])]
    lines += ["", "targets:"]
    for name, target in report["targets"].items():
        lines.append(f"  {'met ' if target['met'] else 'MISS'} {name}: {target['value']} (target {target['target']})")
    if search["problems"]:
        lines += ["", "CHECK FAILURES (our answers differ from the database or from Whoosh):"]
        for name, problems in search["problems"].items():
            lines.append(f"  {name}: {'; '.join(problems)}")
    else:
        lines += [
            "",
            "checks: every count, facet count and page equals Whoosh's own; filter-only ones equal the database's",
        ]
    return "\n".join(lines)

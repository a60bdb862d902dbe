"""`bench_http`: the archive under gunicorn with 1, 2 and 4 workers, loaded by concurrent HTTP clients.

A throwaway archive of N Reuters articles is built in a temporary data dir by a child process (the same
import, replication and full build as `bench_search`, then `collectstatic`), as `make serve` would serve it
(DJANGO_DEBUG=0). For each worker count gunicorn is started on a free loopback port, warmed with one pass
over the mix, then C client threads send a fixed number of requests drawn (seeded) from the mix: search
pages with queries and facets, the same searches through /api/search/, feeds of some, and article pages.
Every answer other than 200 is an error. The single-process figure is one worker with one client: the
same requests, one at a time; the ratio compares each run's throughput with it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from archive.benchmark import http_floor
from archive.benchmark.corpus import build_index, corpus_phase
from archive.benchmark.host import machine
from archive.benchmark.http_load import Gunicorn, load, server_env
from archive.benchmark.mix import Search, archive_years, search_mix
from archive.models import Article

ARTICLE_PAGES = 16  # article pages in the mix
FEED_EVERY = 3  # one search in three is also asked for as a feed


@dataclass
class Options:
    articles: int = 10000
    requests: int = 2000
    workers: tuple[int, ...] = (1, 2, 4)
    clients: int = 8
    corpus: Path = field(default_factory=lambda: Path("../shared/corpora/reuters21578"))
    keep: bool = False
    workdir: Path | None = None
    seed: int = 13
    floor_rounds: int = 10
    floor_only: bool = False


# -- the archive (in a child process) ----------------------------------------------------------


def build_here(options: Options, workdir: Path) -> None:
    """In the child: import and replicate the corpus, build the index, then prepare (below)."""
    report = corpus_phase(Path(options.corpus), options.articles)
    report["build"] = build_index()
    prepare_here(options, workdir, report)


def prepare_here(options: Options, workdir: Path, report: dict | None = None) -> None:
    """In the child, over a built archive (this run's or a kept one): collect static files, write the mix."""
    report = report if report is not None else {}
    call_command("collectstatic", interactive=False, verbosity=0)
    report["kept"] = Article.objects.published().count()
    queries = [_query_string(search) for search in search_mix(archive_years() or ["1987"])]
    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    chosen = sorted(random.Random(options.seed).sample(ids, min(ARTICLE_PAGES, len(ids))))
    report["mix"] = mix_paths(queries, chosen)
    feeds = [query for number, query in enumerate(queries) if number % FEED_EVERY == 0]
    report["floor"] = http_floor.floor_paths(queries, feeds, chosen)
    (workdir / "build.json").write_text(json.dumps(report, indent=1))


def mix_paths(queries: list[str], article_ids: list[int]) -> list[str]:
    """The URLs of the mix: every search of bench_search's mix as a page and through the API, a feed for
    one in three, and article pages."""
    paths = []
    for number, query in enumerate(queries):
        paths += [f"/?{query}", f"/api/search/?{query}"]
        if number % FEED_EVERY == 0:
            paths.append(f"/feeds/search/?{query}")
    articles = Article.objects.filter(pk__in=article_ids).order_by("pk")
    return paths + [article.get_absolute_url() for article in articles]


def _query_string(search: Search) -> str:
    pairs = [("q", search.q)] if search.q else []
    pairs += [("country", c) for c in search.countries] + [("org", o) for o in search.organisations]
    if search.date:
        pairs.append(("date", search.date))
    if search.sort:
        pairs.append(("sort", search.sort))
    if search.page > 1:
        pairs.append(("page", str(search.page)))
    return urllib.parse.urlencode(pairs)


# -- the runs (the server and the clients: http_load.py) ---------------------------------------


def run_workers(
    env: dict[str, str], workers: int, clients: int, mix: list[str], requests: list[str], log: Path
) -> dict:
    with Gunicorn(env, workers, log) as server:
        load(server.port, mix, clients)  # warm-up, not counted: each worker opens the index once
        result = load(server.port, requests, clients)
    result["workers"] = workers
    return result


def existing_archive(workdir: Path | None) -> bool:
    """Whether `workdir` holds a built archive (a kept run's: `<workdir>/data/archive.sqlite3`), used as it is."""
    return workdir is not None and (workdir / "data" / "archive.sqlite3").is_file()


def run(options: Options, log: Callable[[str], object] = print) -> dict:
    """Build the archive in a child process (or prepare a kept one), compare each class of request with the
    floor on one worker and one client, then load gunicorn with one worker and one client, and with each worker
    count under `options.clients` clients: the same requests, drawn (seeded) from the mix."""
    reuse = existing_archive(options.workdir)
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="bench-http-"))
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    env = server_env(workdir)
    report: dict = {
        "articles": options.articles,
        "requests": options.requests,
        "clients": options.clients,
        "workdir": str(workdir),
        "reused": reuse,
    }
    try:
        phase = "prepare" if reuse else "build"
        log(f"[{time.strftime('%H:%M:%S')}] {'preparing the kept' if reuse else 'building the'} archive …")
        started = time.perf_counter()
        command = [sys.executable, "manage.py", "bench_http", "--phase", phase, "--workdir", str(workdir)]
        command += ["--articles", str(options.articles), "--corpus", str(Path(options.corpus).resolve())]
        command += ["--seed", str(options.seed)]
        subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=True)
        built = json.loads((workdir / "build.json").read_text())
        mix = built.pop("mix")
        floor_paths = built.pop("floor")
        report["build"] = {**built, "seconds": round(time.perf_counter() - started, 1)}
        report["kept"] = built["kept"]
        report["mix"] = _mix_summary(mix)
        requests = random.Random(options.seed).choices(mix, k=options.requests)
        report["machine"] = machine()
        server_log = workdir / "gunicorn.log"
        if options.floor_rounds > 0:
            # Twice: every answer computed (no answer kept), then as deployed, where every timed request asks
            # again for a URL the untimed pass asked for (an answer kept until the next change).
            for key, server_env_used, label in (
                ("floor", {**env, "ARCHIVE_ANSWER_CACHE": "0"}, "every answer computed"),
                ("floor_kept", env, "answers kept"),
            ):
                log(
                    f"[{time.strftime('%H:%M:%S')}] against the floor, {label}: 1 worker, 1 client, "
                    f"{options.floor_rounds} rounds …"
                )
                with Gunicorn(server_env_used, 1, server_log) as server:
                    report[key] = http_floor.measure(
                        server.port, server.process.pid, floor_paths, options.floor_rounds, options.seed
                    )
                    report[key]["worker_warm_up"] = server.warm_up
        report["runs"] = []
        if not options.floor_only:
            log(f"[{time.strftime('%H:%M:%S')}] single process: 1 worker, 1 client …")
            report["single"] = run_workers(env, 1, 1, mix, requests, server_log)
            for workers in options.workers:
                log(f"[{time.strftime('%H:%M:%S')}] {workers} worker(s), {options.clients} clients …")
                report["runs"].append(run_workers(env, workers, options.clients, mix, requests, server_log))
            single = report["single"]["requests_per_s"]
            for run_report in report["runs"]:
                run_report["ratio_to_single"] = round(run_report["requests_per_s"] / single, 2) if single else 0.0
        report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        if not options.keep and not reuse:
            shutil.rmtree(workdir, ignore_errors=True)
    rows = [report.get("single", {}), report.get("floor", {}), report.get("floor_kept", {}), *report.get("runs", ())]
    report["errors"] = sum(row.get("errors", 0) for row in rows)
    return report


def _mix_summary(mix: list[str]) -> dict[str, int]:
    kinds = {"page": "/?", "api": "/api/search/", "feed": "/feeds/search/", "article": "/articles/"}
    return {kind: sum(path.startswith(prefix) for path in mix) for kind, prefix in kinds.items()}


def format_report(report: dict) -> str:
    machine = report["machine"]
    mix = report["mix"]
    built = "prepared (kept archive: static files, the mix)" if report.get("reused") else "built"
    lines = [
        f"bench_http: {report['kept']:,} articles, {report['requests']:,} requests per run drawn from a mix of "
        f"{sum(mix.values())} URLs ({mix['page']} search pages, {mix['api']} API searches, {mix['feed']} feeds, "
        f"{mix['article']} article pages); gunicorn sync workers, DJANGO_DEBUG=0, answers kept as deployed",
        f"archive: {built} in {report['build']['seconds']} s",
        f"host: {machine['cpus']} CPUs, {machine['python']}, CPU reference {machine['cpu_reference_ms']} ms; "
        f"load average {' '.join(map(str, machine['load_average']))} before, "
        f"{' '.join(map(str, report['load_average_after']))} after",
    ]
    if "floor" in report:
        lines += ["", *http_floor.format_floor(report["floor"], "every answer computed (ARCHIVE_ANSWER_CACHE=0)")]
    if "floor_kept" in report:
        lines += ["", *http_floor.format_floor(report["floor_kept"], "answers kept (the default): URLs asked again")]
    if "single" not in report:
        return "\n".join(lines)
    lines += [
        "",
        f"{'workers':>7} {'clients':>7} {'requests/s':>10} {'median ms':>9} {'p95 ms':>7} {'errors':>6} {'ratio':>6}",
    ]
    single = report["single"]
    rows = [(single, "single process")] + [(r, f"{r['ratio_to_single']:.2f}x") for r in report["runs"]]
    for row, note in rows:
        lines.append(
            f"{row['workers']:>7} {row['clients']:>7} {row['requests_per_s']:>10.1f} {row['median_ms']:>9.1f} "
            f"{row['p95_ms']:>7.1f} {row['errors']:>6} {note:>6}"
        )
    for row in [single, *report["runs"]]:
        for kind, count in row["error_kinds"].items():
            lines.append(f"  errors with {row['workers']} worker(s), {row['clients']} client(s): {count} × {kind}")
    return "\n".join(lines)

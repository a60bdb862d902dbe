"""`python manage.py bench_http`: requests/s and latency under gunicorn with 1, 2 and 4 workers (archive/benchmark/)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import benchmark
from archive.benchmark import http_bench


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.split(","))
    except ValueError as error:
        raise CommandError(f"--workers takes counts separated by commas, like 1,2,4 (not {text!r})") from error
    if not counts or min(counts) < 1:
        raise CommandError("--workers counts must be at least 1")
    return counts


class Command(BaseCommand):
    help = (
        "Build a throwaway archive of N Reuters articles in a temporary data dir, serve it with gunicorn "
        "(DJANGO_DEBUG=0) with 1, 2 and 4 workers in turn, and load each with concurrent clients sending a fixed "
        "number of requests from a search mix; prints requests/s, median and p95 latency and errors per run, "
        "and the single-process figure (1 worker, 1 client). First, on 1 worker and 1 client, each class of "
        "request (search API, search page, RSS and Atom feeds) against the floor, /api/articles/<id>/, side by "
        "side, with every answer computed (ARCHIVE_ANSWER_CACHE=0) and with answers kept, as deployed. --workdir "
        "with a kept archive in it serves that one instead of building. Exits non-zero on any error."
    )
    requires_system_checks = []  # the build phase runs before collectstatic

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10000, help="archive size (default 10000)")
        parser.add_argument("--requests", type=int, default=2000, help="requests per run (default 2000)")
        parser.add_argument("--workers", type=_counts, default=(1, 2, 4), help="worker counts (default 1,2,4)")
        parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
        parser.add_argument(
            "--corpus", type=Path, default=Path("../shared/corpora/reuters21578"), help="Reuters-21578 .sgm files"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON")
        parser.add_argument("--keep", action="store_true", help="keep the temporary archive")
        parser.add_argument("--seed", type=int, default=13, help="seed of the request order (default 13)")
        parser.add_argument(
            "--floor-rounds",
            type=int,
            default=10,
            help="rounds of the floor comparison (1 worker, 1 client; default 10, 0 skips it)",
        )
        parser.add_argument("--floor-only", action="store_true", help="only the floor comparison, not the worker runs")
        parser.add_argument("--phase", choices=["build", "prepare"], help="(internal) build or prepare the archive")
        parser.add_argument(
            "--workdir",
            type=Path,
            help="the work dir: with --keep, where to build; holding data/archive.sqlite3 already (a kept "
            "archive: copy it first, the run writes to it), used as it is, without rebuilding",
        )

    def handle(self, *args, articles, requests, workers, clients, corpus, as_json, keep, seed, phase, workdir, **rest):
        if missing := benchmark.missing_requirements():
            raise CommandError(missing)
        options = http_bench.Options(
            articles=articles,
            requests=max(1, requests),
            workers=workers,
            clients=max(1, clients),
            corpus=corpus,
            keep=keep,
            workdir=workdir,
            seed=seed,
            floor_rounds=max(0, rest["floor_rounds"]),
            floor_only=rest["floor_only"],
        )
        if phase:
            (http_bench.build_here if phase == "build" else http_bench.prepare_here)(options, workdir)
            return
        if not http_bench.existing_archive(workdir) and not Path(corpus).is_dir():
            raise CommandError(f"no corpus at {corpus}")
        report = http_bench.run(options, log=lambda line: self.stderr.write(line))
        self.stdout.write(json.dumps(report, indent=1) if as_json else http_bench.format_report(report))
        if report["errors"]:
            raise CommandError(f"{report['errors']} request(s) did not answer 200 (see above)")

"""`python manage.py bench_search`: our search against stock haystack and SQLite FTS5 (see archive/benchmark/)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import benchmark
from archive.benchmark import entity_bench, search_bench, search_report


class Command(BaseCommand):
    requires_migrated_database = False  # it builds and migrates a throwaway archive of its own
    help = (
        "Build a throwaway archive of N articles in a temporary data dir and time the same fixed mix of "
        "searches through our search, stock haystack and SQLite FTS5; checks facet counts and prints the figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20000, help="archive size (default 20000)")
        parser.add_argument(
            "--corpus", type=Path, default=Path("../shared/corpora/reuters21578"), help="Reuters-21578 .sgm files"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON")
        parser.add_argument("--rounds", type=int, default=5, help="rounds of the mix for ours and FTS5 (default 5)")
        parser.add_argument(
            "--stock-rounds",
            type=int,
            help="rounds for stock haystack (default 1; 0 from 500,000 articles: one of its searches takes minutes)",
        )
        parser.add_argument("--keep", action="store_true", help="keep the temporary archive")
        parser.add_argument(
            "--phase",
            choices=[
                "corpus",
                "index",
                "search",
                "memory",
                "export",
                "entities",
                "related-latency",
                "related-precision",
                "batch",
                "import-more",
            ],
            help="(internal) run one phase here",
        )
        parser.add_argument("--workdir", type=Path, help="the work dir (kept; default a temporary one)")
        parser.add_argument(
            "--reuse-corpus",
            action="store_true",
            help="with --workdir of an earlier --keep run of the same size: keep its imported and replicated "
            "articles (and report that run's import figures) instead of building the corpus again",
        )
        parser.add_argument(
            "--related",
            action="store_true",
            help="also time related articles at N and compare their precision@5 with Whoosh's more_like",
        )
        parser.add_argument(
            "--related-every", type=int, default=1, help="precision@5 over every n-th labelled story (default 1)"
        )

    def handle(self, *args, articles, corpus, as_json, rounds, stock_rounds, keep, phase, workdir, **options):
        related, related_every = options["related"], max(1, options["related_every"])
        if missing := benchmark.missing_requirements():
            raise CommandError(missing)
        options = search_bench.Options(
            articles=articles,
            corpus=corpus,
            rounds=max(1, rounds),
            stock_rounds=max(0, stock_rounds if stock_rounds is not None else int(articles < 500_000)),
            keep=keep,
            workdir=workdir,
            reuse_corpus=options["reuse_corpus"],
            related=related,
            related_every=related_every,
        )
        if phase:
            search_bench.run_phase_here(phase, options, workdir)
            return
        if not Path(corpus).is_dir():
            raise CommandError(f"no corpus at {corpus}")
        report = search_bench.run(options, log=lambda line: self.stderr.write(line))
        if as_json:
            self.stdout.write(json.dumps(report, indent=1))
        else:
            self.stdout.write(search_report.format_report(report))
            self.stdout.write(entity_bench.format_entities(report))
        if not report["ok"]:
            raise CommandError(
                "facet counts or results differ from the database or from Whoosh, or related articles are less "
                "precise than Whoosh's more_like, or batch lines differ from search() (see above)"
            )

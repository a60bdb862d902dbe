import json
import os
import time

from django.core.management.base import BaseCommand, CommandError

from archive.html_corpus import generate_pages
from archive.html_evaluation import evaluate, extract_ours, extract_trafilatura

TARGETS = {"body_f1": 0.96, "date_exact_day": 0.90, "title_exact": 0.75}


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # reads no database and no index
    help = (
        "Score saved-page extraction on generated news pages with known answers (several CMS layouts, chrome, "
        "dates in meta / <time> / text only / none): body 4-gram F1, exact title, exact-day date, for trafilatura's "
        "defaults and for our path (archive.ingest.html)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=300, help="how many pages to generate (300)")
        parser.add_argument("--seed", type=int, default=19, help="the random seed (19): the same seed, the same pages")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the figures as JSON")
        parser.add_argument("--show", type=int, default=0, help="print up to this many failures of our path")

    def handle(self, *args, pages: int, seed: int, as_json: bool, show: int, **options):
        if pages < 1:
            raise CommandError("--pages must be at least 1.")
        wall, cpu = time.perf_counter(), time.process_time()
        scores = evaluate(
            list(generate_pages(pages, seed=seed)), {"trafilatura defaults": extract_trafilatura, "ours": extract_ours}
        )
        figures = {
            "pages": pages,
            "seed": seed,
            "scores": [score.as_dict() for score in scores],
            "targets": TARGETS,
            "seconds": {"wall": round(time.perf_counter() - wall, 1), "cpu": round(time.process_time() - cpu, 1)},
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        if as_json:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        self.stdout.write(
            f"{pages} generated pages (seed {seed}); targets: " + ", ".join(f"{k} ≥ {v}" for k, v in TARGETS.items())
        )
        self.stdout.write(f"{'extractor':<22} {'body F1':>8} {'title':>7} {'date':>7} {'false dates':>12}")
        for score in scores:
            row = score.as_dict()
            self.stdout.write(
                f"{score.name:<22} {row['body_f1']:>8.3f} {row['title_exact']:>7.3f} {row['date_exact_day']:>7.3f} "
                f"{row['false_dates']:>5}/{row['undated_pages']:<6}"
            )
        self.stdout.write(
            f"(date: exact day over the {scores[0].dated_pages} pages that have one; "
            f"{figures['seconds']['wall']} s wall, {figures['seconds']['cpu']} s CPU, load {figures['load_average']})"
        )
        for line in scores[-1].failures[:show]:
            self.stdout.write(f"  {line}")

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import Article
from archive.search import ensure_in_step, index_writing, rebuild


class Command(BaseCommand):
    help = "Build the search index from the database beside the live one, then switch over atomically."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="build only when the index is missing, empty or from an older schema; when it has drifted, "
            "re-index only the difference; when it is in step with the database, do nothing",
        )

    def handle(self, *args, no_progress, if_needed, verbosity, **options):
        quiet = no_progress or verbosity == 0
        total = Article.objects.published().count()

        def build() -> int:
            with index_writing(), tqdm(total=total, unit="article", disable=quiet, file=self.stderr) as bar:
                report = rebuild(progress=bar.update)
            self.stdout.write(
                f"Indexed {report.articles} articles in {report.seconds:.1f} s ({report.rate:.0f} articles/s)."
            )
            return report.articles

        if not if_needed:
            build()
            return
        with (
            index_writing(),
            tqdm(total=total, unit="article", desc="checking", disable=quiet, file=self.stderr) as bar,
        ):
            result = ensure_in_step(progress=bar.update, build=build)
        if result.action == "in step":
            self.stdout.write(f"The index is in step with the database ({total} articles): nothing to build.")
        elif result.action == "repaired":
            self.stdout.write(f"Re-indexed {result.articles} articles that differed ({result.reason}).")
        else:
            self.stdout.write(result.why_built())

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import Article
from archive.search.writer import rebuild


class Command(BaseCommand):
    help = "Build the search index from the database beside the live one, then switch over atomically."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress, verbosity, **options):
        total = Article.objects.published().count()
        with tqdm(total=total, unit="article", disable=no_progress or verbosity == 0, file=self.stderr) as bar:
            report = rebuild(progress=bar.update)
        self.stdout.write(
            f"Indexed {report.articles} articles in {report.seconds:.1f} s ({report.rate:.0f} articles/s)."
        )

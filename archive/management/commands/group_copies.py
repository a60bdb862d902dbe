from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive import copies


class Command(BaseCommand):
    help = (
        "Find the copies of one story among articles not fingerprinted yet (an archive imported before copy "
        "detection, or with ARCHIVE_COPY_DETECTION off) and group them. Idempotent; editors' splits are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--chunk", type=int, default=500, help="articles per transaction (default 500)")
        parser.add_argument(
            "--no-reindex",
            action="store_true",
            help="do not queue the regrouped articles for the search index (run build_index afterwards)",
        )

    def handle(self, *args, no_progress, chunk, no_reindex, verbosity, **options):
        quiet = no_progress or verbosity == 0
        with tqdm(unit="article", desc="grouping copies", disable=quiet, file=self.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            if no_reindex:
                result = copies.backfill(chunk=chunk, reindex=False, progress=progress)
            else:
                from archive.search import deferred  # one index session at the end, not one per chunk

                with deferred():
                    result = copies.backfill(chunk=chunk, progress=progress)
        self.stdout.write(
            f"Fingerprinted {result['fingerprinted']} articles; {result['regrouped']} changed group; "
            f"{result['grouped_articles']} articles in {result['groups']} copy groups."
        )

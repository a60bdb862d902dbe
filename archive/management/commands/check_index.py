from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.models import Article
from archive.search import (
    READ_ERRORS,
    check_consistency,
    describe_index_error,
    index_problem,
    index_writing,
    rebuild,
    repair_drift,
)


class Command(BaseCommand):
    help = "Compare the search index with the database (ids and content fingerprints); --repair fixes the drift."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="re-index what differs and apply queued changes")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, repair, no_progress, verbosity, **options):
        total = Article.objects.published().count()
        problem = index_problem()  # an index of an older schema (a release changed it), or none: only a build mends
        if problem:
            if not repair:
                raise CommandError(f"{problem}: run build_index (or check_index --repair)")
            self.stdout.write(f"The index needs building ({problem}); building it from the database.")
            with index_writing():
                report = rebuild()
            self.stdout.write(f"Rebuilt the index: {report.articles} articles.")
            return
        try:
            with tqdm(total=total, unit="article", disable=no_progress or verbosity == 0, file=self.stderr) as bar:
                drift = check_consistency(progress=bar.update)
        except READ_ERRORS as error:
            cause = describe_index_error(error)
            if not repair:
                raise CommandError(f"index damaged: {cause}; run build_index (or check_index --repair)") from error
            self.stdout.write(f"The index is damaged ({cause}); rebuilding it from the database.")
            with index_writing():
                report = rebuild()
            self.stdout.write(f"Rebuilt the index: {report.articles} articles.")
            return
        self.stdout.write(f"Drift: {drift.summary()}.")
        for label, ids in (("missing", drift.missing), ("not public", drift.extra), ("out of date", drift.stale)):
            if ids and verbosity >= 1:
                shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
                self.stdout.write(f"  {label}: {shown}")
        if drift.clean:
            self.stdout.write("The index matches the database.")
            return
        if not repair:
            self.stderr.write("The index differs from the database; run with --repair to fix it.")
            raise SystemExit(1)
        with index_writing():
            repair_drift(drift)
        after = check_consistency()
        self.stdout.write(f"After repair: {after.summary()}.")
        if not after.clean:
            self.stderr.write("Drift remains after the repair (another writer may be busy); run again.")
            raise SystemExit(1)
        self.stdout.write("Repaired: the index matches the database.")

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.exporters import export_articles


class Command(BaseCommand):
    help = "Export every article as JSON Lines (readable by import_articles)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, output, **options):
        if output is None:
            count = export_articles(self.stdout)
        else:
            with output.open("w", encoding="utf-8") as out:
                count = export_articles(out)
        self.stderr.write(f"Exported {count} articles.")

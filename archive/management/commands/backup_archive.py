import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.backup import backup


class Command(BaseCommand):
    help = "Write a backup of the archive (database content; the index is rebuilt from it on restore)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="default: <data dir>/backups/archive-<time>.tar.gz")

    def handle(self, *args, output, **options):
        output = output or settings.ARCHIVE_DATA_DIR / "backups" / time.strftime("archive-%Y%m%d-%H%M%S.tar.gz")
        report = backup(output=output)
        self.stdout.write(f"Backed up {report.articles} articles to {report.path} ({report.bytes:,} bytes).")

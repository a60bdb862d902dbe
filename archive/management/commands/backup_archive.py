import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.backup import backup, max_restore_bytes


class Command(BaseCommand):
    help = "Write a backup of the archive (database content; the index is rebuilt from it on restore)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="default: <data dir>/backups/archive-<time>.tar.gz")

    def handle(self, *args, output: Path | None, **options) -> None:
        output = output or settings.ARCHIVE_DATA_DIR / "backups" / time.strftime("archive-%Y%m%d-%H%M%S.tar.gz")
        try:
            report = backup(output=output)
        except OSError as error:  # a directory that cannot be made or written: one line, non-zero exit
            raise CommandError(f"the backup could not be written to {output}: {error.strerror or error}") from error
        self.stdout.write(f"Backed up {report.articles} articles to {report.path} ({report.bytes:,} bytes).")
        if report.data_bytes > max_restore_bytes():
            # Said now, not when the backup is needed: restore_archive refuses members above the cap.
            self.stdout.write(
                f"Warning: its data is {report.data_bytes:,} bytes uncompressed, more than ARCHIVE_MAX_RESTORE_BYTES "
                f"({max_restore_bytes():,}); restoring it needs that setting raised."
            )

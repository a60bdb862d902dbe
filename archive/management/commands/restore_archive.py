from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Replace the archive's content with a backup's and rebuild the search index. All or nothing: the "
        "backup is checked first, and a safety backup of the archive as it was goes to <data dir>/backups/."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument(
            "--allow-empty",
            action="store_true",
            help="restore a backup without articles, gazetteer or Editors group (refused otherwise)",
        )

    def handle(self, *args, path: Path, yes: bool, allow_empty: bool, **options) -> None:
        if not yes and not self._confirmed(path):
            raise CommandError("Nothing was changed.")
        try:
            report = restore(path=path, allow_empty=allow_empty)
        except RestoreError as error:
            if error.safety_backup:
                self.stdout.write(f"Safety backup of the archive as it was: {error.safety_backup}")
            raise CommandError(f"Nothing was changed: {error}") from error
        self.stdout.write(f"Safety backup of the archive as it was: {report.safety_backup}")
        if report.missing:
            self.stdout.write(f"Restored with --allow-empty: the backup held {', '.join(report.missing)}.")
        self.stdout.write(
            f"Restored {report.articles} articles ({report.records:,} records) from {path} (made {report.created})."
        )

    def _confirmed(self, path: Path) -> bool:
        try:
            answer = input(f"Replace everything in the archive with {path}? [y/N] ")
        except EOFError:  # no terminal (cron, CI): never guess a yes
            raise CommandError("No confirmation could be read: pass --yes to restore. Nothing was changed.") from None
        return answer.strip().lower() == "y"

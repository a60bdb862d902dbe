from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import RestoreError, restore


class Command(BaseCommand):
    help = "Replace the archive's content with a backup's and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, yes, **options):
        if not yes and not self._confirmed(path):
            raise CommandError("Nothing was changed.")
        try:
            manifest = restore(path=path)
        except RestoreError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(f"Restored {manifest['articles']} articles from {path} (made {manifest['created']}).")

    def _confirmed(self, path: Path) -> bool:
        try:
            answer = input(f"Replace everything in the archive with {path}? [y/N] ")
        except EOFError:  # no terminal (cron, CI): never guess a yes
            raise CommandError("No confirmation could be read: pass --yes to restore. Nothing was changed.") from None
        return answer.strip().lower() == "y"

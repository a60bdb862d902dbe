"""`manage.py preflight`: what the production server checks before it starts (archive/gunicorn.conf.py runs it).

The deployment checks at ERROR level (a missing static manifest, a data dir the server cannot write), the
database's own (not migrated, unreachable, no rate-limit table: not among `check`'s, which `migrate` runs on a
database not yet set up), then the upload copies a killed worker of an earlier server left in the data dir are
removed. Exit 1 and the problems on stderr when the server must not start.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, SystemCheckError


class Command(BaseCommand):
    help = "Check what the production server needs before it starts; exit 1, saying what is wrong, if it must not."

    def handle(self, *args, **options) -> None:
        from archive.checks import database_problems, ratelimit_problems
        from archive.uploads import remove_abandoned_uploads

        call_command("check", deploy=True, fail_level="ERROR")
        if problems := database_problems() or ratelimit_problems():
            said = (f"{problem.id}: {problem.msg} HINT: {problem.hint}" for problem in problems)
            raise SystemCheckError("\n".join(said))
        remove_abandoned_uploads()

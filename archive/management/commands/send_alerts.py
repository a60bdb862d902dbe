"""Mail every due e-mail alert its new articles (archive/alerts/sending.py). For cron, every minute:

    * * * * * cd /srv/archive && .venv/bin/python manage.py send_alerts

Safe to run twice at once. Exit status 1 when the mail server or the index could not be reached (every alert
then stays due for the next run).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.alerts.sending import send_due


class Command(BaseCommand):
    help = "Send the e-mail alerts that are due: new matching articles, each mailed once per alert."

    def handle(self, *args, **options) -> None:
        report = send_due()
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError("stopped early: " + "; ".join(report.errors))

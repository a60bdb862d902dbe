from django.core.management.base import BaseCommand

from archive.gazetteers import load_gazetteers


class Command(BaseCommand):
    help = "Create the shipped countries and organisations that are missing (editors' changes are kept)."

    def handle(self, *args, **options):
        created = load_gazetteers()
        self.stdout.write(
            f"Gazetteers ready: {created['countries']} countries and {created['organisations']} organisations added."
        )

import time

from django.core.management.base import BaseCommand, CommandError

from archive.search import READ_ERRORS, describe_index_error, live_path, write_decoded_postings


class Command(BaseCommand):
    help = (
        "Write the decoded postings of the frequent words of every large segment of the live index that "
        "has none or an unreadable one (an index built before they existed or in their first layout, a file "
        "cut short): first searches then read them in place instead of decoding them. Builds and imports "
        "write them themselves."
    )

    def handle(self, *args, **options):
        index_dir = live_path().resolve()
        started = time.perf_counter()
        try:
            written = write_decoded_postings(index_dir)
        except READ_ERRORS as error:
            raise CommandError(f"index damaged: {describe_index_error(error)}; run build_index") from error
        seconds = time.perf_counter() - started
        size = sum(path.stat().st_size for path in written) / 2**20
        self.stdout.write(
            f"Wrote the decoded postings of {len(written)} segment(s) ({size:.0f} MB) in {seconds:.1f} s."
            if written
            else "Every large segment already has its decoded postings; nothing to write."
        )

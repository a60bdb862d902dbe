import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.extraction.types import Gazetteer
from archive.gazetteers import current_gazetteer
from archive.importers import max_article_bytes
from archive.ingest.common import oversize
from archive.models import Article
from archive.record_extraction import extract_record
from archive.tagging import reextract


class _SkippedLine(Exception):
    """An input line that gives no output; the message says why, for stderr."""


class Command(BaseCommand):
    help = (
        "Extract countries, organisations and dates from JSON Lines ({id, title, body} per line; '-' for "
        "standard input) and print one JSON object per line, writing nothing to the database; a line that "
        "cannot be read (not JSON, nested too deeply, over the 1 MB per-article cap) is reported on stderr with its "
        "number. "
        "With --reextract, re-run extraction on stored articles instead (editors' tags are kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="*", help="a JSON Lines file or '-'; with --reextract, article ids")
        parser.add_argument("--reextract", action="store_true", help="re-extract stored articles")
        parser.add_argument("--all", action="store_true", help="with --reextract: every article")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, inputs, reextract, all, no_progress, verbosity, **options):
        if reextract:
            return self._reextract(inputs, everything=all, progress=not no_progress and verbosity > 0)
        if len(inputs) != 1:
            raise CommandError("Give one JSON Lines file, or '-' for standard input.")
        self._extract_stream(inputs[0])

    def _extract_stream(self, name: str) -> None:
        gazetteer = current_gazetteer()
        try:
            stream = sys.stdin if name == "-" else Path(name).open(encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}.") from error
        try:
            for line_number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    output = self._extract_line(line, gazetteer)
                except _SkippedLine as error:
                    self.stderr.write(f"line {line_number}: skipped, {error}")
                    continue
                self.stdout.write(output)
        finally:
            if stream is not sys.stdin:
                stream.close()

    @staticmethod
    def _extract_line(line: str, gazetteer: Gazetteer) -> str:
        """One input line -> one output line; _SkippedLine says why a line gives none."""
        if reason := oversize(line, max_article_bytes()):
            raise _SkippedLine(reason)
        try:
            record = json.loads(line)
        except RecursionError:
            raise _SkippedLine("its JSON is nested too deeply to read") from None
        except ValueError as error:
            raise _SkippedLine(str(error)) from None
        if not isinstance(record, dict):
            raise _SkippedLine("not a JSON object")
        try:
            return json.dumps(extract_record(record, gazetteer), ensure_ascii=False)
        except Exception as error:  # one odd record must not stop the stream; the others still come out
            raise _SkippedLine(f"cannot extract from it ({type(error).__name__}: {error})") from None

    def _reextract(self, ids: list[str], *, everything: bool, progress: bool) -> None:
        if everything == bool(ids):
            raise CommandError("Give either --all or article ids.")
        articles = Article.objects.all() if everything else Article.objects.filter(pk__in=ids)
        with tqdm(total=articles.count(), unit="article", disable=not progress, file=self.stderr) as bar:
            done = reextract(articles.order_by("pk"), progress=bar.update)
        self.stdout.write(f"Re-extracted {done} articles (editors' tags and rejections kept).")

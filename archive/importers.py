"""Turning parsed files into articles: idempotent, one transaction per article, with a report.

An article is keyed on its import reference (`seeds/004_x.txt#2`, `reuters:17`): the same file
imported again changes nothing; a changed file updates its articles; the same text arriving
under another reference is reported as a duplicate and not stored twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from archive.extraction.types import Gazetteer
from archive.gazetteers import current_gazetteer
from archive.ingest import SUPPORTED_SUFFIXES, parse_file
from archive.ingest.types import IngestError, ParsedArticle
from archive.models import Article, Precision, Source
from archive.search import writer
from archive.tagging import Targets, retag, set_given_tags

NEW, UPDATED, UNCHANGED, DUPLICATE = "new", "updated", "unchanged", "duplicate"
FEED_EVERY = 250  # articles between hand-overs to the index while a large batch imports


def checksum(body: str) -> str:
    """SHA-256 of the body with Unicode and white space normalised: the same text, however wrapped."""
    normalised = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class FileReport:
    path: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[str] = field(default_factory=list)  # "ref (same text as ref)"
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # reasons; a file-level failure has one entry

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    import_seconds: float = 0.0  # parsing, extraction, database writes (and indexing alongside)
    index_seconds: float = 0.0  # after them, until every article is searchable
    indexed: int = 0  # articles the index update applied

    @property
    def seconds(self) -> float:
        """End to end: from the start until every imported article is searchable."""
        return self.import_seconds + self.index_seconds

    @property
    def rate(self) -> float:
        """New and updated articles per second, end to end."""
        stored = self.total("new") + self.total("updated")
        return stored / self.seconds if self.seconds else 0.0

    def total(self, name: str) -> int:
        return sum(len(v) if isinstance(v := getattr(f, name), list) else v for f in self.files)

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.failed]

    @property
    def ok(self) -> bool:
        return not self.failed_files

    def summary(self) -> str:
        return (
            f"{self.total('new')} new, {self.total('updated')} updated, {self.total('unchanged')} unchanged, "
            f"{self.total('duplicates')} duplicates, {self.total('skipped')} skipped, "
            f"{len(self.failed_files)} files with failures"
        )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside directories (sorted, recursively)."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(path)
    return files


def _source(name: str, cache: dict[str, Source] | None = None) -> Source | None:
    name = name.strip()
    if not name:
        return None
    if cache is not None and name.lower() in cache:
        return cache[name.lower()]
    source = _find_or_create_source(name)
    if cache is not None:
        cache[name.lower()] = source
    return source


def _find_or_create_source(name: str) -> Source:
    source = Source.objects.filter(name__iexact=name).first()
    if source is None:  # a merged-away name lives on as an alias of the source kept
        lowered = name.lower()
        source = next(
            (s for s in Source.objects.exclude(aliases=[]) if lowered in {a.lower() for a in s.aliases}), None
        )
    if source is None:
        slug = slugify(name)[:200] or "source"
        if Source.objects.filter(slug=slug).exists():
            slug = f"{slug}-{Source.objects.count() + 1}"
        source = Source.objects.create(name=name, slug=slug)
    return source


def _fields(parsed: ParsedArticle) -> dict:
    published = parsed.published
    return {
        "title": parsed.title[:500],
        "title_generated": parsed.title_generated,
        "standfirst": list(parsed.standfirst),
        "body": parsed.body,
        "raw_text": parsed.raw_text,
        "url": parsed.url[:1000],
        "author": parsed.author[:200],
        "author_bio": parsed.author_bio,
        "dateline_place": parsed.dateline.place[:100],
        "dateline_agency": parsed.dateline.agency[:100],
        "published": published.value,
        "precision": str(published.precision) if published.value else Precision.UNKNOWN,
        "date_text": (published.text or parsed.dateline.text)[:200],
        "captions": list(parsed.captions),
        "language": parsed.language or "en",
        "checksum": checksum(parsed.body),
    }


@dataclass
class ImportContext:
    """What a batch looks up once: the gazetteer, tag targets and sources seen so far."""

    gazetteer: Gazetteer = field(default_factory=current_gazetteer)
    targets: Targets = field(default_factory=Targets.load)
    sources: dict[str, Source] = field(default_factory=dict)
    # simple_history's post_save reads `instance.history` only for its model, and that descriptor
    # builds a new manager class on every instance access: one manager for the batch instead.
    history: object = field(default_factory=lambda: Article.history)
    feed: Callable[[], None] | None = None  # hands what was imported so far to the index (writer.streamed)


def import_article(parsed: ParsedArticle, *, context: ImportContext | None = None) -> tuple[str, str]:
    """Store one parsed article in its own transaction. Returns (outcome, detail)."""
    context = context or ImportContext()
    fields = _fields(parsed)
    with transaction.atomic():
        # One query for both questions: is this reference known, and is this text already here?
        known = {
            row["import_ref"]: row
            for row in Article.objects.filter(Q(import_ref=parsed.ref) | Q(checksum=fields["checksum"])).values(
                "pk", "import_ref", "raw_text"
            )
        }
        if parsed.ref in known and known[parsed.ref]["raw_text"] == parsed.raw_text:
            return UNCHANGED, ""
        if parsed.ref in known:
            article, outcome = Article.objects.get(pk=known[parsed.ref]["pk"]), UPDATED
        elif known:
            return DUPLICATE, next(iter(known))
        else:
            article, outcome = Article(import_ref=parsed.ref), NEW
        for name, value in fields.items():
            setattr(article, name, value)
        article.source = _source(parsed.source, context.sources)
        article.history = context.history
        article.save()
        if parsed.countries is None or parsed.organisations is None:
            # article.save() above recorded this article's IndexChange row in this transaction.
            retag(article, gazetteer=context.gazetteer, targets=context.targets, new=outcome == NEW, record=False)
        set_given_tags(article, countries=parsed.countries, organisations=parsed.organisations)
    return outcome, ""


def import_file(path: Path, *, context: ImportContext | None = None, ref_base: str | None = None) -> FileReport:
    report = FileReport(path=str(path))
    limit = settings.ARCHIVE_MAX_IMPORT_BYTES
    try:
        size = Path(path).stat().st_size
    except OSError as error:
        report.failed.append(f"cannot read the file: {error.strerror or error}")
        return report
    if size > limit:
        report.failed.append(f"file too large: {filesizeformat(size)}; the limit is {filesizeformat(limit)}")
        return report
    try:
        parsed_file = parse_file(Path(path), ref_base=ref_base)
    except IngestError as error:
        report.failed.append(str(error))
        return report
    except OSError as error:
        report.failed.append(f"cannot read the file: {error.strerror or error}")
        return report
    report.skipped = parsed_file.skipped
    report.failed.extend(parsed_file.errors)
    context = context or ImportContext()
    for number, parsed in enumerate(parsed_file.articles, 1):
        if context.feed is not None and number % FEED_EVERY == 0:
            context.feed()
        try:
            outcome, detail = import_article(parsed, context=context)
        except Exception as error:  # one bad record must not stop the batch; its reason is reported
            report.failed.append(f"{parsed.ref}: {error}")
            continue
        if outcome == DUPLICATE:
            report.duplicates.append(f"{parsed.ref} (same text as {detail})")
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


@contextlib.contextmanager
def without_query_log() -> Iterator[None]:
    """Run a batch without Django's DEBUG query log (for commands: not thread-safe).

    With DEBUG on, every query's SQL is kept with its parameters quoted, on SQLite by one more
    query each (bodies included): about a tenth of a batch import's time, and a growing log.
    """
    from django.db import connection

    connection.make_debug_cursor = connection.make_cursor
    try:
        yield
    finally:
        del connection.make_debug_cursor


def import_paths(
    paths: Iterable[Path],
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    index_progress: writer.ProgressStart | None = None,
) -> ImportReport:
    """Import files and directories; every article is searchable when this returns.

    A large batch is indexed while it imports, by indexing processes beside this one
    (`writer.streamed`); what is left is applied at the end. `index_progress` reports indexing.
    """
    report = ImportReport()
    started = time.perf_counter()
    files = expand_paths(paths)
    with writer.streamed(progress=_Counted(report, index_progress)) as feed:
        context = ImportContext(feed=feed)
        for path in progress(files) if progress else files:
            report.files.append(import_file(path, context=context))
            feed()
        report.import_seconds = time.perf_counter() - started
    report.index_seconds = time.perf_counter() - started - report.import_seconds
    return report


class _Counted:
    """The index progress hook: counts the articles indexed for the report."""

    def __init__(self, report: ImportReport, then: writer.ProgressStart | None) -> None:
        self.report, self.then = report, then

    def __call__(self, total: int) -> Callable[[int], object]:
        self.report.indexed += total
        return self.then(total) if self.then is not None else (lambda n: None)

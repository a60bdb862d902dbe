"""Turning parsed files into articles: idempotent, in batched transactions, with a report.

An article is keyed on its import reference (`seeds/004_x.txt#2`, `reuters:17`): the same file
imported again changes nothing; a changed file updates its articles; the same text arriving
under another reference is reported as a duplicate and not stored twice.

Parsing and extraction run before any transaction (a slow file never holds the write lock); the
articles are then written BATCH_SIZE per transaction, with bulk inserts for new articles, their
history rows, tags and IndexChange rows. A batch that fails is written again one article per
transaction, so one bad article is reported on its line and the others land.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat

from archive.import_batches import (
    DUPLICATE,
    ImportContext,
    Outcome,
    Prepared,
    write_batch,
)
from archive.ingest import SUPPORTED_SUFFIXES, Deadline, OutOfTime, parse_file
from archive.ingest.types import IngestError, ParsedArticle
from archive.models import Article, Precision
from archive.search import IndexBusy, ProgressStart, TierMerge, merge_tiers, streamed
from archive.tagging import extract_for

# Articles per write transaction, and between hand-overs to the index while a large batch imports:
# ~0.1-0.3 s of writes, so the write lock is never held for long, and a fraction of each commit's cost.
BATCH_SIZE = 250

logger = logging.getLogger(__name__)


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
    originals: list[str] = field(default_factory=list)  # the ref each duplicate repeats, in the same order
    skipped: int = 0
    # The records the file itself left out, in words: "76 records with no story text (…)", or "".
    skipped_why: str = ""
    failed: list[str] = field(default_factory=list)  # reasons; a file-level failure has one entry
    # Stored articles with something left out: "ref: source URL refused (...)", "ref: unknown tags ...".
    warnings: list[str] = field(default_factory=list)
    # The caller's deadline (an upload's) came first: what was not done, and that importing it again carries on.
    unfinished: str = ""
    not_started: int = 0  # articles of the file not imported for that (0 when the file was not read at all)

    @property
    def failed_whole(self) -> bool:
        """The file failed and gave nothing: no article stored, kept, skipped or found a duplicate."""
        counted = self.new or self.updated or self.unchanged or self.skipped or self.duplicates or self.warnings
        return bool(self.failed) and not counted

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    import_seconds: float = 0.0  # parsing, extraction, database writes (and indexing alongside)
    index_seconds: float = 0.0  # after them, until every article is searchable
    indexed: int = 0  # articles the index update applied
    merge: TierMerge | None = None  # the index's segments merged by tiers once all was searchable
    index_error: str = ""  # the index could not be written after the import: the changes stay queued

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
    def unfinished_files(self) -> list[FileReport]:
        return [f for f in self.files if f.unfinished]

    @property
    def ok(self) -> bool:
        return not self.failed_files

    def summary(self) -> str:
        return (
            f"{self.total('new')} new, {self.total('updated')} updated, {self.total('unchanged')} unchanged, "
            f"{self.total('duplicates')} duplicates, {self.total('skipped')} skipped, "
            f"{len(self.failed_files)} file{'' if len(self.failed_files) == 1 else 's'} with failures"
        )


def passed_over(paths: Iterable[Path]) -> list[Path]:
    """The files inside the directories given that are of no type the archive imports (a .docx, a README), which
    `expand_paths` leaves out: a command names them, so that none goes missing unsaid. Hidden files aside."""
    return [
        p
        for path in map(Path, paths)
        if path.is_dir()
        for p in sorted(path.rglob("*"))
        if p.is_file()
        and p.suffix.lower() not in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    ]


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


_HTTP_URL = URLValidator(schemes=["http", "https"])
URL_MAX = Article._meta.get_field("url").max_length


def _source_url(url: str) -> tuple[str, str]:
    """(url to store, warning): only an http(s) address the admin form also accepts is stored.

    Anything else (`javascript:`, `data:`, a truncated or malformed address) would be a link readers
    follow and would make every later admin save of the article fail validation: stored empty, reported.
    """
    url = url.strip()
    if not url:
        return "", ""
    shown = url if len(url) <= 80 else url[:77] + "..."
    if len(url) > URL_MAX:
        return "", f"source URL refused (longer than {URL_MAX} characters): {shown!r}"
    try:
        _HTTP_URL(url)
    except ValidationError:
        return "", f"source URL refused (not a valid http or https address): {shown!r}"
    return url, ""


def _fields(parsed: ParsedArticle) -> dict:
    published = parsed.published
    precision = str(published.precision) if published.value else Precision.UNKNOWN
    if published.value and precision == Precision.UNKNOWN:
        precision = Precision.DAY  # as Article.save() does; bulk_create does not call it
    return {
        "title": parsed.title[:500],
        "title_generated": parsed.title_generated,
        "standfirst": list(parsed.standfirst),
        "body": parsed.body,
        "raw_text": parsed.raw_text,  # the bytes received (the parser's contract), never a record's claim
        "url": parsed.url,
        "author": parsed.author[:200],
        "author_bio": parsed.author_bio,
        "dateline_place": parsed.dateline.place[:100],
        "dateline_agency": parsed.dateline.agency[:100],
        "published": published.value,
        "precision": precision,
        "date_unknown": published.value is None,
        "date_text": (published.text or parsed.dateline.text)[:200],
        "captions": list(parsed.captions),
        "language": parsed.language or "en",
        "checksum": checksum(parsed.body),
    }


# Fewer words than this in an e-mail beside an attachment the archive imports: a covering note ("Saved page
# attached."), the story being the attachment.
_NOTE_WORDS = 12


def _covering_note(parsed: ParsedArticle) -> str:
    """A warning when the article is a mail's short covering note and its story likely an attachment."""
    files = [a.filename for a in parsed.attachments if Path(a.filename).suffix.lower() in SUPPORTED_SUFFIXES]
    words = len(parsed.body.split())
    if not files or words >= _NOTE_WORDS:
        return ""
    return (
        f"its own text is a short note ({words} words): the story is likely in its attachment {', '.join(files)} "
        "(import_articles --attachments, or “Import as articles” on the attachments screen, imports it as an article)"
    )


def prepare(parsed: ParsedArticle, context: ImportContext) -> Prepared:
    """Everything that costs CPU and needs no database: values, checksum, URL check, extraction."""
    fields = _fields(parsed)
    fields["url"], warning = _source_url(parsed.url)
    given = parsed.countries is not None and parsed.organisations is not None
    extraction = None if given else extract_for(Article(**fields), context.gazetteer)
    warnings = [w for w in (warning, *parsed.warnings, _covering_note(parsed)) if w]
    return Prepared(parsed, fields, extraction, warnings)


def _reason(error: BaseException) -> str:
    """A failure as one report line: parsers' messages as they are, anything else with its type."""
    if isinstance(error, IngestError):
        return str(error)
    message = str(error)[:300]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _batches(items: Iterable[ParsedArticle], size: int) -> Iterator[list[ParsedArticle]]:
    """Runs of at most `size` articles; a ref repeated in a file starts a new run (it must see the first)."""
    batch: list[ParsedArticle] = []
    refs: set[str] = set()
    for item in items:
        if len(batch) >= size or item.ref in refs:
            yield batch
            batch, refs = [], set()
        batch.append(item)
        refs.add(item.ref)
    if batch:
        yield batch


def _store(batch: list[Prepared], context: ImportContext, report: FileReport) -> None:
    """Write a batch in one transaction; if it fails, one transaction per article, so only the bad one is lost."""
    try:
        with transaction.atomic():
            outcomes = write_batch(batch, context)
    except Exception:
        context.sources.clear()  # sources created in the rolled-back transaction are gone
        for item in batch:
            try:
                with transaction.atomic():
                    [outcome] = write_batch([item], context)
            except Exception as error:  # this article alone: reported on its line, the rest land
                context.sources.clear()
                report.failed.append(f"{item.ref}: {_reason(error)}")
                continue
            _count(report, item, outcome)
        return
    for item, outcome in zip(batch, outcomes, strict=True):
        _count(report, item, outcome)


def _count(report: FileReport, item: Prepared, outcome: Outcome) -> None:
    if outcome.name == DUPLICATE:
        report.duplicates.append(f"{item.ref} (same text as {outcome.detail})")
        report.originals.append(outcome.detail)
        return
    setattr(report, outcome.name, getattr(report, outcome.name) + 1)
    report.warnings += [f"{item.ref}: {warning}" for warning in outcome.warnings]


def max_article_bytes() -> int:
    """The per-article cap the parsers enforce (a larger article is reported, the rest of its file imports)."""
    return settings.ARCHIVE_MAX_ARTICLE_BYTES


UNFINISHED_HOW = "importing the file again carries on where this stopped (what is stored stays as it is)"
# A file whose reading itself was cut short (a PDF) would be cut short again in an upload as full.
UNREAD_HOW = "upload it on its own, or import it with import_articles (no such limit)"


def import_file(
    path: Path,
    *,
    context: ImportContext | None = None,
    ref_base: str | None = None,
    replace_edited: bool = False,
    deadline: Deadline | None = None,
) -> FileReport:
    """Import one file: parsed and extracted outside any transaction, written BATCH_SIZE articles per transaction.
    An article an editor changed is kept, its record skipped, unless `replace_edited` (or the context) says otherwise.

    Nothing raised while reading, parsing, extracting or writing stops the caller's batch: a failure of
    the whole file is its one `failed` entry, a failure of one article an entry naming its ref. Once `deadline`
    (an upload's) has passed, nothing more is started: the report's `unfinished` says what was left.
    """
    report = FileReport(path=str(path))
    if deadline is not None and deadline.passed:
        report.unfinished = f"not started: the time for the upload was up; {UNFINISHED_HOW}"
        return report
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
        parsed_file = parse_file(
            Path(path), ref_base=ref_base, max_article_bytes=max_article_bytes(), deadline=deadline
        )
    except OutOfTime as error:  # not the file's fault: a PDF's reading was stopped, its child killed
        report.unfinished = f"{error}; {UNREAD_HOW}"
        return report
    except OSError as error:
        report.failed.append(f"cannot read the file: {error.strerror or error}")
        return report
    except Exception as error:  # IngestError, or a parser's bug on hostile input: this file only
        report.failed.append(_reason(error))
        return report
    report.skipped = parsed_file.skipped
    if parsed_file.skipped:  # the count alone left an editor asking which records were lost, and why
        noun = "record" if parsed_file.skipped == 1 else "records"
        report.skipped_why = f"{parsed_file.skipped:,} {noun} {parsed_file.skipped_why or 'left out by the reader'}"
    report.failed.extend(parsed_file.errors)
    context = context or ImportContext(replace_edited=replace_edited)
    done = 0
    for run in _batches(parsed_file.articles, BATCH_SIZE):
        if deadline is not None and deadline.passed:
            report.not_started = len(parsed_file.articles) - done
            report.unfinished = (
                f"{report.not_started:,} of its {len(parsed_file.articles):,} articles not imported yet: "
                f"the time for the upload was up; {UNFINISHED_HOW}"
            )
            break
        done += len(run)
        batch: list[Prepared] = []
        for parsed in run:
            try:
                batch.append(prepare(parsed, context))
            except Exception as error:  # e.g. extraction failing on one text: that article only
                report.failed.append(f"{parsed.ref}: {_reason(error)}")
        if batch:
            _store(batch, context, report)
        if context.feed is not None:
            context.feed()
    return report


@contextlib.contextmanager
def without_query_log() -> Iterator[None]:
    """Run a batch without Django's DEBUG query log (for commands: not thread-safe).

    With DEBUG on, every query's SQL is kept with its parameters quoted, on SQLite by one more
    query each (bodies included): about a tenth of a batch import's time, and a growing log.
    """
    connection.make_debug_cursor = connection.make_cursor
    try:
        yield
    finally:
        del connection.make_debug_cursor


def import_paths(
    paths: Iterable[Path],
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    index_progress: ProgressStart | None = None,
    replace_edited: bool = False,
    reparse: bool = False,
) -> ImportReport:
    """Import files and directories; every article is searchable when this returns.

    A large batch is indexed while it imports, by indexing processes beside this one
    (`archive.search.streamed`); what is left is applied at the end. `index_progress` reports indexing.
    """
    report = ImportReport()
    started = time.perf_counter()
    files = expand_paths(paths)
    try:
        with streamed(progress=_Counted(report, index_progress)) as feed:
            context = ImportContext(feed=feed, replace_edited=replace_edited, reparse=reparse)
            for path in progress(files) if progress else files:
                report.files.append(import_file(path, context=context))
                feed()
            report.import_seconds = time.perf_counter() - started
    except OSError as error:
        if not report.import_seconds:  # the import itself, not the index after it
            raise
        # Every article is stored and its change queued: only the index is behind (a directory it cannot write).
        logger.warning("The index update after an import failed: %s", error)  # the caller says it, in one line
        report.index_error = f"{type(error).__name__}: {error}"
        return report
    report.index_seconds = time.perf_counter() - started - report.import_seconds
    # Every article is searchable now; the segments the import added are merged by tiers after that.
    try:
        report.merge = merge_tiers()
    except IndexBusy:  # another writer has the index; the next import merges
        logger.info("Index busy: its segments are merged by the next import.")
    return report


class _Counted:
    """The index progress hook: counts the articles indexed for the report."""

    def __init__(self, report: ImportReport, then: ProgressStart | None) -> None:
        self.report, self.then = report, then

    def __call__(self, total: int) -> Callable[[int], object]:
        self.report.indexed += total
        return self.then(total) if self.then is not None else (lambda n: None)

"""Importing editors' uploads: safe names, a stable identity per file, no temporary copy left behind.

A curation service (the admin's import page calls it). Identity: an upload's articles are keyed
`upload/<name>@<checksum>#n` (a JSON Lines record with an id or import_ref: `...:<it>`), the
checksum being the first 12 hex digits of the file's SHA-256, so

- the same file uploaded again changes nothing (same reference, same text: "unchanged");
- a different file that happens to have a name used before gets references of its own and never
  overwrites the earlier articles; the editor is told, and can upload it again with `replace` to
  update the articles of the latest upload of that name instead (including uploads made before
  references carried a checksum, `upload/<name>#n`).

An upload answers before the web server's worker timeout (ARCHIVE_WORKER_TIMEOUT, read by gunicorn.conf.py and by
settings): it has a deadline, UPLOAD_SHARE of that timeout; files and articles not started by then are reported as
not imported yet (importing them again carries on: the importers are idempotent), a PDF's child process is killed at
it, and a queue of index changes longer than a request applies (ARCHIVE_INDEX_IN_REQUEST_MAX) is applied in the
background. The rest of the timeout is left for the index, the answer and a slow host.

Temporary copies live in `<data dir>/tmp` (Django's buffers of large uploads too, FILE_UPLOAD_TEMP_DIR)
and copies older than an hour, left by a killed worker, are removed at the start of every upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from django.conf import settings

from archive.importers import FileReport, import_file
from archive.ingest import Deadline
from archive.models import Article
from archive.search import IndexBusy, deferred

logger = logging.getLogger(__name__)

REF_PREFIX = "upload/"
DIGEST_LENGTH = 12  # hex digits of SHA-256: a clash between two files of one name is not a practical risk
MAX_NAME_LENGTH = 120
ABANDONED_AFTER = 3600  # seconds: no request lives this long (gunicorn's timeout is minutes)
TEMP_PREFIX = "upload-"  # this module's folders
DJANGO_BUFFER_GLOB = "*.upload*"  # Django's TemporaryUploadedFile: tmpXXXX.upload.<suffix>
UPLOAD_SHARE = 0.6  # of the worker timeout, for the import itself (72 s of 120)

_UNSAFE_NAME_CHARS = re.compile(r"[^\w.\-]+")
_UNSAFE_SUFFIX_CHARS = re.compile(r"[^A-Za-z0-9]+")


class Upload(Protocol):
    """What an uploaded file offers (Django's UploadedFile)."""

    name: str

    def chunks(self) -> Iterable[bytes]: ...


# --- Names ----------------------------------------------------------------------------------------


def safe_upload_name(name: str, taken: Iterable[str] = ()) -> str:
    """A plain file name for an upload: no directories, no hidden or special names, unique among `taken`.

    The suffix is kept apart from the stem, so a stem of emoji alone becomes `upload` and keeps its
    suffix (`💣.txt` -> `upload.txt`). `../../etc/passwd.txt` -> `passwd.txt`; `C:\\x\\a b.txt` ->
    `a_b.txt`; `..` -> `upload`; names are cut to MAX_NAME_LENGTH characters.
    """
    base = PurePosixPath(unicodedata.normalize("NFC", name or "").replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = _UNSAFE_SUFFIX_CHARS.sub("", suffix)[:16]
    stem = _UNSAFE_NAME_CHARS.sub("_", stem).strip("._ ")
    stem = stem[: MAX_NAME_LENGTH - len(suffix) - 1].strip("._ ") or "upload"
    candidate = f"{stem}.{suffix}" if suffix else stem
    taken = set(taken)
    number = 2
    while candidate in taken:
        candidate = f"{stem}-{number}.{suffix}" if suffix else f"{stem}-{number}"
        number += 1
    return candidate


# --- Identity -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EarlierUpload:
    """The articles of one earlier upload of a file name."""

    base: str  # the reference base: upload/<name>@<checksum>, or upload/<name> from before checksums
    articles: int
    imported_at: dt.datetime


def reference_base(safe_name: str, digest: str) -> str:
    return f"{REF_PREFIX}{safe_name}@{digest[:DIGEST_LENGTH]}"


def earlier_uploads(safe_name: str) -> list[EarlierUpload]:
    """The uploads of exactly this file name so far, latest first.

    The database narrows by prefix (case-insensitively on SQLite), the pattern decides exactly: the
    base is followed by `#n` (text files, PDFs), `:id` (JSON Lines records), `/n` (an e-mail's stories,
    a mailbox's messages) or by nothing (a saved web page, an e-mail: one article, the file's own reference).
    """
    prefix = f"{REF_PREFIX}{safe_name}"
    pattern = re.compile(rf"({re.escape(prefix)}(?:@[0-9a-f]{{{DIGEST_LENGTH}}})?)(?:[#:/]|$)")
    found: dict[str, EarlierUpload] = {}
    rows = Article.objects.filter(import_ref__startswith=prefix).values_list("import_ref", "imported_at")
    for ref, imported_at in rows.iterator():
        match = pattern.match(ref)
        if match is None:
            continue
        base = match[1]
        known = found.get(base)
        latest = max(imported_at, known.imported_at) if known else imported_at
        found[base] = EarlierUpload(base=base, articles=(known.articles if known else 0) + 1, imported_at=latest)
    return sorted(found.values(), key=lambda upload: upload.imported_at, reverse=True)


@dataclass(frozen=True)
class Identity:
    base: str  # the reference base to import under
    replaced: EarlierUpload | None  # the earlier upload this file updates (`replace`)
    others: list[EarlierUpload]  # earlier uploads of the name with other content, left as they are


def choose_identity(safe_name: str, digest: str, *, replace: bool) -> Identity:
    """Where a file's articles go: its own references, or (replace) the latest upload of its name."""
    own = reference_base(safe_name, digest)
    earlier = earlier_uploads(safe_name)
    if replace and earlier:
        latest = earlier[0]
        return Identity(base=latest.base, replaced=None if latest.base == own else latest, others=[])
    return Identity(base=own, replaced=None, others=[upload for upload in earlier if upload.base != own])


# --- Results --------------------------------------------------------------------------------------


@dataclass
class UploadResult:
    name: str  # as the browser sent it (shown, never used as a path)
    safe_name: str
    report: FileReport
    ref_base: str = ""
    replaced: EarlierUpload | None = None
    # Earlier uploads of this name with other content, when this file's articles were stored beside them.
    kept: list[EarlierUpload] = field(default_factory=list)

    @property
    def replaced_nothing(self) -> bool:
        """The file replaced an earlier upload in name only: it could not be read, so nothing of it changed."""
        report = self.report
        return self.replaced is not None and not (report.new or report.updated or report.unchanged)

    @property
    def stored(self) -> int:
        """The file's articles in the archive under its reference base, which the report links to the article list
        (a Reuters file's records are keyed by their NEWID, under no base: none to link)."""
        report = self.report
        if not self.ref_base or self.safe_name.lower().endswith(".sgm"):
            return 0
        return report.new + report.updated + report.unchanged + report.skipped

    @property
    def duplicates(self) -> list[tuple[str, str]]:
        """Each duplicate's line with the reference of the article it repeats, which the report links to."""
        return list(zip(self.report.duplicates, self.report.originals, strict=False))

    @property
    def left_as_they_were(self) -> int:
        """Articles of the replaced upload this file holds no record for (a shorter file): left as they were."""
        if self.replaced is None:
            return 0
        return max(0, self.replaced.articles - self.report.updated - self.report.unchanged)


@dataclass
class UploadReport:
    files: list[UploadResult] = field(default_factory=list)
    index_busy: bool = False  # the index was locked; the changes stay queued for the next writer
    index_error: str = ""  # the index could not be written; the changes stay queued (and are safe)
    index_in_background: bool = False  # more changes than a request applies: indexed on a thread, minutes later
    seconds: float = 0.0  # the deadline the upload had, for the report

    @property
    def ok(self) -> bool:
        return all(result.report.ok for result in self.files)

    @property
    def unfinished(self) -> list[UploadResult]:
        """The files the deadline stopped or never let start."""
        return [result for result in self.files if result.report.unfinished]


# --- Temporary copies -----------------------------------------------------------------------------


def temp_dir() -> Path:
    """`<data dir>/tmp`, made if missing: the only place uploads are copied to (see settings)."""
    path = Path(settings.ARCHIVE_DATA_DIR) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ensure_buffer_dir() -> None:
    """Make FILE_UPLOAD_TEMP_DIR before Django buffers a large upload there (it does not create it)."""
    buffers = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if buffers:
        Path(buffers).mkdir(parents=True, exist_ok=True)


def _abandoned_candidates() -> Iterable[Path]:
    data_dir = Path(settings.ARCHIVE_DATA_DIR)
    yield from data_dir.glob(f"{TEMP_PREFIX}*")  # where copies lived before <data dir>/tmp
    yield from (data_dir / "tmp").glob(f"{TEMP_PREFIX}*")
    buffers = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if buffers:
        yield from Path(buffers).glob(DJANGO_BUFFER_GLOB)


def remove_abandoned_uploads(*, older_than: float = ABANDONED_AFTER) -> int:
    """Delete upload copies and buffers older than `older_than` seconds (a killed worker's). Returns how many.

    A cheap scan of two folders; cheap enough for the start of every upload and for start-up.
    """
    cutoff = time.time() - older_than
    removed = 0
    for path in _abandoned_candidates():
        try:
            if path.lstat().st_mtime >= cutoff:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue  # another worker cleaned it first
        except OSError as error:
            logger.warning("Could not remove the abandoned upload copy %s: %s", path, error)
            continue
        removed += 1
    return removed


# --- The import -----------------------------------------------------------------------------------


def _save(upload: Upload, path: Path) -> str:
    """Write an upload to `path`; returns the SHA-256 of its bytes."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def upload_seconds() -> float:
    """How long an upload may import: a share of the worker timeout (the one place this is derived)."""
    return settings.ARCHIVE_WORKER_TIMEOUT * UPLOAD_SHARE


def _import_one(upload: Upload, safe_name: str, folder: Path, *, replace: bool, deadline: Deadline) -> UploadResult:
    """Save and import one file; any exception becomes a failure reported on this file alone."""
    result = UploadResult(name=upload.name, safe_name=safe_name, report=FileReport(path=safe_name))
    try:
        path = folder / safe_name
        if path.resolve().parent != folder:  # cannot happen after sanitising; never write outside
            raise ValueError(f"refusing the file name {upload.name!r}")
        identity = choose_identity(safe_name, _save(upload, path), replace=replace)
        result.ref_base, result.replaced = identity.base, identity.replaced
        # "Replace" also takes the file's version of an article an editor changed (a keyed record, e.g. a Reuters
        # NEWID, meets its article under any file name): without it the editor's is kept and the record reported.
        result.report = import_file(path, ref_base=identity.base, replace_edited=replace, deadline=deadline)
        result.report.path = safe_name
        if result.report.new and identity.others:
            result.kept = identity.others  # stored beside an earlier file of this name: say so
    except Exception as error:  # reported on the file; the rest of the batch goes on
        logger.exception("Upload %r failed to import", safe_name)
        result.report.failed.append(f"the import failed ({type(error).__name__}: {str(error)[:300]})")
    return result


def import_uploads(uploads: Sequence[Upload], *, replace: bool = False) -> UploadReport:
    """Import uploaded files with the same importer as `import_articles`, one report per file.

    Each file is written under a sanitised name to a temporary folder in the data dir and imported
    under its own reference base (see the module's docstring; `replace`: the latest upload of the same
    name). One file's failure is reported on it; the others import. The index is updated once, after
    all files (in the background when there are more changes than a request applies); if it cannot be, the changes
    stay queued and the report says so. Nothing is started after the upload's deadline (`upload_seconds`).
    """
    report = UploadReport(seconds=upload_seconds())
    deadline = Deadline.after(report.seconds)
    remove_abandoned_uploads()
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=temp_dir()) as tmp:
        folder = Path(tmp).resolve()
        taken: list[str] = []
        try:
            with deferred(in_request_max=settings.ARCHIVE_INDEX_IN_REQUEST_MAX) as index:
                for upload in uploads:
                    safe_name = safe_upload_name(upload.name, taken)
                    taken.append(safe_name)
                    report.files.append(_import_one(upload, safe_name, folder, replace=replace, deadline=deadline))
            report.index_in_background = index.in_background
        except IndexBusy:
            report.index_busy = True
        except Exception as error:  # the articles are committed; only the index is behind
            logger.exception("The index update after an upload failed")
            report.index_error = f"{type(error).__name__}: {error}"
    return report

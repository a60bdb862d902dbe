"""Importing an article's attachment (a PDF, a web page, a text file ...) as an article of its own.

A curation service: the admin's action and `import_articles --attachments` call it. The attachment's
bytes are written under a safe name to a temporary folder in the data dir and imported with the same
importer as any file, under the reference `<the message article's ref>/<file name>`, so importing
it again changes nothing (idempotent) and never touches another message's articles.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archive.importers import FileReport, expand_paths, import_file
from archive.ingest import SUPPORTED_SUFFIXES
from archive.models import ArticleAttachment
from archive.search import IndexBusy, deferred
from archive.uploads import TEMP_PREFIX, safe_upload_name, temp_dir

__all__ = ["AttachmentResult", "attachment_ref_base", "attachments_of_files", "import_attachments", "importable"]


def importable(attachment: ArticleAttachment) -> str:
    """Why this attachment cannot be imported as an article ("" when it can)."""
    suffix = Path(attachment.filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"not a supported file type ({suffix or 'no suffix'}); supported: {', '.join(SUPPORTED_SUFFIXES)}"
    if not attachment.stored:
        return "its bytes were not kept (over the size limit for an attachment)"
    return ""


_REF_ROOM = 240  # of import_ref's 300: the parser adds "#1" (text) or "#<Message-ID>" (an attached .eml)


def attachment_ref_base(attachment: ArticleAttachment) -> str:
    """`<message ref>/<safe file name>`: stable for the same message and file, whatever imports it.

    A name that would make the reference too long is replaced by the attachment's place and checksum.
    """
    name = safe_upload_name(attachment.filename)
    ref = f"{attachment.article.import_ref}/{name}"
    if len(ref) > _REF_ROOM:
        ref = f"{attachment.article.import_ref}/{attachment.position}-{attachment.sha256[:12]}{Path(name).suffix}"
    return ref


def attachments_of_files(paths: Iterable[Path]) -> list[ArticleAttachment]:
    """The importable attachments of the articles `import_articles` made from these files (refs `<dir>/<name>#…`)."""
    found: list[ArticleAttachment] = []
    for path in expand_paths(paths):
        base = f"{path.parent.name}/{path.name}#"
        rows = ArticleAttachment.objects.filter(article__import_ref__startswith=base).select_related("article")
        found += [row for row in rows.defer("data").order_by("article_id", "position") if not importable(row)]
    return found


@dataclass
class AttachmentResult:
    attachment: ArticleAttachment
    report: FileReport


def _import_one(attachment: ArticleAttachment, folder: Path) -> FileReport:
    reason = importable(attachment)
    report = FileReport(path=f"{attachment.article.import_ref} → {attachment.filename}")
    if reason:
        report.failed.append(reason)
        return report
    path = folder / f"{attachment.pk}-{safe_upload_name(attachment.filename)}"
    path.write_bytes(bytes(attachment.data))
    imported = import_file(path, ref_base=attachment_ref_base(attachment))
    imported.path = report.path
    return imported


def import_attachments(attachments: Iterable[ArticleAttachment]) -> list[AttachmentResult]:
    """Import each attachment as its own article(s); one result per attachment, failures on their own line.

    The index is updated once at the end (as after an upload).
    """
    results: list[AttachmentResult] = []
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=temp_dir()) as tmp:
        folder = Path(tmp).resolve()
        try:
            with deferred():
                for attachment in attachments:
                    results.append(AttachmentResult(attachment, _import_one(attachment, folder)))
        except IndexBusy:  # committed; the index changes stay queued for the next writer
            pass
    return results

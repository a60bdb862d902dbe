"""Storing the attachments an import brings with an article (inside the import's transaction).

Called by `archive.import_batches.write_batch` for every new or updated article that came with
files. An updated article's attachments are replaced only when they differ (name, type, checksum,
order), so re-importing the same message writes nothing. A file over ARCHIVE_MAX_ATTACHMENT_BYTES
is listed without its bytes and reported.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from archive.ingest.types import ParsedAttachment
from archive.models import ArticleAttachment

__all__ = ["store_attachments"]


def _rows(article_id: int, attachments: list[ParsedAttachment], limit: int) -> list[ArticleAttachment]:
    return [
        ArticleAttachment(
            article_id=article_id,
            position=position,
            filename=item.filename,
            content_type=item.content_type,
            size=len(item.data),
            sha256=hashlib.sha256(item.data).hexdigest(),
            data=item.data if len(item.data) <= limit else b"",
            stored=len(item.data) <= limit,
        )
        for position, item in enumerate(attachments, 1)
    ]


def store_attachments(article_id: int, attachments: list[ParsedAttachment], *, new: bool) -> list[str]:
    """Make the article's attachments these; returns warnings for the import report (files not kept)."""
    limit = settings.ARCHIVE_MAX_ATTACHMENT_BYTES
    rows = _rows(article_id, attachments, limit)
    if not new:
        key = ("position", "filename", "content_type", "sha256", "stored")
        stored = list(ArticleAttachment.objects.filter(article_id=article_id).order_by("position").values_list(*key))
        if stored == [tuple(getattr(row, name) for name in key) for row in rows]:
            return []
        ArticleAttachment.objects.filter(article_id=article_id).delete()
    ArticleAttachment.objects.bulk_create(rows)
    return [
        f"attachment {row.filename!r} ({filesizeformat(row.size)}) is over the {filesizeformat(limit)} limit for "
        "an attachment: listed, not kept"
        for row in rows
        if not row.stored
    ]

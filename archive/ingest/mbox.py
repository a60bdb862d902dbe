"""Mailboxes (.mbox): every message an article (or several, a newsletter's), through the e-mail parser; a broken
message is reported by its number and subject, the others import. Pure Python."""

from __future__ import annotations

import email.policy
import mailbox
import pathlib
import re
from email.parser import BytesHeaderParser

from archive.ingest.common import clean_inline
from archive.ingest.email import message_articles, message_ref
from archive.ingest.types import MAX_ARTICLE_BYTES, IngestError, ParsedFile

__all__ = ["parse_mbox"]

_POLICY = email.policy.default.clone(refold_source="none")  # as the e-mail parser reads headers


def parse_mbox(path: pathlib.Path, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> ParsedFile:
    """Every message of an mbox file; a broken message is reported ("message 3 <id>: why"), the rest import."""
    parsed = ParsedFile(path=str(path))
    box = mailbox.mbox(str(path), create=False)
    seen: dict[str, int] = {}
    try:
        keys = list(box.keys())
        if not keys:
            raise IngestError("no messages: an mbox file starts each message with a line beginning 'From '")
        for number, key in enumerate(keys, 1):
            data = b""
            try:
                data = box.get_bytes(key)
                reference = message_ref(ref, data, seen)  # of the bytes as stored: references stay as they were
                parsed.articles.extend(
                    message_articles(_unquoted_from_lines(data), ref=reference, max_article_bytes=max_article_bytes)
                )
            except Exception as error:  # this message only: reported on its line, the others import
                reason = str(error) if isinstance(error, IngestError) else f"{type(error).__name__}: {error}"[:300]
                subject = _quoted_subject(data)
                parsed.errors.append(f"message {number}{subject}: {reason}")
    finally:
        box.close()
    if not parsed.articles and parsed.errors:
        raise IngestError("no message could be imported: " + "; ".join(parsed.errors[:3]))
    return parsed


# An mbox writer stores a message's line "From ..." as ">From ..." (mboxo), and ">From" as ">>From" (mboxrd):
# one ">" comes off such a line (Python's mailbox leaves them on).
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def _unquoted_from_lines(data: bytes) -> bytes:
    return _QUOTED_FROM.sub(rb"\1", data)


def _quoted_subject(data: bytes) -> str:
    try:
        head = BytesHeaderParser(policy=_POLICY).parsebytes(data)
        subject = clean_inline(str(head.get("Subject", "") or ""))
    except Exception:  # a header too broken to read: the message's number alone names it
        return ""
    return f" ({subject[:60]!r})" if subject else ""

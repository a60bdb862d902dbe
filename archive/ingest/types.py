"""The plain data that parsing produces: no Django, no database."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field, replace

# Re-exported: the types of ParsedArticle's dates. They and their parsers live in archive.dates.
from archive.dates import Dateline, PartialDate, Precision

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Dateline",
    "Deadline",
    "IngestError",
    "OutOfTime",
    "ParsedArticle",
    "ParsedAttachment",
    "ParsedFile",
    "PartialDate",
    "Precision",
]

# The largest article a parser returns: the UTF-8 size of its raw text (its slice of the file,
# its JSON line, its <REUTERS> record). A larger one is reported and skipped, the rest of the
# file imports. Real stories are far smaller (Reuters' longest is under 10 KB); the cap keeps a
# hostile 19 MB "article" out of every search and page. The per-file cap is the importer's
# (settings.ARCHIVE_MAX_IMPORT_BYTES); parsers take this one as ``max_article_bytes``.
MAX_ARTICLE_BYTES = 1_000_000


@dataclass(frozen=True)
class ParsedAttachment:
    """A file that came with an article (an e-mail's attachment): kept as received, listed on its page."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedArticle:
    """One article as parsed from a file, before it touches the database."""

    ref: str  # stable import reference, e.g. "seeds/004_x.txt#2", "reuters:17"
    title: str
    body: str  # clean body: paragraphs separated by one blank line
    raw_text: str  # exactly the text this article came from (its slice of the file)
    title_generated: bool = False
    standfirst: list[str] = field(default_factory=list)  # summary bullets
    dateline: Dateline = field(default_factory=Dateline)
    published: PartialDate = field(default_factory=PartialDate.unknown)
    author: str = ""
    author_bio: str = ""
    captions: list[str] = field(default_factory=list)
    source: str = ""  # outlet name when the format carries one
    url: str = ""
    language: str = "en"
    # Tags given by the file itself (JSON Lines exports): ISO codes and organisation slugs.
    # None means "not given: extract them"; an empty list means "given, and none".
    countries: list[str] | None = None
    organisations: list[str] | None = None
    # Reuters human labels, kept for evaluation only (never stored as tags).
    labels: dict[str, list[str]] = field(default_factory=dict)
    # Files that came with the article (e-mail attachments), stored beside it by the importer.
    attachments: list[ParsedAttachment] = field(default_factory=list)
    # What the import report should say about the article when it is stored ("a paywall's prompt was in the page").
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Every text a parser made is NFC, whatever the format, so "Belém" typed on macOS or read out of a PDF
        (e + a combining accent) is found, listed and deduplicated as the one "Belém"; ``raw_text`` stays as
        received."""
        self.title, self.body, self.author, self.author_bio, self.source, self.url = map(
            _nfc, (self.title, self.body, self.author, self.author_bio, self.source, self.url)
        )
        self.standfirst, self.captions = [_nfc(s) for s in self.standfirst], [_nfc(c) for c in self.captions]
        self.dateline = replace(
            self.dateline,
            place=_nfc(self.dateline.place),
            agency=_nfc(self.dateline.agency),
            text=_nfc(self.dateline.text),
            date=replace(self.dateline.date, text=_nfc(self.dateline.date.text)),
        )
        self.published = replace(self.published, text=_nfc(self.published.text))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class IngestError(Exception):
    """A file (or a record in it) that cannot be parsed; the message says why, for the import report."""


class OutOfTime(IngestError):
    """The caller's deadline (an upload's) came before the work was done: the file's reading was not finished, not
    refused; importing it again (with more time) carries on."""


clock = time.monotonic  # the deadlines' clock (a test steps it instead of waiting)


@dataclass(frozen=True)
class Deadline:
    """A moment on `clock`, by which a caller (an upload, under the web server's worker timeout) must have answered."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(clock() + seconds)

    def remaining(self) -> float:
        return self.at - clock()

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0


@dataclass
class ParsedFile:
    """What one file gave: its articles, plus records skipped or broken inside it."""

    path: str
    articles: list[ParsedArticle] = field(default_factory=list)
    skipped: int = 0  # records deliberately skipped (e.g. Reuters stories with no body)
    skipped_why: str = ""  # what those records are, for the import's report ("with no story text …")
    errors: list[str] = field(default_factory=list)  # per-record problems ("line 7: not JSON")

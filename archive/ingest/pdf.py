"""PDF files -> one ParsedArticle: the text layer read with pdfminer.six's layout analysis, or OCR.

pdfminer.six rather than pypdf: its layout analysis puts columns in reading order even when the
file draws them in another order, and it gives each line's position and font size, which find the
running heads, the page numbers and the first heading (pdf_layout.py). Justified lines with few
words are wide apart, hence a wider `char_margin` than the default. A PDF without a usable text
layer goes to Tesseract (pdf_ocr.py). One article per file: several stories in one PDF are not
guessed apart. Pure Python: no Django.

Errors a person can act on: encrypted, truncated, broken, too many pages, scanned without Tesseract.
Caps keep a hostile file from holding the import: the text layer is read in a child process with a
memory cap (pdf_extract.py), MAX_PAGES, the article size (the caller's `max_article_bytes`, checked
as glyphs are drawn) and a budget of CPU time that interrupts even one heavy page, the child killed soon after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.dates import PartialDate, Precision, find_date, parse_date, split_dateline, with_year_before
from archive.ingest.common import generate_title, join_paragraphs, oversize
from archive.ingest.language import language_of
from archive.ingest.pdf_extract import extract
from archive.ingest.pdf_layout import Line, find_heading, paragraphs, strip_running_lines
from archive.ingest.pdf_ocr import ocr_pages
from archive.ingest.types import MAX_ARTICLE_BYTES, Dateline, Deadline, IngestError, ParsedArticle, ParsedFile

__all__ = ["MAX_PAGES", "TIME_BUDGET_SECONDS", "is_junk_title", "parse_pdf", "pdf_date"]

MAX_PAGES = 500  # a longer PDF is a book or a whole newspaper year: refused with a message
# CPU seconds for reading the text layer, enforced inside a page too (a safety net, not a measure). An upload has
# a deadline of its own under gunicorn's worker timeout (archive/uploads.py), which stops the child sooner.
TIME_BUDGET_SECONDS = 90
# Fewer letters and digits than this a page, on pages with pictures: a scan (perhaps stamped with a line
# such as "Downloaded from … on …"), to OCR. A page of text has thousands.
MIN_TEXT_CHARACTERS = 20
SCAN_CHARACTERS_PER_PAGE = 80
EOF_WINDOW = 1024  # the PDF standard puts %%EOF within the file's last 1024 bytes
_CID = re.compile(r"\(cid:\d+\)")  # glyphs without a Unicode mapping: not text anyone can search
_JUNK_TITLE = re.compile(
    r"""^(?:
        untitled(?:\s+document)?(?:\s*\d+)? | document\s*\d* | no\s+title | title | slide\s*\d+ | \W*
        | microsoft\s+(?:word|powerpoint|excel)\s*-.* | .*\.(?:docx?|pdf|rtf|odt|txt|indd|qxd|ps|tex|dvi|pptx?|xlsx?)
        | [a-z]:\\.* | /.* | .*\.(?:tmp|dot)
        | (?:scan(?:ned)?(?:[\s_-]*(?:document|image|page))?|img|dsc|image|page)[\s_-]*\d*
        | \d+(?:[\s_-]+\d+)*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_JUNK_AUTHOR = frozenset({"", "user", "admin", "administrator", "owner", "unknown", "author", "root"})
# A computer account rather than a name ("jsmith", "j.smith", "asmith2", "press_office"): one lower-case token.
_LOGIN_NAME = re.compile(r"^[a-z][a-z0-9._-]*$")
_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_DATE_LINE_MAX_WORDS = 8  # "Issued 3 March 2024 | Press office": a line that is about a date


def is_junk_title(title: str) -> bool:
    """A metadata title that names the file or the program rather than the text."""
    return bool(_JUNK_TITLE.match(title.strip()))


_UPLOAD_CHECKSUM = re.compile(r"@[0-9a-f]+$")


def _names_the_file(title: str, ref: str) -> bool:
    """Whether a metadata title is only the file's own name without its suffix ("scan" in scan.pdf, as Pillow and
    many scanners write it), from the reference ("pdf/scan.pdf#1", an upload's "upload/scan.pdf@1a2b3c#1")."""
    name = _UPLOAD_CHECKSUM.sub("", ref.rsplit("#", 1)[0].rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0]
    words = [" ".join(re.findall(r"[^\W_]+", s.casefold())) for s in (title, stem)]
    return bool(words[0]) and words[0] == words[1]


def pdf_date(value: str) -> PartialDate:
    """A PDF date ("D:20240315093000+01'00'") as a PartialDate of day, month or year precision."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return PartialDate.unknown()
    return parse_date("-".join(part for part in match.groups() if part), whole=True)


@dataclass
class _Document:
    info: dict[str, str]
    lines: list[Line]
    raw: str
    scanned: bool = False  # read by OCR


def _read(data: bytes, max_article_bytes: int, deadline: Deadline | None) -> _Document:
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise IngestError("truncated PDF: it has no end-of-file marker; the file was cut short (download it again)")
    found = extract(
        data, max_pages=MAX_PAGES, max_article_bytes=max_article_bytes, budget=TIME_BUDGET_SECONDS, deadline=deadline
    )
    lines, raw = found.lines, found.raw
    # Next to no text but pictures: a scan. Short text alone (no pictures) is text.
    pages = raw.count("\f") + 1
    if found.pictures and sum(ch.isalnum() for ch in _CID.sub("", raw)) < SCAN_CHARACTERS_PER_PAGE * pages:
        # raises "no text layer (scanned PDF): install tesseract-ocr ..."
        lines, raw = ocr_pages(data, deadline=deadline)
        if sum(ch.isalnum() for ch in raw) < MIN_TEXT_CHARACTERS:
            raise IngestError("no text layer (scanned PDF), and OCR found no text on its pages")
        return _Document(found.info, lines, raw, scanned=True)
    return _Document(found.info, lines, raw)


def _same(a: str, b: str) -> bool:
    a, b = (" ".join(re.findall(r"\w+", s.lower())) for s in (a, b))
    return bool(a and b) and (a == b or a in b or b in a)


def _take_date(parts: list[str]) -> tuple[PartialDate | None, Dateline | None]:
    """The date the text gives: a dateline opening the first paragraph, or a short date line near the top."""
    if parts:
        dateline, rest = split_dateline(parts[0])
        if dateline is not None:
            parts[0:1] = [rest] if rest else []
            if dateline.date.value is not None:
                return dateline.date, dateline
            found = _date_line(parts)
            return (found or dateline.date), dateline
    return _date_line(parts), None


def _date_line(parts: list[str]) -> PartialDate | None:
    for index, part in enumerate(parts[:3]):
        if len(part.split()) <= _DATE_LINE_MAX_WORDS:
            date = parse_date(part)
            if date.value is not None:
                del parts[index]
                return date
    return None


def _headline_like(text: str) -> bool:
    return 0 < len(text.split()) <= 15 and not re.search(r"[.,;:]$", text)


def _article(document: _Document, ref: str) -> ParsedArticle | None:
    lines = strip_running_lines(document.lines)
    heading, lines = find_heading(lines)
    parts = paragraphs(lines)
    meta_title = document.info.get("Title", "")
    if is_junk_title(meta_title) or _names_the_file(meta_title, ref):
        meta_title = ""
    if meta_title and heading and not _same(meta_title, heading):
        parts.insert(0, heading)  # the metadata names the document; this heading belongs to the text
    title = meta_title or heading
    if not title and len(parts) > 1 and _headline_like(parts[0]):
        title = parts.pop(0)  # a scan's first short line (OCR has no reliable font sizes)
    published, dateline = _take_date(parts)
    text_undated = published is None or published.value is None
    if (published is None or published.value is None) and title:
        published = find_date(title)  # "Press Digest 3 May 2023": the document's own name dates it
    if (published is None or published.value is None) and not document.scanned:
        # The file's own dates, only when its words give none; never a scan's: that is the day it was scanned.
        for key in ("CreationDate", "ModDate"):
            date = pdf_date(document.info.get(key, ""))
            if date.value is not None:
                published = date
                break
    if text_undated and dateline is not None and published is not None and published.precision == Precision.DAY:
        # A dateline's day without its year ("BEIRUT, Sept 14"): the story's day, in the year the title's or the
        # file's later date gives it, not that date itself (a file is made a day or more after its story).
        story_day = with_year_before(dateline.date, published.value)
        published = story_day if story_day.value is not None else published
    body = join_paragraphs(parts)
    if not body:
        return None
    author = document.info.get("Author", "")
    return ParsedArticle(
        ref=ref,
        title=title or generate_title(body.split("\n\n", 1)[0]),
        title_generated=not title,
        body=body,
        raw_text=document.raw,
        dateline=dateline or Dateline(),
        published=published or PartialDate.unknown(),
        author="" if author.lower() in _JUNK_AUTHOR or _LOGIN_NAME.match(author) else author,
        language=language_of(f"{title}\n\n{body}"),
    )


def parse_pdf(
    data: bytes, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES, deadline: Deadline | None = None
) -> ParsedFile:
    """One PDF file -> a ParsedFile of one article, ref ``f"{ref}#1"``; raw_text is the text layer as
    pdfminer read it (pages separated by form feeds), or what OCR read. Raises IngestError with the reason,
    OutOfTime when ``deadline`` (an upload's) comes first: its child processes are killed by then."""
    document = _read(data, max_article_bytes, deadline)
    if reason := oversize(document.raw, max_article_bytes):
        raise IngestError(f"the text is {reason}")
    article = _article(document, f"{ref}#1")
    if article is None:
        raise IngestError("no article text found in the PDF (only running heads and page numbers)")
    return ParsedFile(path=ref, articles=[article])

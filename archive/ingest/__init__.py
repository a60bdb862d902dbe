"""Turn source files (plain text, JSON Lines, Reuters SGML, saved web pages, PDFs, e-mails) into ParsedArticles.

Pure Python: no Django, no database. ``parse_file`` picks the parser by suffix and
rejects files that are not text with an IngestError whose message a person can act on.
Messages do not repeat the file path; callers reporting them should add it.
"""

from __future__ import annotations

import pathlib

from archive.dates import find_date, parse_date, split_dateline
from archive.ingest.common import LANGUAGE_RULE, language_code
from archive.ingest.email import parse_eml
from archive.ingest.html import HTML_SUFFIXES, parse_html, parse_html_file
from archive.ingest.jsonl import parse_jsonl
from archive.ingest.mbox import parse_mbox
from archive.ingest.pdf import parse_pdf
from archive.ingest.sgml import parse_sgml
from archive.ingest.text import parse_text, parse_text_file
from archive.ingest.types import MAX_ARTICLE_BYTES, Deadline, IngestError, OutOfTime, ParsedFile

__all__ = [
    "LANGUAGE_RULE",
    "MAX_ARTICLE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Deadline",
    "IngestError",
    "OutOfTime",
    "ParsedFile",
    "find_date",
    "language_code",
    "parse_date",
    "parse_file",
    "parse_html",
    "parse_jsonl",
    "parse_pdf",
    "parse_sgml",
    "parse_text",
    "parse_text_file",
    "split_dateline",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".jsonl", ".json", ".sgm", *HTML_SUFFIXES, ".pdf", ".eml", ".mbox")

_SAMPLE_SIZE = 65536
_MAX_CONTROL_RATIO = 0.05
# Bytes that are normal in text: tab, newline, form feed, carriage return.
_TEXT_CONTROLS = frozenset(b"\t\n\f\r")
# Signatures of common binary formats, for a friendlier message than "binary".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)


def _check_binary(data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("file is UTF-16 encoded; save it as UTF-8 and import it again")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"binary file: looks like {kind}, not text")
    sample = data[:_SAMPLE_SIZE]
    if b"\x00" in sample:
        raise IngestError("binary file: contains NUL bytes, not text")
    controls = sum(1 for byte in sample if (byte < 32 and byte not in _TEXT_CONTROLS) or byte == 127)
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise IngestError(f"binary file: {controls} control bytes in the first {len(sample)}, not text")


def _decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        # The byte as hex, and its surroundings as Windows-1252 would read them ("Café"), not Python's b'\xe9 c'.
        line_end = data.find(b"\n", exc.start)
        line_end = len(data) if line_end < 0 else line_end
        around = data[max(exc.start - column + 1, exc.start - 20) : min(line_end, exc.start + 20)]
        seen = " ".join(around.decode("cp1252", "replace").split())
        raise IngestError(
            f"not valid UTF-8: byte {exc.start} (line {line}, column {column}) is 0x{data[exc.start]:02X}, in “{seen}” "
            "if read as Windows-1252; the file may be Windows-1252/Latin-1 — save it as UTF-8"
        ) from None


def parse_file(
    path: pathlib.Path,
    *,
    ref_base: str | None = None,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    deadline: Deadline | None = None,
) -> ParsedFile:
    """Parse one file by its suffix (see SUPPORTED_SUFFIXES).

    ``ref_base`` prefixes article refs; by default "<parent dir>/<file name>", e.g.
    "seeds/004_x.txt", giving refs "seeds/004_x.txt#1". Reuters refs are "reuters:<NEWID>".
    ``ParsedFile.path`` is ``str(path)``. Raises IngestError for a file that cannot be
    parsed at all; per-record problems are in ``ParsedFile.errors``, among them an article
    whose raw text is over ``max_article_bytes`` (UTF-8), which is skipped. The size of the
    whole file is the caller's to cap (the importer checks ARCHIVE_MAX_IMPORT_BYTES first). ``deadline`` (an
    upload's) stops what runs in child processes, a PDF's reading, with OutOfTime; other formats parse in seconds.
    """
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        found = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise IngestError(f"unsupported file type ({found}); expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found") from None
    except IsADirectoryError:
        raise IngestError("is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise IngestError("empty file")
    ref = ref_base if ref_base is not None else f"{path.parent.name}/{path.name}"
    cap = max_article_bytes
    if suffix == ".pdf":  # binary: before the text checks
        if b"%PDF-" not in data[:1024]:  # the header may follow a little junk, as readers allow
            raise IngestError("not a PDF: the file does not start with %PDF")
        parsed = parse_pdf(data, ref=ref, max_article_bytes=cap, deadline=deadline)
    elif suffix in HTML_SUFFIXES:  # decoded by its own BOM or <meta charset>, which may be UTF-16
        parsed = parse_html_file(data, ref=ref, max_article_bytes=cap)
    elif suffix in (".eml", ".mbox"):  # MIME: 8-bit parts and attachments are not "text" to the checks below
        email_parser = parse_eml if suffix == ".eml" else parse_mbox
        parsed = email_parser(data if suffix == ".eml" else path, ref=ref, max_article_bytes=cap)
    else:
        _check_binary(data)
        if suffix == ".sgm":
            parsed = parse_sgml(data.decode("latin-1"), ref=ref, max_article_bytes=cap)  # Latin-1 never fails
        elif suffix == ".txt":
            parsed = parse_text_file(_decode_utf8(data), ref=ref, max_article_bytes=cap)
        else:
            parsed = parse_jsonl(_decode_utf8(data), ref=ref, max_article_bytes=cap)
    parsed.path = str(path)
    return parsed

"""Reading a PDF's text layer with pdfminer.six, in a child process with a memory cap and a timeout.

pdfminer.six decompresses a stream whole and has no limit of its own, so a small hostile file (a
"zip bomb" of a content stream, a page that never ends) could take the importing process's memory or
time. The child (`python -m archive.ingest.pdf_extract`, run by child.py) gets the PDF on stdin, caps its address space
(MEMORY_LIMIT_BYTES), stops when its budget of CPU time is spent (CPU time, not the clock: a loaded host must not
refuse a good file) or its text passes the article limit, and answers in JSON; the parent kills it after a generous
timeout on the clock (a safety net for a page that never ends, not a measure), or at the caller's deadline (an
upload's). Both limits act inside a page too: one page can hold millions of operators (an 87 MB content stream
from 212 KB), so a CPU-time alarm interrupts pdfminer wherever it is, and the glyphs are counted as they are drawn.
Pure Python, no Django.
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

from archive.ingest.child import run_isolated, serve_child
from archive.ingest.common import clean_inline, over_limit, oversize
from archive.ingest.pdf_layout import Line
from archive.ingest.types import Deadline, IngestError

__all__ = ["CHILD_GRACE_SECONDS", "MEMORY_LIMIT_BYTES", "Extracted", "extract", "read_text_layer"]

MEMORY_LIMIT_BYTES = 2 * 1024**3  # the child's address space: far above a real PDF's needs
CHILD_GRACE_SECONDS = 60  # the child is killed after KILL_FACTOR times its CPU budget and this, on the clock
KILL_FACTOR = 4  # a loaded host gives a child a fraction of a core
_CID = re.compile(r"\(cid:\d+\)")  # glyphs without a Unicode mapping: not text anyone can search


@dataclass
class Extracted:
    """What the text layer gave: metadata, positioned lines, the text as read, how many pictures."""

    info: dict[str, str]
    lines: list[Line]
    raw: str
    pictures: int


class _CPUSpent(BaseException):
    """Raised by the CPU-time alarm wherever pdfminer is (see `cpu_alarm`). A BaseException: pdfminer's own
    `except Exception` must not swallow it."""


class _TextFull(BaseException):
    """Raised as the glyph over the article limit is drawn."""


@contextlib.contextmanager
def cpu_alarm(budget: float) -> Iterator[None]:
    """Raise _CPUSpent once this process has used `budget` s of CPU time (user and system), wherever it is.

    For the child only (a signal handler belongs to a process's main thread). A budget of 0 or less is already spent:
    the check between pages says so before the first page.
    """
    if budget <= 0:
        yield
        return

    def spent(signum, frame):
        raise _CPUSpent

    previous = signal.signal(signal.SIGPROF, spent)
    signal.setitimer(signal.ITIMER_PROF, budget)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _counting_device(manager, laparams, most: int):
    """pdfminer's page aggregator, stopping at the glyph after `most`: each glyph is a character of text at least,
    so the text is over the limit already, and a page of millions of glyphs is never laid out whole."""
    from pdfminer.converter import PDFPageAggregator

    class CountingAggregator(PDFPageAggregator):
        glyphs = 0

        def render_char(self, *args, **kwargs) -> float:
            self.glyphs += 1
            if self.glyphs > most:
                raise _TextFull
            return super().render_char(*args, **kwargs)

    return CountingAggregator(manager, laparams=laparams)


def _laparams():
    from pdfminer.layout import LAParams

    return LAParams(char_margin=8.0, line_margin=0.5, word_margin=0.1, boxes_flow=0.5)


def _open(data: bytes):
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise IngestError(
            "encrypted PDF: it needs a password to open; save a copy without the password and import that"
        ) from None
    except PDFEncryptionError as error:
        raise IngestError(f"encrypted PDF: cannot decrypt it ({error}); save an unprotected copy") from None
    except (PSException, ValueError, KeyError, TypeError) as error:
        raise IngestError(f"broken PDF: cannot read its structure ({type(error).__name__}: {error})") from None


def _info(document) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in document.info:
        for key in ("Title", "Author", "CreationDate", "ModDate"):
            value = resolve1(info.get(key))
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and clean_inline(value):
                found.setdefault(key, clean_inline(value))
    return found


def _page_count(document) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog.get("Pages")).get("Count"))
    except AttributeError:
        return 0
    return count if isinstance(count, int) else 0


def _median_size(line) -> float:
    from pdfminer.layout import LTChar

    sizes = sorted(char.size for char in line if isinstance(char, LTChar))
    return round(sizes[len(sizes) // 2], 1) if sizes else 0.0


def _text_layer(document, *, max_pages: int, max_article_bytes: int, budget: float) -> tuple[list[Line], str, int]:
    """(the lines of every page, the text as pdfminer reads it, how many pictures the pages hold)."""
    from pdfminer.layout import LTFigure, LTImage, LTTextBox
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    device = _counting_device(manager, _laparams(), max_article_bytes)
    interpreter = PDFPageInterpreter(manager, device)
    started = time.process_time()
    lines: list[Line] = []
    pages: list[str] = []
    size, pictures = 0, 0
    for number, page in enumerate(PDFPage.create_pages(document)):
        if number >= max_pages:
            raise IngestError(f"PDF of more than {max_pages} pages; split it")
        if time.process_time() - started > budget:
            raise IngestError(f"reading the PDF took over {budget:g} s of CPU time (at page {number + 1}); split it")
        try:
            interpreter.process_page(page)
        except _CPUSpent:
            raise IngestError(
                f"reading the PDF took over {budget:g} s of CPU time (in page {number + 1}); split it"
            ) from None
        except _TextFull:
            raise IngestError(
                f"the text is {over_limit(max_article_bytes)} (stopped reading in page {number + 1})"
            ) from None
        layout = device.get_result()
        height = layout.height or 1.0
        texts = []
        for box in layout:
            pictures += isinstance(box, LTFigure | LTImage)
            if not isinstance(box, LTTextBox):
                continue
            texts.append(box.get_text())
            for index, item in enumerate(box):
                text = _CID.sub("", item.get_text()).strip()
                if text:
                    top, bottom = (height - item.y1) / height, (height - item.y0) / height
                    lines.append(Line(text, number, top, bottom, _median_size(item), new_block=index == 0))
        pages.append("\n".join(texts))
        size += sum(len(text) for text in texts)
        if size > max_article_bytes:  # characters: each is a byte at least, so over the limit already
            reason = oversize("\f".join(pages), max_article_bytes)
            raise IngestError(f"the text is {reason} (stopped reading at page {number + 1})")
    return lines, "\f".join(pages), pictures


def read_text_layer(data: bytes, *, max_pages: int, max_article_bytes: int, budget: float) -> Extracted:
    """The text layer, in this process (the child runs this). Raises IngestError with the reason."""
    from pdfminer.psexceptions import PSException

    document = _open(data)
    count = _page_count(document)
    if count > max_pages:
        raise IngestError(f"PDF of {count} pages; the limit is {max_pages}: split it")
    try:
        info = _info(document)
        lines, raw, pictures = _text_layer(
            document, max_pages=max_pages, max_article_bytes=max_article_bytes, budget=budget
        )
    except (PSException, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise IngestError(f"broken PDF: cannot read its pages ({type(error).__name__}: {error})") from None
    return Extracted(info, lines, raw, pictures)


def extract(
    data: bytes, *, max_pages: int, max_article_bytes: int, budget: float, deadline: Deadline | None = None
) -> Extracted:
    """The text layer, read by a child process (see the module's docstring), killed at ``deadline`` at the latest."""
    limits = [str(max_pages), str(max_article_bytes), str(budget)]
    timeout = max(budget, 0) * KILL_FACTOR + CHILD_GRACE_SECONDS
    answer = run_isolated(
        __name__, limits, data, memory=MEMORY_LIMIT_BYTES, timeout=timeout, what="reading the PDF", deadline=deadline
    )
    lines = [Line(*fields) for fields in answer["lines"]]
    return Extracted(answer["info"], lines, answer["raw"], answer["pictures"])


def _valid(text: str) -> str:
    """Text a database takes: a broken font's lone surrogates replaced, NUL bytes dropped."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def _answer(data: bytes, arguments: list[str]) -> dict:
    """The child's work: max pages, max article bytes and the time budget as arguments."""
    max_pages, max_article_bytes, budget = int(arguments[0]), int(arguments[1]), float(arguments[2])
    try:
        with cpu_alarm(budget):
            found = read_text_layer(data, max_pages=max_pages, max_article_bytes=max_article_bytes, budget=budget)
    except _CPUSpent:  # before the pages: the document's structure took it
        raise IngestError(f"reading the PDF took over {budget:g} s of CPU time; split it") from None
    return {
        "info": {key: _valid(value) for key, value in found.info.items()},
        "lines": [[_valid(x.text), x.page, x.top, x.bottom, x.size, x.new_block] for x in found.lines],
        "raw": _valid(found.raw),
        "pictures": found.pictures,
    }


if __name__ == "__main__":  # the child
    serve_child(_answer, out_of_memory="PDF needs more than {mib} MiB of memory to read; a damaged or hostile file?")

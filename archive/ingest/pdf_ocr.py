"""Scanned PDFs: pages rendered with PDFium (pypdfium2) and read by Tesseract, run as a program.

Tesseract is Debian's `tesseract-ocr` (the Makefile's `ocr-deps` installs it for the tests); without it
the caller reports the file as "no text layer (scanned PDF): install tesseract-ocr to import it". The
pages are rendered in a child process (`python -m archive.ingest.pdf_ocr`) under pdf_extract's memory
cap, then each page is one `tesseract` run (one thread) with a generous timeout, and all of them share a
budget of CPU time checked between pages (safety nets for a hostile image, not measures). No Django.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from archive.ingest import pdf_extract
from archive.ingest.child import run_isolated, serve_child
from archive.ingest.pdf_layout import Line
from archive.ingest.types import Deadline, IngestError, OutOfTime

__all__ = ["MAX_OCR_PAGES", "OCR_DPI", "ocr_pages", "tesseract_path"]

MAX_OCR_PAGES = 50  # a scanned report longer than this is refused, not read for an hour
OCR_DPI = 300  # what Tesseract reads best at
MAX_SIDE_PIXELS = 6000  # a page of absurd size is rendered smaller, not into gigabytes
PAGE_TIMEOUT_SECONDS = 60  # one page's OCR, far beyond what a real page takes (a few seconds)
RENDER_TIMEOUT_SECONDS = 120  # rendering every page, in a child process with pdf_extract's memory cap
OCR_BUDGET_SECONDS = 90  # Tesseract's CPU time for all pages, checked between pages; as the text layer's
LANGUAGE = "eng"


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the tesseract runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tesseract_path() -> str | None:
    """The tesseract program, or None when it is not installed."""
    return shutil.which("tesseract")


def _render(data: bytes, directory: Path, max_pages: int) -> list[tuple[Path, int, float]]:
    """Each page as a PNG: (its path, its height in pixels, pixels per point). Runs in the child."""
    import pypdfium2 as pdfium  # imported here: only scanned PDFs need it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise IngestError(f"broken PDF: the scanned pages cannot be rendered ({error})") from None
    try:
        if len(document) > max_pages:
            raise IngestError(f"scanned PDF of {len(document)} pages; the limit for OCR is {max_pages} pages: split it")
        images = []
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            scale = min(OCR_DPI / 72, MAX_SIDE_PIXELS / max(width, height, 1))
            image = page.render(scale=scale, grayscale=True).to_pil()
            path = directory / f"page-{number:04d}.png"
            image.save(path)
            images.append((path, image.height, scale))
            page.close()
        return images
    finally:
        document.close()


def _words(tsv: str) -> list[dict[str, str]]:
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [row for row in rows if row.get("level") == "5" and (row.get("text") or "").strip()]


def _lines_of(tsv: str, page: int, image_height: int, scale: float) -> list[Line]:
    """Tesseract's words grouped into its lines; a new paragraph of its layout starts a block."""
    grouped: dict[tuple[int, int, int], list[dict[str, str]]] = defaultdict(list)
    for word in _words(tsv):
        grouped[(int(word["block_num"]), int(word["par_num"]), int(word["line_num"]))].append(word)
    lines: list[Line] = []
    last_paragraph = None
    for (block, paragraph, _), words in sorted(grouped.items()):
        tops = [int(w["top"]) for w in words]
        bottoms = [int(w["top"]) + int(w["height"]) for w in words]
        heights = sorted(int(w["height"]) for w in words)
        lines.append(
            Line(
                text=" ".join(w["text"] for w in words),
                page=page,
                top=min(tops) / image_height,
                bottom=max(bottoms) / image_height,
                size=round(heights[len(heights) // 2] / scale, 0),  # a word's height in points, roughly
                new_block=(block, paragraph) != last_paragraph,
            )
        )
        last_paragraph = (block, paragraph)
    return lines


def _render_isolated(
    data: bytes, directory: Path, max_pages: int, deadline: Deadline | None
) -> list[tuple[Path, int, float]]:
    answer = run_isolated(
        __name__,
        [str(directory), str(max_pages)],
        data,
        memory=pdf_extract.MEMORY_LIMIT_BYTES,
        timeout=RENDER_TIMEOUT_SECONDS + pdf_extract.CHILD_GRACE_SECONDS,
        what="rendering the scanned pages",
        deadline=deadline,
    )
    return [(Path(path), height, scale) for path, height, scale in answer["pages"]]


def ocr_pages(data: bytes, *, max_pages: int | None = None, deadline: Deadline | None = None) -> tuple[list[Line], str]:
    """(the lines Tesseract read on every page, the plain text it read) for a PDF without a text layer; OutOfTime
    when ``deadline`` (an upload's) comes first, Tesseract killed by then."""
    max_pages = MAX_OCR_PAGES if max_pages is None else max_pages
    program = tesseract_path()
    if program is None:
        raise IngestError("no text layer (scanned PDF): install tesseract-ocr to import it")
    lines: list[Line] = []
    texts: list[str] = []
    started = _children_cpu()
    with tempfile.TemporaryDirectory(prefix="archive-ocr-") as folder:
        for page, (image_path, height, scale) in enumerate(_render_isolated(data, Path(folder), max_pages, deadline)):
            if _children_cpu() - started > OCR_BUDGET_SECONDS:
                raise IngestError(
                    f"OCR took over {OCR_BUDGET_SECONDS} s of CPU time (at page {page + 1}); split the PDF"
                )
            timeout = PAGE_TIMEOUT_SECONDS if deadline is None else min(PAGE_TIMEOUT_SECONDS, deadline.remaining())
            if timeout <= 0:
                raise OutOfTime(f"OCR stopped before page {page + 1}: the time for the upload was up")
            try:
                done = subprocess.run(
                    [program, str(image_path), "stdout", "-l", LANGUAGE, "tsv"],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one thread: its CPU time is its work
                    check=False,
                )
            except subprocess.TimeoutExpired:
                if timeout < PAGE_TIMEOUT_SECONDS:
                    raise OutOfTime(f"OCR stopped in page {page + 1}: the time for the upload was up") from None
                raise IngestError(f"OCR of page {page + 1} did not finish in {PAGE_TIMEOUT_SECONDS} s") from None
            if done.returncode != 0:
                reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
                raise IngestError(f"OCR failed on page {page + 1}: {reason}")
            page_lines = _lines_of(done.stdout, page, height, scale)
            lines.extend(page_lines)
            texts.append("\n".join(line.text for line in page_lines))
    return lines, "\n\f".join(texts)


def _answer(data: bytes, arguments: list[str]) -> dict:
    """The rendering child's work: the folder and the page limit as arguments."""
    pages = _render(data, Path(arguments[0]), int(arguments[1]))
    return {"pages": [[str(path), height, scale] for path, height, scale in pages]}


if __name__ == "__main__":  # the child
    serve_child(_answer, out_of_memory="the scanned pages need more than {mib} MiB to render; a hostile file?")

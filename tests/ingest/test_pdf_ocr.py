"""archive/ingest/pdf_ocr.py: a PDF without a text layer is read by Tesseract, or refused saying what to install."""

from __future__ import annotations

import shutil

import pytest

from archive.ingest import pdf_ocr
from archive.ingest.pdf import parse_pdf
from archive.ingest.types import IngestError
from tests.ingest.pdfs import scanned_pdf

SCAN = [
    "Harvest breaks records",
    "",
    "The wheat harvest in Kansas was the largest",
    "since records began, farmers said on Monday.",
]

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed (make ocr-deps installs tesseract-ocr)"
)


@needs_tesseract
def test_a_scanned_page_is_read_by_ocr() -> None:
    # GIVEN a page that is only a picture of text
    data = scanned_pdf(SCAN)
    # WHEN it is parsed
    [article] = parse_pdf(data, ref="scans/harvest.pdf").articles
    # THEN OCR gives its words: the short first line is the title, the rest the body
    assert article.title == "Harvest breaks records"
    words = article.body.split()
    for word in ("wheat", "harvest", "Kansas", "largest", "records", "farmers", "Monday."):
        assert word in words
    # AND the raw text is what OCR read
    assert "Kansas" in article.raw_text and "Harvest breaks records" in article.raw_text


def test_without_tesseract_a_scan_is_refused_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN no tesseract program WHEN a scan is parsed THEN the message says what to install
    monkeypatch.setattr(pdf_ocr, "tesseract_path", lambda: None)
    with pytest.raises(IngestError, match=r"^no text layer \(scanned PDF\): install tesseract-ocr to import it$"):
        parse_pdf(scanned_pdf(SCAN), ref="x")


def test_a_scan_over_the_ocr_page_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_ocr, "tesseract_path", lambda: "/usr/bin/tesseract")  # never run: refused first
    monkeypatch.setattr(pdf_ocr, "MAX_OCR_PAGES", 0)
    with pytest.raises(IngestError, match="scanned PDF of 1 pages; the limit for OCR is 0 pages"):
        parse_pdf(scanned_pdf(SCAN), ref="x")


def test_tesseract_failing_is_reported_with_its_message(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # GIVEN a "tesseract" that fails
    program = tmp_path / "tesseract"
    program.write_text("#!/bin/sh\necho 'Error: cannot read the image' >&2\nexit 1\n")
    program.chmod(0o755)
    monkeypatch.setattr(pdf_ocr, "tesseract_path", lambda: str(program))
    # WHEN a scan is parsed THEN the file fails with that message
    with pytest.raises(IngestError, match="OCR failed on page 1: Error: cannot read the image"):
        parse_pdf(scanned_pdf(SCAN), ref="x")


def test_the_ocr_time_budget_is_checked_between_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a budget already spent (a safety net: no clock is raced) THEN OCR stops before its first page
    monkeypatch.setattr(pdf_ocr, "tesseract_path", lambda: "/usr/bin/tesseract")  # never run
    monkeypatch.setattr(pdf_ocr, "OCR_BUDGET_SECONDS", -1)
    with pytest.raises(IngestError, match=r"OCR took over -1 s of CPU time \(at page 1\); split the PDF"):
        parse_pdf(scanned_pdf(SCAN), ref="x")

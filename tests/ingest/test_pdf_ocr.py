"""archive/ingest/pdf_ocr.py: a PDF without a text layer is read by Tesseract, or refused saying what to install."""

from __future__ import annotations

import shutil

import pytest
from fpdf import FPDF

from archive.ingest import pdf_ocr
from archive.ingest.pdf import parse_pdf
from archive.ingest.types import IngestError
from tests.ingest.pdfs import scan_image, scanned_pdf, stamped_scan_pdf

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
    # AND the file's creation date (the day it was scanned, not the story's) dates nothing: the date is unknown,
    # for an editor to give (the review queue lists it)
    assert b"/CreationDate" in data and article.published.value is None


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


@needs_tesseract
def test_a_scan_stamped_with_a_line_of_text_is_still_read_by_ocr() -> None:
    # GIVEN a scanned page on which an archive stamped one line of real text
    data = stamped_scan_pdf(SCAN, "Downloaded from the State Library on 3 May 2024")
    # WHEN it is parsed THEN OCR reads the page (the stamp alone is not the article)
    [article] = parse_pdf(data, ref="x").articles
    assert "Kansas" in article.body.split() and article.title == "Harvest breaks records"


def test_a_text_page_with_a_logo_is_read_from_its_text_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a page of real text with a picture on it, and no Tesseract (OCR would fail)
    monkeypatch.setattr(pdf_ocr, "tesseract_path", lambda: None)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(scan_image(["LOGO"]).resize((165, 233)), x=10, y=10, w=20)
    pdf.set_font("Times", size=12)
    pdf.set_xy(20, 50)
    pdf.multi_cell(170, 6, "The ministry said on Monday that grain exports rose by a tenth in March. " * 2)
    # WHEN it is parsed THEN its text layer is the article
    [article] = parse_pdf(bytes(pdf.output()), ref="x").articles
    assert article.body.startswith("The ministry said on Monday that grain exports rose")

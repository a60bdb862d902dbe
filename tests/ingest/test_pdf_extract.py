"""archive/ingest/pdf_extract.py and child.py: the text layer is read in a child process that a hostile PDF cannot
turn against the importer: a memory cap, a time budget and the article limit inside a page, and a kill after a grace
period."""

from __future__ import annotations

import pathlib

import pytest

from archive.ingest import child, pdf_extract
from archive.ingest.pdf import parse_pdf
from archive.ingest.pdf_extract import extract, read_text_layer
from archive.ingest.types import Deadline, IngestError, OutOfTime
from tests.ingest.pdfs import bomb_pdf, operators_pdf, text_pdf

LIMITS = {"max_pages": 10, "max_article_bytes": 1_000_000, "budget": 30.0}


def test_the_child_returns_the_lines_the_metadata_and_the_text() -> None:
    found = extract(text_pdf(["First line here.", "Second line."], title="A title"), **LIMITS)
    assert [line.text for line in found.lines] == ["First line here.", "Second line."]
    assert found.lines[0].new_block and not found.lines[1].new_block and found.lines[0].size == 12.0
    assert found.info["Title"] == "A title" and found.info["CreationDate"].startswith("D:20110504")
    assert "First line here." in found.raw and found.pictures == 0


@pytest.mark.slow  # making and inflating 300 MB takes seconds
def test_a_decompression_bomb_is_stopped_by_the_memory_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a small PDF whose page inflates to 300 MB, and a child capped at 160 MiB
    monkeypatch.setattr(pdf_extract, "MEMORY_LIMIT_BYTES", 160 * 1024**2)
    # WHEN it is parsed THEN the file fails with a reason, and this process never held the inflated page
    with pytest.raises(IngestError, match="PDF needs more than 160 MiB of memory to read"):
        parse_pdf(bomb_pdf(300), ref="x")


TEXT_OPERATOR = b"BT /F1 1 Tf 1 1 Td (a) Tj ET\n"  # the reviewer's page: three million of these after one real line


def test_a_page_of_too_many_glyphs_stops_at_the_article_limit_inside_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN one page drawing 3,000 glyphs, an article limit of 1,000 bytes, and a count of the glyphs pdfminer lays out
    from pdfminer.converter import PDFLayoutAnalyzer

    drawn = []
    render_char = PDFLayoutAnalyzer.render_char

    def counted(self, *args, **kwargs):
        drawn.append(1)
        return render_char(self, *args, **kwargs)

    monkeypatch.setattr(PDFLayoutAnalyzer, "render_char", counted)
    # WHEN the text layer is read
    stopped = r"over the 1\.0 KB limit for one article; not imported \(stopped reading in page 1\)"
    with pytest.raises(IngestError, match=stopped):
        read_text_layer(operators_pdf(TEXT_OPERATOR, 3000), max_pages=1, max_article_bytes=1000, budget=30.0)
    # THEN reading stopped at the glyph over the limit, not at the end of the page (the bomb's page held 3 million)
    assert len(drawn) <= 1001


def test_one_heavy_page_is_stopped_by_the_cpu_budget_inside_the_page() -> None:
    # GIVEN one page of 400,000 operators (seconds of CPU time) and a budget of 1 s of the child's CPU time
    data = operators_pdf(b"q Q\n", 400_000)
    # WHEN the child reads it THEN the budget stops it in the page (it was checked only between pages), with a message
    with pytest.raises(IngestError, match=r"reading the PDF took over 1 s of CPU time \(in page 1\); split it"):
        extract(data, max_pages=1, max_article_bytes=1_000_000, budget=1.0)


def fake_python(tmp_path: pathlib.Path, script: str) -> str:
    program = tmp_path / "python"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return str(program)


def test_a_child_that_never_answers_is_killed(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    # GIVEN a child that hangs (stands in for a page pdfminer would analyse for hours) and a grace of 1 s
    monkeypatch.setattr(child.sys, "executable", fake_python(tmp_path, "exec sleep 60"))
    monkeypatch.setattr(pdf_extract, "CHILD_GRACE_SECONDS", 1)
    # WHEN the text layer is read THEN the child is killed and the file reported
    with pytest.raises(IngestError, match=r"reading the PDF did not finish in 1 s; split it"):
        extract(b"%PDF-1.4", max_pages=1, max_article_bytes=100, budget=0)


def test_a_child_still_reading_at_the_callers_deadline_is_killed_then(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    # GIVEN a child that hangs, a budget whose kill is minutes away, and an upload's deadline 1 s away
    monkeypatch.setattr(child.sys, "executable", fake_python(tmp_path, "exec sleep 60"))
    # WHEN the text layer is read THEN the child is killed at the deadline: out of time, not a broken file
    with pytest.raises(OutOfTime, match=r"reading the PDF was stopped after 1 s: the time for the upload was up"):
        extract(b"%PDF-1.4", **LIMITS, deadline=Deadline.after(1))


def test_no_child_is_started_after_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(child.subprocess, "run", lambda *a, **k: pytest.fail("a child was started"))
    with pytest.raises(OutOfTime, match=r"reading the PDF was not started: the time for the upload was up"):
        extract(b"%PDF-1.4", **LIMITS, deadline=Deadline.after(0))


def test_a_child_that_crashes_is_reported_with_its_last_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setattr(child.sys, "executable", fake_python(tmp_path, "echo 'Segmentation fault' >&2; exit 139"))
    with pytest.raises(
        IngestError, match=r"broken PDF: reading the PDF failed \(exit status 139: Segmentation fault\)"
    ):
        extract(b"%PDF-1.4", **LIMITS)

"""archive/ingest/pdf_extract.py and child.py: the text layer is read in a child process that a hostile PDF cannot
turn against the importer: a memory cap, a time budget between pages, and a kill after a grace period."""

from __future__ import annotations

import pathlib

import pytest

from archive.ingest import child, pdf_extract
from archive.ingest.pdf import parse_pdf
from archive.ingest.pdf_extract import extract
from archive.ingest.types import IngestError
from tests.ingest.pdfs import bomb_pdf, text_pdf

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


def test_a_child_that_crashes_is_reported_with_its_last_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setattr(child.sys, "executable", fake_python(tmp_path, "echo 'Segmentation fault' >&2; exit 139"))
    with pytest.raises(
        IngestError, match=r"broken PDF: reading the PDF failed \(exit status 139: Segmentation fault\)"
    ):
        extract(b"%PDF-1.4", **LIMITS)

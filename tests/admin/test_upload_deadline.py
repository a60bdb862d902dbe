"""An upload answers before the worker timeout (archive/uploads.py): a deadline derived from ARCHIVE_WORKER_TIMEOUT,
nothing started after it, a report saying what was not imported and how to finish, the index queue consistent.

The clock is stepped, not waited on: `archive.ingest.types.clock` advances one second each time it is read."""

import itertools
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive import importers
from archive.ingest import types
from archive.models import Article, IndexChange
from tests.ingest.pdfs import operators_pdf

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
RECORDS = 60


def big_jsonl(records: int = RECORDS) -> SimpleUploadedFile:
    """Many small records, as the reviewer's 19.5 MB file of 220,854 was (smaller here: batches are made smaller)."""
    lines = (
        json.dumps({"id": f"r{n}", "title": f"Grain report {n}", "body": f"LONDON - Wheat shipment number {n} left."})
        for n in range(records)
    )
    return SimpleUploadedFile("many.jsonl", "\n".join(lines).encode())


@pytest.fixture
def stepped_clock(monkeypatch):
    """Each reading of the deadlines' clock is one second later than the last."""
    seconds = itertools.count()
    monkeypatch.setattr(types, "clock", lambda: float(next(seconds)))


def result_of(response):
    [result] = response.context["result"].files
    return result


def test_a_file_past_the_deadline_stops_between_batches_and_uploading_it_again_finishes(
    editor_client, committed, settings, monkeypatch, stepped_clock
):
    # GIVEN a worker timeout leaving the upload 3 (stepped) seconds, and batches of 10 articles
    settings.ARCHIVE_WORKER_TIMEOUT = 5
    monkeypatch.setattr(importers, "BATCH_SIZE", 10)
    # WHEN a JSON Lines file of 60 records is uploaded
    with committed():
        response = editor_client.post(URL, {"files": [big_jsonl()]})
    # THEN the page answers with what was imported and what was not, and how to finish
    report = result_of(response).report
    assert response.status_code == 200 and 0 < report.new < RECORDS
    assert report.not_started == RECORDS - report.new and report.new == Article.objects.count() and not report.failed
    page = response.content.decode()
    assert f"{report.not_started} of its {RECORDS} articles not imported yet" in page
    assert "upload it again to carry on" in page and "import_articles" in page
    # AND every stored article reached the index: nothing left queued
    assert not IndexChange.objects.exists()
    # WHEN the same file is uploaded again with time enough
    monkeypatch.setattr(types, "clock", types.time.monotonic)
    settings.ARCHIVE_WORKER_TIMEOUT = 120
    with committed():
        again = result_of(editor_client.post(URL, {"files": [big_jsonl()]})).report
    # THEN it carries on: the rest is new, what was imported is unchanged
    assert (again.new, again.unchanged, again.unfinished) == (report.not_started, report.new, "")
    assert Article.objects.count() == RECORDS


def test_files_past_the_deadline_are_not_started_and_no_pdf_child_runs(editor_client, committed, settings, monkeypatch):
    # GIVEN a worker timeout of 0 (the deadline is now) and a hostile PDF among the files
    settings.ARCHIVE_WORKER_TIMEOUT = 0
    monkeypatch.setattr("archive.ingest.child.subprocess.run", lambda *a, **k: pytest.fail("a child was started"))
    files = [big_jsonl(), SimpleUploadedFile("bomb.pdf", operators_pdf(b"BT /F1 1 Tf 1 1 Td (a) Tj ET\n", 1000))]
    # WHEN they are uploaded
    with committed():
        response = editor_client.post(URL, {"files": files})
    # THEN neither is started, both say so and how to finish, and nothing is stored
    assert response.status_code == 200 and not Article.objects.exists()
    for result in response.context["result"].files:
        assert result.report.unfinished.startswith("not started: the time for the upload was up")
    assert "2 files are not wholly imported" in response.content.decode()


def test_a_pdf_whose_reading_the_deadline_stopped_says_to_upload_it_alone_or_use_the_command(
    editor_client, committed, monkeypatch
):
    # GIVEN a PDF's reading stopped by the upload's deadline (its child killed)
    from archive.ingest import OutOfTime

    def stopped(*args, **kwargs):
        raise OutOfTime("reading the PDF was stopped after 72 s: the time for the upload was up")

    monkeypatch.setattr("archive.ingest.pdf.extract", stopped)
    files = [SimpleUploadedFile("slow.pdf", operators_pdf(b"q Q\n", 10))]
    # WHEN it is uploaded THEN the page says what stopped it and how to import it after all
    with committed():
        response = editor_client.post(URL, {"files": files})
    assert result_of(response).report.unfinished == (
        "reading the PDF was stopped after 72 s: the time for the upload was up; "
        "upload it on its own, or import it with import_articles (no such limit)"
    )


def test_a_queue_longer_than_a_request_applies_is_indexed_in_the_background(
    editor_client, committed, settings, monkeypatch
):
    # GIVEN a request applies at most 5 index changes, and a background writer that is only recorded
    settings.ARCHIVE_INDEX_IN_REQUEST_MAX = 5
    started = []
    monkeypatch.setattr("archive.search.writer.apply_pending_in_background", lambda: started.append(True))
    # WHEN 60 articles are uploaded
    with committed():
        response = editor_client.post(URL, {"files": [big_jsonl()]})
    # THEN the request does not index them itself: they stay queued for the background writer, and the page says so
    assert started and IndexChange.objects.count() == RECORDS
    assert response.context["result"].index_in_background
    assert "reach search within minutes" in response.content.decode()


def test_the_upload_deadline_derives_from_the_timeout_gunicorn_reads(settings, monkeypatch):
    # GIVEN gunicorn's configuration read without ARCHIVE_WORKER_TIMEOUT (its default, and the settings' one)
    import runpy
    from pathlib import Path

    from archive import uploads

    monkeypatch.delenv("ARCHIVE_WORKER_TIMEOUT", raising=False)
    conf = runpy.run_path(str(Path(uploads.__file__).with_name("gunicorn.conf.py")))
    # THEN both read the same timeout, and an upload gets a share of it, leaving the rest for the index and the answer
    assert conf["timeout"] == settings.ARCHIVE_WORKER_TIMEOUT
    assert uploads.upload_seconds() == conf["timeout"] * uploads.UPLOAD_SHARE < conf["timeout"]

"""The admin upload page takes PDFs: offered in the file picker, read as binary, reported per file."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article
from tests.admin.helpers import found
from tests.ingest.pdfs import text_pdf

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
PDF = text_pdf(
    ["KABUL, May 2, 2022 - The Zorbulak bridge reopened to freight on Monday,", "officials said."],
    title="Bridge reopens",
)


def post(client, committed, *files):
    with committed():
        return client.post(URL, {"files": list(files)})


def test_the_file_picker_offers_pdf(editor_client):
    # GIVEN the upload page WHEN an editor opens it THEN .pdf is among the accepted types and named in the help
    page = editor_client.get(URL).content.decode()
    [accept] = re.findall(r'name="files" accept="([^"]*)"', page)
    assert ".pdf" in accept.split(",")
    assert ".pdf" in page.split("One or more", 1)[1][:200]  # the help text names it


def test_an_uploaded_pdf_is_imported_once_and_a_broken_one_is_reported(editor_client, committed):
    # GIVEN a good PDF and a truncated one, uploaded together
    good = SimpleUploadedFile("bridge.pdf", PDF, content_type="application/pdf")
    broken = SimpleUploadedFile("broken.pdf", PDF[:200], content_type="application/pdf")
    # WHEN they are uploaded
    response = post(editor_client, committed, good, broken)
    # THEN the good one is an article under its upload reference, searchable, and the broken one is reported
    assert response.status_code == 200
    reports = {result.safe_name: result.report for result in response.context["result"].files}
    assert reports["bridge.pdf"].new == 1
    assert "truncated PDF" in reports["broken.pdf"].failed[0]
    assert "truncated PDF" in response.content.decode()
    article = Article.objects.get()
    assert article.import_ref == f"upload/bridge.pdf@{hashlib.sha256(PDF).hexdigest()[:12]}#1"
    assert article.title == "Bridge reopens" and found(q="Zorbulak") == [article.pk]
    # AND uploading it again changes nothing
    again = post(editor_client, committed, SimpleUploadedFile("bridge.pdf", PDF))
    assert again.context["result"].files[0].report.unchanged == 1 and Article.objects.count() == 1

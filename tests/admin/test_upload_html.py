"""The admin upload page takes saved web pages (.html, .htm) like any other file: per-file reports, idempotent."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article
from tests.admin.helpers import found

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
PAGES = Path(__file__).resolve().parents[1] / "ingest" / "pages"


def post(client, committed, *files):
    with committed():
        return client.post(URL, {"files": list(files)})


def rows(response) -> dict[str, object]:
    return {result.safe_name: result.report for result in response.context["result"].files}


def test_the_upload_page_offers_html(editor_client):
    page = editor_client.get(URL).content.decode()
    assert ".html" in page and ".htm" in page


def test_uploaded_pages_import_and_bad_ones_are_reported_by_name(editor_client, committed):
    # GIVEN a saved news page, the same page again as .htm, and a text file named .html
    wire = (PAGES / "wire_story.html").read_bytes()
    # WHEN they are uploaded together
    response = post(
        editor_client,
        committed,
        SimpleUploadedFile("kenya.html", wire),
        SimpleUploadedFile("notes.html", b"Just some notes, no markup at all here."),
        SimpleUploadedFile("blog.htm", (PAGES / "local_blog.html").read_bytes()),
    )
    # THEN the pages are new and the text file fails with its reason on its own row
    assert response.status_code == 200
    reports = rows(response)
    assert reports["kenya.html"].new == 1 and reports["blog.htm"].new == 1
    assert "not an HTML page" in reports["notes.html"].failed[0]
    assert "not an HTML page" in response.content.decode()
    # AND the article's reference is the upload's, by name and content, and it is searchable at once
    article = Article.objects.get(import_ref=f"upload/kenya.html@{hashlib.sha256(wire).hexdigest()[:12]}")
    assert article.title == "Kenya and Uganda sign pipeline deal after two years of talks"
    assert found(q="Lamu") == [article.pk]
    # AND uploading the page again changes nothing
    again = rows(post(editor_client, committed, SimpleUploadedFile("kenya.html", wire)))
    assert (again["kenya.html"].new, again["kenya.html"].unchanged) == (0, 1)
    assert Article.objects.count() == 2

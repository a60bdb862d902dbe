"""The batch search page (/batch/) and its CSV (/batch/export.csv), through Django's test client."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive.search import RESOLVERS, SearchParams, search
from tests.web.ratelimit_window import LONG_WINDOW, fresh_window

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr(?: class=\"not-run\")?>\s*<th scope=\"row\">(.*?)</th>", html, re.S)


def test_the_page_is_linked_from_the_nav_and_offers_the_form(archive, client):
    home = client.get("/").content.decode()
    assert 'href="/batch/"' in home
    page = client.get("/batch/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert 'formaction="/batch/export.csv"' in html and "up to 500 queries" in html


def test_pasted_queries_give_a_row_each_with_totals_and_best_articles(archive, client):
    # GIVEN pasted lines, one of them refused, and a country filter
    response = client.post("/batch/", {"queries": "Pakistan\n*stan\n\nASEAN\n", "country": "PK"})
    html = response.content.decode()
    # THEN one row per non-blank line, in order, with the search's total and best article links
    assert response.status_code == 200
    assert [unescape(re.sub("<[^>]+>", "", row)) for row in _rows(html)] == ["Pakistan", "*stan", "ASEAN"]
    expected = search(SearchParams(q="Pakistan", countries=("PK",)), resolvers=RESOLVERS)
    assert f'<td class="number">{expected.count}</td>' in html
    assert expected.hits[0].article.get_absolute_url() in html
    # AND the refused line says why, and the filter stays chosen for the next run
    assert "Wildcards are only allowed" in html and "1 not run" in html
    assert '<option value="PK" selected>' in html
    # AND each query links to its search with the same filters
    assert 'href="/?q=Pakistan&amp;country=PK"' in html
    # AND its best article carries that search, so it opens as the search's result 1, the rest after it
    best = expected.hits[0].article.get_absolute_url()
    assert f'href="{best}?back=q%3DPakistan%26country%3DPK"' in html
    article = client.get(f"{best}?back=q%3DPakistan%26country%3DPK").content.decode()
    assert f"Result 1 of {expected.groups}" in article


def test_an_uploaded_csv_is_run_and_its_queries_fill_the_box(archive, client):
    upload = SimpleUploadedFile("watch.csv", b"query,comment\nPakistan,x\nASEAN,y\n", content_type="text/csv")
    response = client.post("/batch/", {"queries": "", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert len(_rows(html)) == 2 and "header and skipped" in html
    # the box now holds the file's queries, so "Download CSV" sends the same batch
    assert re.search(r"<textarea[^>]*>Pakistan\nASEAN</textarea>", html)


def test_a_file_too_large_is_refused_with_a_message(archive, client):
    upload = SimpleUploadedFile("big.txt", b"word\n" * (600 * 1024), content_type="text/plain")
    response = client.post("/batch/", {"queries": "", "file": upload})
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()


def test_the_csv_download_holds_the_same_rows(archive, client):
    response = client.post("/batch/export.csv", {"queries": "Pakistan\n=HYPERLINK(1)\nASEAN", "from": "2023-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="batch-search-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["query"] for row in rows] == ["Pakistan", "'=HYPERLINK(1)", "ASEAN"]
    params = SearchParams(q="Pakistan", date_from=dt.date(2023, 1, 1))
    assert int(rows[0]["total"]) == search(params, resolvers=RESOLVERS).count
    assert rows[0]["permalink_1"].startswith("http://testserver/articles/")


def test_a_list_over_the_limit_gets_a_message_and_nothing_runs(archive, client, settings):
    settings.ARCHIVE_BATCH_LIMIT = 2
    for url in ("/batch/", "/batch/export.csv"):
        response = client.post(url, {"queries": "a\nb\nc"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "This list has 3 queries; a batch runs at most 2" in html and not _rows(html)
    empty = client.post("/batch/", {"queries": "  \n"})
    assert empty.status_code == 400 and "no query" in empty.content.decode()
    # AND the box is marked as what the message is about, for a screen reader going back to it
    assert 'id="batch-queries" name="queries" aria-invalid="true" aria-describedby="batch-error"' in html
    assert '<p class="error" id="batch-error" role="alert">' in html


def test_bad_filters_are_ignored_with_a_notice(archive, client):
    response = client.post("/batch/", {"queries": "Pakistan", "country": "XX", "from": "2023-02-30"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ignored unknown country “XX”" in html and "Ignored the “from” date" in html


def test_the_form_needs_its_csrf_token(archive):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/batch/", {"queries": "Pakistan"}).status_code == 403
    page = client.get("/batch/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post("/batch/", {"queries": "Pakistan", "csrfmiddlewaretoken": token}).status_code == 200


def test_other_methods_are_refused(archive, client):
    assert client.put("/batch/").status_code == 405
    assert client.get("/batch/export.csv").status_code == 405


def test_the_batch_page_shares_the_public_rate_limit(archive, client, settings):
    # GIVEN a limit of 3 requests per client in a long window, starting afresh
    settings.ARCHIVE_RATE_LIMIT = 3
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW
    fresh_window("127.0.0.1")
    # WHEN one client loads the page, runs a batch, downloads it and runs one more
    statuses = [
        client.get("/batch/").status_code,
        client.post("/batch/", {"queries": "Pakistan"}).status_code,
        client.post("/batch/export.csv", {"queries": "Pakistan"}).status_code,
        client.post("/batch/", {"queries": "Pakistan"}).status_code,
    ]
    # THEN the fourth request is refused with 429, as on the search page and the API
    assert statuses == [200, 200, 200, 429]

"""Issue 20 item 4 in production mode: the batch search page (a CSRF-checked POST form, pasted lines and an uploaded
file), its CSV, and the API, over real HTTP from gunicorn with DJANGO_DEBUG=0 (SQLite, or PostgreSQL when
DATABASE_URL names it)."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from html import unescape

import pytest

from tests.processes import seeded_server
from tests.production.test_production_server import NoRedirect, fetch

pytestmark = pytest.mark.slow

JSON = "application/json"
NO_COOKIES = urllib.request.build_opener(NoRedirect)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("batch"), ARCHIVE_BATCH_LIMIT="3") as running:
        yield running


@pytest.fixture
def browser_like(server):
    """An opener that keeps cookies, and the form's CSRF token from a first GET of the page."""
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    status, _, html = fetch(server.url + "/batch/", opener=opener)
    assert status == 200 and "Batch search" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return opener, token


def _multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _post(opener, url: str, data: bytes, content_type: str):
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})  # noqa: S310 - http only
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def _rows(html: str) -> list[str]:
    return [unescape(re.sub("<[^>]+>", "", row)) for row in re.findall(r'<th scope="row">(.*?)</th>', html, re.S)]


def test_pasted_lines_run_and_the_csv_downloads(server, browser_like):
    opener, token = browser_like
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "queries": "pakistan\n*stan\nASEAN", "country": "PK"})
    status, _, html = _post(opener, server.url + "/batch/", form.encode(), "application/x-www-form-urlencoded")
    assert status == 200, html[:2000]
    assert _rows(html) == ["pakistan", "*stan", "ASEAN"] and "Wildcards" in html
    assert re.search(r'<link rel="stylesheet" href="/static/archive/archive\.[0-9a-f]{12}\.css"', html)
    status, headers, body = _post(
        opener, server.url + "/batch/export.csv", form.encode(), "application/x-www-form-urlencoded"
    )
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["query"] for row in rows] == ["pakistan", "*stan", "ASEAN"]
    assert int(rows[0]["total"]) > 0 and rows[0]["permalink_1"].startswith(server.url + "/articles/")


def test_an_uploaded_file_runs(server, browser_like):
    opener, token = browser_like
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": token, "queries": ""}, "watch.csv", b"query\nASEAN\npakistan\n"
    )
    status, _, html = _post(opener, server.url + "/batch/", body, content_type)
    assert status == 200, html[:2000]
    assert _rows(html) == ["ASEAN", "pakistan"] and "header and skipped" in html


def test_a_list_over_the_limit_and_a_missing_token_are_refused_in_the_sites_layout(server, browser_like):
    opener, token = browser_like
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "queries": "a\nb\nc\nd"}).encode()
    status, _, html = _post(opener, server.url + "/batch/", form, "application/x-www-form-urlencoded")
    assert status == 400 and "This list has 4 queries; a batch runs at most 3" in html and not _rows(html)
    status, _, html = _post(opener, server.url + "/batch/", b"queries=a", "application/x-www-form-urlencoded")
    assert status == 403 and "CSRF" in html


def test_the_api_answers_and_refuses_as_documented(server):
    api = server.url + "/api/batch/"
    status, _, body = _post(NO_COOKIES, api, json.dumps({"queries": ["pakistan", "*stan"]}).encode(), JSON)
    assert status == 200, body
    results = json.loads(body)["results"]
    assert results[0]["ran"] and results[0]["total"] > 0 and results[0]["articles"][0]["url"].startswith(server.url)
    assert not results[1]["ran"]
    status, _, body = _post(NO_COOKIES, api, json.dumps({"queries": list("abcd")}).encode(), JSON)
    assert status == 400 and json.loads(body) == {
        "error": "This list has 4 queries; a batch runs at most 3. Split it into lists of 3 or fewer and run each.",
        "status": 400,
        "count": 4,
        "limit": 3,
    }
    document = json.loads(fetch(server.url + "/api/openapi.json")[2])
    assert {"/api/batch/", "/api/batch/export"} <= set(document["paths"])

"""PDF uploads under gunicorn with DJANGO_DEBUG=0: an editor uploads a PDF (and a scan, when Tesseract is
installed) through the admin import page over real plain HTTP; the articles' pages and raw views answer."""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import shutil
import urllib.parse
import urllib.request

import pytest

from tests.ingest.pdfs import scanned_pdf, text_pdf
from tests.processes import seeded_server, with_editor
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow

PASSWORD = secrets.token_urlsafe(16)
IMPORT = "/admin/archive/article/import/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("pdf-production"), prepare=with_editor(PASSWORD)) as running:
        yield running


def signed_in(server) -> urllib.request.OpenerDirector:
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    _, _, form = fetch(server.url + "/admin/login/?next=/admin/", opener=browser)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD, "next": "/admin/"}
    status, _, page = fetch(server.url + "/admin/login/", opener=browser, data=urllib.parse.urlencode(fields).encode())
    assert status == 200 and "Log out" in page, page[:2000]
    return browser


def upload(server, browser, files: dict[str, bytes]) -> tuple[int, str]:
    _, _, page = fetch(server.url + IMPORT, opener=browser)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    boundary = secrets.token_hex(12)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode()]
    for name, content in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(  # noqa: S310 - plain http on loopback
        server.url + IMPORT,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": server.url + IMPORT},
    )
    try:
        with browser.open(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def article_for(server, query: str) -> int:
    status, _, body = fetch(server.url + "/api/search/?q=" + urllib.parse.quote(query))
    assert status == 200, body[:500]
    [hit] = json.loads(body)["results"]
    return hit["id"]


def test_an_editor_uploads_a_pdf_and_a_broken_one_under_gunicorn(server):
    browser = signed_in(server)
    good = text_pdf(
        ["KABUL, May 2, 2022 - The Quetzalbridge reopened to freight,", "officials said."],
        title="Bridge reopens",
        header="Press office",
        page_numbers=True,
    )
    # WHEN the editor uploads a good PDF and a truncated one
    status, page = upload(server, browser, {"bridge.pdf": good, "broken.pdf": good[:300]})
    # THEN the page reports both: one new article, the broken file with its reason
    assert status == 200, page[:2000]
    assert "truncated PDF" in page
    pk = article_for(server, "Quetzalbridge")
    # AND the article page and its raw view (the text layer as received) answer
    status, _, html = fetch(f"{server.url}/articles/{pk}/", opener=urllib.request.build_opener())  # to its slug
    assert status == 200 and "Bridge reopens" in html
    status, headers, raw = fetch(f"{server.url}/articles/{pk}/raw/")
    assert status == 200 and headers["Content-Type"].startswith("text/plain") and "Press office" in raw


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make ocr-deps)")
def test_a_scanned_pdf_is_read_by_ocr_under_gunicorn(server):
    browser = signed_in(server)
    scan = scanned_pdf(["Harvest report", "", "The Wheatmarsh harvest was the largest", "since records began."])
    status, page = upload(server, browser, {"scan.pdf": scan})
    assert status == 200, page[:2000]
    pk = article_for(server, "Wheatmarsh")
    status, _, html = fetch(f"{server.url}/articles/{pk}/", opener=urllib.request.build_opener())
    assert status == 200 and "Harvest report" in html

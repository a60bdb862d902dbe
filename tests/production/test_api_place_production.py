"""Issue 16 items 5-7 over real HTTP in production mode (gunicorn, DJANGO_DEBUG=0): the OpenAPI document, the
Atom feed, an article page reached from a search (back link and highlighting), and 304 Not Modified for the
feeds, the search page and the search API."""

from __future__ import annotations

import json
import re
import urllib.request
from html import unescape
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from tests.processes import seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """DEBUG off, 2 workers, plain HTTP, the seeds imported and indexed as `make setup` leaves them."""
    with seeded_server(tmp_path_factory.mktemp("production-api-place")) as running:
        yield running


def test_the_openapi_document_is_served(server):
    status, headers, body = fetch(server.url + "/api/openapi.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    document = json.loads(body)
    assert document["openapi"] == "3.1.0"
    assert {"/api/search/", "/api/articles/{pk}/"} <= set(document["paths"])
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    # the docs page links it; ninja's CDN-backed Swagger page is not served
    assert 'href="/api/openapi.json"' in fetch(server.url + "/api/")[2]
    status, headers, body = fetch(server.url + "/api/docs")
    assert status == 404 and json.loads(body)["status"] == 404


def test_api_errors_keep_their_json_shape(server):
    status, _, body = fetch(server.url + "/api/articles/999999/")
    assert status == 404 and set(json.loads(body)) == {"error", "status"}
    status, _, body = fetch(server.url + "/api/search/?q=*stan")
    assert status == 400 and "Wildcards" in json.loads(body)["error"]


@pytest.mark.parametrize("path", ["/api/search/?q=pakistan", "/api/search/export?q=pakistan&format=csv"])
def test_the_api_answers_head_over_http(server, path):
    # WHEN a monitor asks an API address with HEAD
    request = urllib.request.Request(server.url + path, method="HEAD")  # noqa: S310 - the test server's http URL
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        # THEN it gets GET's status and type, and no body
        status, headers, body = response.status, response.headers, response.read()
    assert status == 200 and headers["Content-Type"] == fetch(server.url + path)[1]["Content-Type"] and body == b""
    # AND a method the address does not answer is a JSON 405 naming the ones it does
    status, headers, body = fetch(server.url + path, data=b"")
    assert status == 405 and headers["Allow"] == "GET, HEAD" and json.loads(body)["status"] == 405


def test_the_atom_feed_parses_with_permalinks_as_ids(server):
    status, headers, body = fetch(server.url + "/feeds/search/atom/?q=pakistan&country=PK")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(body)
    assert feed.bozo == 0 and feed.version == "atom10" and feed.entries
    for entry in feed.entries:
        # the id is the slug-less permalink (a title's fix keeps it), the link the article's page under it
        assert re.match(re.escape(server.url) + r"/articles/\d+/$", entry.id)
        assert entry.link.startswith(entry.id) and re.match(r"[\w-]+/$", entry.link[len(entry.id) :])
        status, redirect, _ = fetch(entry.id)
        assert status == 301 and redirect["Location"] in (entry.link, entry.link[len(server.url) :])
    status, _, html = fetch(server.url + "/?q=pakistan&country=PK")
    assert 'type="application/atom+xml"' in html and 'href="/feeds/search/atom/?q=pakistan&amp;country=PK"' in html


@pytest.mark.parametrize("path", ["/feeds/search/?q=pakistan", "/feeds/search/atom/?q=pakistan"])
def test_a_feed_reader_polling_an_unchanged_feed_gets_304(server, path):
    # GIVEN feedparser has fetched a feed and kept its validators, as a feed reader does
    first = feedparser.parse(server.url + path)
    assert first.status == 200 and first.entries and first.etag.startswith('W/"')
    # WHEN it polls again with them (If-None-Match, and If-Modified-Since when the server sent one)
    again = feedparser.parse(server.url + path, etag=first.etag, modified=first.get("modified"))
    # THEN the server answers 304 Not Modified: nothing to download or parse
    assert again.status == 304 and not again.entries


@pytest.mark.parametrize("path", ["/?q=pakistan", "/api/search/?q=pakistan"])
def test_a_client_holding_the_present_answer_gets_304(server, path):
    # GIVEN a page and an API answer fetched a few times (either of the two workers answers): one ETag
    etags = {fetch(server.url + path)[1]["ETag"] for _ in range(4)}
    assert len(etags) == 1
    # WHEN a client sends it back THEN 304 Not Modified, with no body
    revalidation = urllib.request.Request(server.url + path, headers={"If-None-Match": etags.pop()})  # noqa: S310 - our server
    status, headers, body = fetch(revalidation)
    assert status == 304 and body == "" and headers["Cache-Control"] == "no-cache"


def test_an_article_reached_from_a_search_keeps_the_place(server):
    status, _, html = fetch(server.url + "/?q=russia&country=PK")
    link = unescape(re.search(r'<h2><a href="(/articles/[^"]+)"', html).group(1))
    assert "?back=" in link
    status, _, article = fetch(server.url + link)
    assert status == 200 and "<mark>" in article and '<p class="byline">' in article
    back = unescape(re.search(r'<p class="back"><a href="([^"]*)"', article).group(1))
    assert parse_qs(urlsplit(back).query) == {"q": ["russia"], "country": ["PK"]}
    # AND it is result 1 of the search, whose next result opens with its own place
    count = int(re.search(r'id="results-heading"[^>]*>\s*(\d+) article', html).group(1))
    assert f"Result 1 of {count}" in article
    following = unescape(re.search(r'<a rel="next" href="([^"]+)"', article).group(1))
    status, _, second = fetch(server.url + following)
    assert status == 200 and f"Result 2 of {count}" in second

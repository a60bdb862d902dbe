"""The "Done when" of issue 13: gunicorn with DJANGO_DEBUG=0 on a loopback port, over the seeded archive set
up as `make setup` does, answers every page, the admin and hashed static files over real plain HTTP."""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from html import unescape
from xml.etree import ElementTree

import feedparser
import pytest

from tests.processes import seeded_server, with_editor

pytestmark = pytest.mark.slow

PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One production server for the module: DEBUG off, 2 workers, plain HTTP, the seeds imported and indexed."""
    with seeded_server(tmp_path_factory.mktemp("production"), prepare=with_editor(PASSWORD)) as running:
        yield running


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, *, opener: urllib.request.OpenerDirector | None = None, data: bytes | None = None):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    opener = opener or urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, data=data, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


@pytest.mark.parametrize(
    "path",
    ["/?q=pakistan&country=PK", "/", "/help/", "/api/", "/api/search/?q=pakistan", "/feeds/search/?q=pakistan",
     "/admin/login/", "/healthz", "/sources/", "/api/countries/?sort=count", "/selected/",
     "/timeline/?q=pakistan&compare=russia", "/timeline/export.csv?q=pakistan", "/api/timeline/?q=pakistan",
     "/timeline/?q=pakistan&country=PK&measure=within", "/?q=author:%22Jane+Doe%22", "/writers/", "/api/writers/",
     "/advanced/",
     "/opensearch.xml", "/concordance/?q=pakistan&by=right", "/concordance/export.csv?q=pakistan"],
)  # fmt: skip
def test_every_page_answers_200_under_gunicorn_with_debug_off(server, path):
    # WHEN the page is fetched over plain HTTP from the production server
    status, headers, body = fetch(server.url + path)
    # THEN it renders (no https redirect, no missing-manifest 500)
    assert status == 200, body[:2000]
    assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS promise made


def test_search_with_filters_finds_the_seeded_articles_and_links_hashed_static_files(server):
    # WHEN the search page is asked for a query with a country filter
    status, _, html = fetch(server.url + "/?q=pakistan&country=PK")
    assert status == 200
    # THEN it lists articles, and an article page opens
    articles = re.findall(r'href="(/articles/\d+/[^"?]+/)[?"]', html)  # result links may carry ?back=
    assert articles, html[:2000]
    status, _, article = fetch(server.url + articles[0])
    assert status == 200 and "<article" in article
    # AND every static file it links has a hashed name and is served, with a long cache lifetime
    static = {unescape(href) for href in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)}
    assert {"css", "js", "svg"} <= {href.rsplit(".", 1)[-1] for href in static}
    for href in static:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", href), href  # the manifest's hashed name
        status, headers, _ = fetch(server.url + href)
        assert status == 200 and "max-age" in headers["Cache-Control"], href


def test_the_api_and_the_feed_carry_the_search(server):
    status, headers, body = fetch(server.url + "/api/search/?q=pakistan&country=PK")
    assert status == 200 and headers["Content-Type"].startswith("application/json") and '"count"' in body
    status, headers, body = fetch(server.url + "/feeds/search/?q=pakistan")
    assert status == 200 and "<rss" in body and "<item>" in body


def test_a_readers_selection_is_listed_and_exported(server):
    # GIVEN two articles a search found, picked in reverse order
    _, _, html = fetch(server.url + "/?q=pakistan")
    ids = re.findall(r'name="ids" value="(\d+)"', html)[:2][::-1]
    assert len(ids) == 2, html[:2000]
    # WHEN their list is asked for THEN it shows them, and its export form leads to a file in that order
    status, headers, page = fetch(server.url + "/selected/?ids=" + ",".join(ids))
    assert status == 200 and headers["X-Robots-Tag"] == "noindex" and page.count('data-selection-remove="') == 2
    status, headers, body = fetch(server.url + "/api/articles/export?format=jsonl&ids=" + ",".join(ids))
    assert status == 200 and headers["X-Export-Total"] == "2"
    assert [re.search(r'"id": (\d+)', line).group(1) for line in body.splitlines()] == ids


def test_a_missing_page_is_a_404_in_the_site_layout(server):
    status, _, html = fetch(server.url + "/no-such-page/")
    assert status == 404
    assert 'class="site-header"' in html and 'name="q"' in html and "Page not found" in html
    status, headers, _ = fetch(server.url + "/api/no-such-thing/")
    assert status == 404 and headers["Content-Type"].startswith("application/json")


def test_the_longest_query_in_another_script_reaches_the_archives_own_page(server):
    # GIVEN the longest query the archive searches (500 characters), in Chinese: 4.5 KB once percent-encoded,
    # beyond the 4 KB request line gunicorn takes unless told otherwise (its bare "414" page)
    longest = urllib.parse.quote("巴基斯坦" * 125) + "&country=PK&country=IN&org=opec&from=1987-01-01&to=1987-12-31"
    status, _, html = fetch(server.url + "/?q=" + longest)
    # THEN the search page answers it
    assert status == 200 and 'class="site-header"' in html
    # AND one over the limit gets the archive's own message, not the server's
    status, _, html = fetch(server.url + "/?q=" + urllib.parse.quote("巴基斯坦" * 150))
    assert "That query is too long" in html and 'class="site-header"' in html


def test_favicon_ico_leads_to_the_icon(server):
    status, headers, _ = fetch(server.url + "/favicon.ico")
    assert status == 302
    status, headers, _ = fetch(server.url + headers["Location"])
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")


def test_a_browser_finds_the_archive_as_a_search_engine(server):
    # GIVEN any page, which names its OpenSearch description as a browser looks for it
    _, _, html = fetch(server.url + "/help/")
    [href] = re.findall(
        r'<link rel="search" type="application/opensearchdescription\+xml" title="[^"]+" href="([^"]+)"', html
    )
    status, headers, body = fetch(server.url + href)
    assert status == 200 and headers["Content-Type"].startswith("application/opensearchdescription+xml")
    # WHEN its search addresses are filled in with a query, as a browser or a program does
    root = ElementTree.fromstring(body.encode())
    spec = "{http://a9.com/-/spec/opensearch/1.1/}"
    assert len(root.findtext(f"{spec}ShortName")) <= 16  # the limit the specification sets
    urls = {url.get("type"): url.get("template") for url in root.iter(f"{spec}Url")}
    assert urls["application/opensearchdescription+xml"] == server.url + href
    filled = {
        kind: template.replace("{searchTerms}", urllib.parse.quote("pakistan russia")).replace("{startPage}", "1")
        for kind, template in urls.items()
    }
    # THEN each is on this host and answers in its type: the page, RSS and Atom (read by feedparser) and JSON
    assert all(url.startswith(server.url + "/") for url in filled.values())
    status, _, page = fetch(filled["text/html"])
    assert status == 200 and 'value="pakistan russia"' in page
    for kind in ("application/rss+xml", "application/atom+xml"):
        feed = feedparser.parse(fetch(filled[kind])[2])
        assert not feed.bozo and feed.entries, kind
    status, headers, body = fetch(filled["application/json"])
    assert status == 200 and headers["Content-Type"].startswith("application/json") and '"count"' in body


def test_a_crawler_finds_robots_txt_and_the_sitemaps_of_the_served_host(server):
    # WHEN a crawler reads robots.txt (Python's parser fetching it over HTTP) and the sitemap it names
    robots = urllib.robotparser.RobotFileParser(server.url + "/robots.txt")
    robots.read()
    [index] = robots.site_maps()
    assert index == server.url + "/sitemap.xml"
    status, _, body = fetch(index)
    sections = re.findall(r"<loc>([^<]+)</loc>", body)
    assert status == 200 and sections and all(url.startswith(server.url + "/sitemap-") for url in sections)
    # THEN every page the sitemaps list is on this host, open to it, and answers
    pages = [url for section in sections for url in re.findall(r"<loc>([^<]+)</loc>", fetch(section)[2])]
    assert any("/articles/" in url for url in pages) and any("/countries/" in url for url in pages)
    for url in pages:
        assert url.startswith(server.url + "/") and robots.can_fetch("AnyBot", url), url
        assert fetch(url)[0] == 200, url
    # AND searches are not
    assert not robots.can_fetch("AnyBot", server.url + "/?q=pakistan&country=PK")


def test_an_editor_logs_in_to_the_admin_over_plain_http(server):
    # GIVEN a browser-like client that keeps cookies, and an editor made with `create_editor`
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, _, form = fetch(server.url + "/admin/login/?next=/admin/", opener=browser)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    # The CSRF and session cookies must come back over http://: they are not marked Secure.
    assert [cookie.secure for cookie in jar if cookie.name == "csrftoken"] == [False]
    # WHEN the editor signs in through the login form
    fields = {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD, "next": "/admin/"}
    status, _, page = fetch(
        server.url + "/admin/login/?next=/admin/", opener=browser, data=urllib.parse.urlencode(fields).encode()
    )
    # THEN the admin index opens (the redirect after login was followed), signed in
    assert status == 200, page[:2000]
    assert "Site administration" in page and "Log out" in page
    assert any(cookie.name == "sessionid" for cookie in jar)

"""Issue 16, item 1 in production mode: gunicorn with DJANGO_DEBUG=0 serves the entity pages, their JSON,
their 404s in the site's layout and their hashed static script, over real plain HTTP."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from tests.processes import manage, seeded_server
from tests.production.test_production_server import fetch
from tests.search.entity_archive import write_entity_archive

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One production server for the module: the seeds and the small entity archive imported and indexed."""
    data_dir = tmp_path_factory.mktemp("entities-production")

    def import_entity_archive(env):
        manage(env, "import_articles", str(write_entity_archive(data_dir)), "--no-progress", check=True)

    with seeded_server(data_dir, prepare=import_entity_archive, ARCHIVE_RATE_LIMIT="0") as running:
        yield running


@pytest.mark.parametrize(
    "path",
    ["/countries/", "/countries/?q=pak&sort=count", "/organisations/", "/organisations/?sort=count",
     "/countries/PK/", "/countries/PK/?scale=log", "/organisations/imf/", "/sources/dawn/", "/countries/FR/",
     "/writers/", "/writers/amina-rashid/", "/api/writers/amina-rashid/"],
)  # fmt: skip
def test_entity_pages_answer_200(server, path):
    status, headers, body = fetch(server.url + path)
    assert status == 200, body[:2000]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "<script>" not in body  # no inline script: the filter is a static file


def test_country_page_counts_and_links(server):
    _, _, page = fetch(server.url + "/countries/PK/")
    # The seeds' 6 Pakistan articles and the 5 of the entity archive
    assert "11 articles" in page and 'figure class="attention"' in page and "Nov 2022: 1 of 2 (50.0%)" in page
    links = re.findall(r'<li><a href="(/\?[^"]+)"', page)
    assert "/?country=PK&amp;org=imf" in links
    status, _, search = fetch(server.url + unescape(links[0]))
    assert status == 200 and "article" in search


def test_unknown_entities_are_404_pages_and_json(server):
    for path in ("/countries/XX/", "/organisations/nope/", "/sources/nope/", "/writers/nobody/"):
        status, _, body = fetch(server.url + path)
        assert status == 404 and 'class="site-header"' in body
        assert "is known as" in body or "has the code" in body
    status, headers, body = fetch(server.url + "/api/countries/XX/")
    assert status == 404 and headers["Content-Type"] == "application/json" and json.loads(body)["status"] == 404


def test_api_profiles(server):
    status, _, body = fetch(server.url + "/api/countries/PK/")
    profile = json.loads(body)
    assert status == 200 and profile["articles"] == 11 and profile["url"].endswith("/countries/PK/")
    assert json.loads(fetch(server.url + "/api/sources/dawn/")[2])["articles"] == 3
    assert json.loads(fetch(server.url + "/api/organisations/imf/")[2])["articles"] == 3


def test_the_filter_script_is_a_hashed_static_file(server):
    _, _, page = fetch(server.url + "/countries/")
    script = re.search(r'<script src="(/static/archive/entities\.[0-9a-f]{12}\.js)"', page)
    assert script, page[:1500]
    status, headers, body = fetch(server.url + script.group(1))
    assert status == 200 and "data-entity-filter" in body and "max-age" in headers["Cache-Control"]

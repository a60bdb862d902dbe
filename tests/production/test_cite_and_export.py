"""Issue 16 items 3 and 4 in production mode: citation downloads, the cite block and an export of a search,
over real HTTP from gunicorn with DJANGO_DEBUG=0."""

from __future__ import annotations

import csv
import io
import json
import re

import bibtexparser
import pytest
import rispy

from tests.processes import seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("cite-export"), ARCHIVE_EXPORT_LIMIT="4") as running:
        yield running


@pytest.fixture(scope="module")
def article_path(server) -> str:
    status, _, html = fetch(server.url + "/?q=pakistan&country=RU")
    assert status == 200
    return re.findall(r'href="(/articles/\d+/[^"?]+/)', html)[0]  # the path, without the search it came from


def test_the_article_page_cites_it_and_its_downloads_parse(server, article_path):
    status, _, html = fetch(server.url + article_path)
    assert status == 200 and "Cite this article" in html and "APA (7th edition)" in html
    assert re.search(r'<script src="/static/archive/cite\.[0-9a-f]{12}\.js"', html)  # hashed, no inline script
    pk = article_path.split("/")[2]
    permalink = server.url + article_path
    status, headers, body = fetch(f"{server.url}/articles/{pk}/cite.ris")
    assert status == 200 and headers["Content-Type"].startswith("application/x-research-info-systems")
    assert headers["Content-Disposition"] == f'attachment; filename="article-{pk}.ris"'
    assert rispy.loads(body)[0]["urls"] == [permalink]
    status, headers, body = fetch(f"{server.url}/articles/{pk}/cite.bib")
    assert status == 200 and headers["Content-Type"].startswith("application/x-bibtex")
    assert bibtexparser.parse_string(body).entries[0]["url"] == permalink
    status, headers, body = fetch(f"{server.url}/articles/{pk}/cite.json")
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    assert json.loads(body)[0]["URL"] == permalink
    assert fetch(f"{server.url}/articles/999999/cite.ris")[0] == 404


def test_an_export_streams_and_a_search_over_the_cap_is_refused(server):
    status, headers, body = fetch(server.url + "/api/search/export?q=pakistan&country=RU&sort=oldest&format=csv")
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows and all("RU" in row["countries"] for row in rows)
    assert int(headers["X-Export-Total"]) == len(rows)
    # WHEN the search finds more than ARCHIVE_EXPORT_LIMIT (4 here)
    status, headers, body = fetch(server.url + "/api/search/export?format=jsonl")
    # THEN a 400 with the total and the limit, no file
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["limit"] == 4 and json.loads(body)["total"] > 4
    status, _, html = fetch(server.url + "/")
    assert status == 200 and "an export holds at most 4" in html
    assert fetch(server.url + "/api/search/export?format=pdf")[0] == 400

"""Issue 18, honest queries: under gunicorn with DJANGO_DEBUG=0, over the seeded archive, unsupported
syntax answers with a notice on the page and in the API, a misspelling with "Did you mean", never a 500."""

from __future__ import annotations

import json
import urllib.parse
from html import unescape

import pytest

from tests.processes import seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow

NOTICES = {
    "Pakistan~2": "Fuzzy and proximity search (~) are not supported",
    "[1987 TO 1988]": "Ranges such as [1987 TO 1988] are not supported",
    "oil^2": "Boosts (^) are not supported",
    "foo:bar": "There is no field “foo:”",
    '"foreign minister': "The closing quote was missing",
    "(oil OR gas": "A parenthesis “(” was not closed",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("queries-production")) as running:
        yield running


@pytest.mark.parametrize(("typed", "notice"), NOTICES.items())
def test_unsupported_syntax_gets_its_notice_on_the_page_and_in_the_api(server, typed, notice):
    # WHEN the query is searched on the page and through the API of the production server
    q = urllib.parse.urlencode({"q": typed})
    status, _, html = fetch(f"{server.url}/?{q}")
    api_status, _, body = fetch(f"{server.url}/api/search/?{q}")
    # THEN both answer 200 and say what was searched instead
    assert status == 200 and notice in unescape(html)
    assert api_status == 200 and any(notice in n for n in json.loads(body)["notices"])


def test_a_misspelling_gets_did_you_mean_under_gunicorn(server):
    status, _, html = fetch(f"{server.url}/?q=Lavrof")
    assert status == 200 and "Did you mean" in html and "Lavrov" in html
    status, _, body = fetch(f"{server.url}/api/search/?q=Lavrof")
    assert status == 200 and json.loads(body)["suggestion"] == "Lavrov"

"""The proposals' triage screens under gunicorn with DJANGO_DEBUG=0: the list with mention counts, the articles
naming a proposal, and the reject action, over real plain HTTP (as tests/production/test_production_server.py)."""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.parse
import urllib.request
from html import unescape

import pytest

from tests.processes import seeded_server, with_editor
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow

PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("proposals-production"), prepare=with_editor(PASSWORD)) as running:
        yield running


def signed_in(server) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, _, form = fetch(server.url + "/admin/login/?next=/admin/", opener=browser)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD, "next": "/admin/"}
    status, _, page = fetch(
        server.url + "/admin/login/?next=/admin/", opener=browser, data=urllib.parse.urlencode(fields).encode()
    )
    assert status == 200 and "Log out" in page, page[:2000]
    return browser


def test_an_editor_triages_a_proposal_under_gunicorn(server):
    browser = signed_in(server)
    # GIVEN the seeds' proposal WHEN the editor opens the proposals
    status, _, page = fetch(server.url + "/admin/archive/organisation/?status__exact=proposed", opener=browser)
    assert status == 200, page[:2000]
    # THEN its row links its mention count to the articles naming it
    link = re.search(r'href="(/admin/archive/article/\?mentions=(\d+))"[^>]*>(\d+)</a>', page)
    assert link and int(link.group(3)) >= 1, page[:4000]
    status, _, articles = fetch(server.url + unescape(link.group(1)), opener=browser)
    assert status == 200 and f"{link.group(3)} article" in articles
    # WHEN they reject it THEN the list says so
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    fields = {"csrfmiddlewaretoken": token, "action": "reject", "_selected_action": link.group(2), "index": "0"}
    status, _, after = fetch(
        server.url + "/admin/archive/organisation/?status__exact=proposed",
        opener=browser,
        data=urllib.parse.urlencode(fields).encode(),
    )
    assert status == 200, after[:2000]
    assert "Rejected 1 proposed organisation(s); they will not be proposed again." in after

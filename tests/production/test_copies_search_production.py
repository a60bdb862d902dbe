"""Copies of one story under gunicorn with DJANGO_DEBUG=0: the results page shows the story once with its
"N other versions", versions=all lists every version, the API and the feed answer, over plain HTTP."""

from __future__ import annotations

import json
import re

import pytest

from tests.processes import manage, seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow


def _with_copies(env: dict[str, str]) -> None:
    # The small archive of tests/search/copies_archive.py, saved through the model (its saves reindex).
    code = "from tests.search.copies_archive import build_copies; build_copies()"
    manage(env, "shell", "-c", code, timeout=120, check=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("copies-search-production"), prepare=_with_copies) as running:
        yield running


def test_the_results_page_shows_a_story_once_with_its_other_versions(server):
    status, _, html = fetch(server.url + "/?q=pipeline")
    assert status == 200, html[:2000]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "9 articles in 5 stories" in text
    assert '<details class="other-versions">' in html and "3 other versions" in text
    links = re.findall(r'<details class="other-versions">.*?</details>', html, re.S)
    versions = re.findall(r'href="(/articles/\d+/[^"?]+/)', links[0])
    assert len(versions) == 3
    for link in versions:
        assert fetch(server.url + link)[0] == 200
    status, _, every = fetch(server.url + "/?q=pipeline&versions=all")
    assert status == 200 and "other-versions" not in every
    assert every.count('<li class="hit">') == 9


def test_the_api_and_the_feed_answer_with_groups(server):
    status, _, body = fetch(server.url + "/api/search/?q=pipeline")
    assert status == 200
    answer = json.loads(body)
    assert (answer["count"], answer["groups"]) == (9, 5)
    assert sorted(hit["other_versions"]["count"] for hit in answer["results"]) == [0, 0, 0, 1, 3]
    status, _, feed = fetch(server.url + "/feeds/search/?q=pipeline")
    assert status == 200 and feed.count("<item>") == 5

"""Issue 19, copies: an article page listing its other versions answers 200 under gunicorn with DJANGO_DEBUG=0,
over the seeded archive plus three outlets' versions of one story, and the version links open."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.copies import stories
from tests.processes import manage, seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow

SLUGS = {"riverton-passes-budget", "council-backs-budget", "budget-approved"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("copies-production")
    copies_file = stories.write_jsonl(
        work / "riverton.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(3, "Budget approved", stories.OUTLET_COPY, "Evening Post", "2024-05-03"),
    )

    def prepare(env: dict[str, str]) -> None:
        manage(env, "import_articles", str(copies_file), "--no-progress", check=True)

    with seeded_server(work / "data", prepare=prepare) as running:
        yield running


def test_an_article_page_lists_its_other_versions_under_gunicorn(server):
    # GIVEN the story's article pages (the seeds come first; the three versions were imported after them)
    pages = []
    for pk in range(1, 200):
        status, headers, _ = fetch(f"{server.url}/articles/{pk}/")
        path = urllib.parse.urlsplit(headers.get("Location", "")).path if status in (301, 302) else ""
        if path.rstrip("/").rsplit("/", 1)[-1] in SLUGS:
            pages.append(path)
        if len(pages) == 3:
            break
    assert len(pages) == 3, pages
    # WHEN an article page is fetched THEN it lists the other versions, with outlet and date, and they open
    status, _, article = fetch(server.url + pages[0])
    assert status == 200, article[:2000]
    section = article.split('id="versions-heading"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'href="(/articles/\d+/[^"]+/)"', section)
    assert len(links) == 2 and pages[0] not in links
    assert "<time datetime=" in section
    for link in links:
        status, _, other = fetch(server.url + link)
        assert status == 200 and 'id="versions-heading"' in other

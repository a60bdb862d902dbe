"""Issue 16, related articles: an article page with related articles answers 200 under gunicorn with
DJANGO_DEBUG=0, over the seeded archive set up as `make setup` does, and its related links open."""

from __future__ import annotations

import re

import pytest

from tests.processes import seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("related-production")) as running:
        yield running


def test_an_article_page_lists_related_articles_under_gunicorn(server):
    # GIVEN the seeded archive's article pages, as the search page links them
    status, _, html = fetch(server.url + "/")
    assert status == 200
    pages = sorted(set(re.findall(r'href="(/articles/\d+/[^"]+/)"', html)))
    assert pages, html[:2000]
    with_related = []
    for page in pages:
        # WHEN each is fetched over plain HTTP from the production server
        status, _, article = fetch(server.url + page)
        # THEN it renders with its related articles section
        assert status == 200, article[:2000]
        assert 'id="related-heading"' in article
        section = article.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
        links = re.findall(r'href="(/articles/\d+/[^"]+/)"', section)
        assert page not in links
        if links:
            with_related.append(links)
    # AND some have related articles, whose links open too
    assert with_related
    for link in with_related[0]:
        assert fetch(server.url + link)[0] == 200

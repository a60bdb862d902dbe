"""Big articles stay cheap: a search lists a multi-MB article without loading its body, and its page shows
the start of the text with a notice and a link to the full raw text."""

import pytest

from archive.models import Article
from archive.search import SNIPPET_SCAN_CHARS, SearchParams, apply_pending, search
from archive.views import ARTICLE_PAGE_CHARS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PARAGRAPH = "Pakistan and the IMF discussed wheat exports and oil prices in Karachi on Monday. " * 10 + "\n\n"


@pytest.fixture
def big_article(archive) -> Article:
    """A 4 MB article whose last words ("zirconium finale") appear nowhere near its start."""
    body = PARAGRAPH * (4_000_000 // len(PARAGRAPH)) + "The zirconium finale."
    article = Article.objects.create(
        title="Enormous wheat report", body=body, raw_text=body, checksum="big", import_ref="test:big"
    )
    apply_pending()
    return article


def test_a_search_lists_a_big_article_without_loading_its_body(big_article):
    # WHEN a search matches the big article by a word near its end
    result = search(SearchParams(q="zirconium"))
    (hit,) = result.hits
    # THEN it is found, its body is not loaded for the list, and its snippet comes from the capped start
    assert hit.article_id == big_article.pk
    assert {"body", "raw_text"} <= hit.article.get_deferred_fields()
    assert len(hit.snippet_text) < 2 * 260 and "zirconium" not in hit.snippet_text


def test_the_page_of_a_big_article_shows_its_start_and_links_to_the_full_text(client, big_article):
    # WHEN the big article's page is asked for
    response = client.get(big_article.get_absolute_url())
    html = response.content.decode()
    # THEN it shows the start of the text, says it is cut, and links to the full raw text
    assert response.status_code == 200
    assert "Pakistan and the IMF" in html and "zirconium finale" not in html
    assert "This article is too long to show in full" in html
    assert f'href="/articles/{big_article.pk}/raw/"' in html
    assert len(html) < 2 * ARTICLE_PAGE_CHARS
    # AND the raw text holds all of it
    assert client.get(f"/articles/{big_article.pk}/raw/").content.decode().endswith("The zirconium finale.")


def test_an_ordinary_article_page_is_shown_in_full(client, archive):
    article = Article.objects.published().first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "too long to show in full" not in html
    assert article.body.split()[-1].rstrip(".") in html
    assert len(article.body) < SNIPPET_SCAN_CHARS

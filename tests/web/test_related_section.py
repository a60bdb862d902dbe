"""The article page's "Related articles" section (templates/archive/includes/related.html, views.article_detail)."""

from __future__ import annotations

import re

import pytest

from archive.models import Article
from archive.search import IndexUnavailable, related_articles

pytestmark = pytest.mark.django_db


def related_links(html: str) -> list[str]:
    section = html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="(/articles/\d+/[^"]*)"', section)


def test_the_article_page_lists_its_related_articles(client, archive):
    # GIVEN a seed article with related articles
    article = next(a for a in Article.objects.order_by("pk") if related_articles(a.pk))
    expected = [hit.article for hit in related_articles(article.pk)]
    # WHEN its page is opened
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    # THEN it lists them, in order, each with its link, title, date and source
    assert response.status_code == 200
    assert related_links(html) == [a.get_absolute_url() for a in expected]
    section = html.split('id="related-heading"', 1)[1]
    for related in expected:
        assert related.title in section or related.title.replace("'", "&#x27;") in section
        if related.published:
            assert related.published_display in section
    assert article.get_absolute_url() not in related_links(html)


def test_the_page_still_renders_when_the_index_cannot_be_read(client, archive, monkeypatch):
    # GIVEN an index that cannot be read
    def unreadable(*args, **kwargs):
        raise IndexUnavailable("OSError: Input/output error")

    monkeypatch.setattr("archive.views.related_articles", unreadable)
    article = Article.objects.first()
    # WHEN the article page is opened: THEN it renders, and the section says so briefly
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Related articles cannot be shown right now." in html
    assert article.title.split()[0] in html


def test_an_article_with_nothing_related_says_so(client, db, django_capture_on_commit_callbacks):
    # GIVEN a lone article: THEN its page says no related articles were found
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(
            title="Alone", body="Nothing else here.", raw_text="x", checksum="lone", import_ref="test:lone"
        )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "No related articles found." in html


def test_the_api_gives_the_related_articles_the_page_lists(client, archive):
    # GIVEN a seed article with related articles
    article = next(a for a in Article.objects.order_by("pk") if related_articles(a.pk))
    page_links = related_links(client.get(article.get_absolute_url()).content.decode())
    # WHEN its related articles are asked of the API
    answer = client.get(f"/api/articles/{article.pk}/related/").json()
    # THEN they are the page's, in its order, each with its title, outlet and date to its precision
    assert answer["id"] == article.pk
    assert [item["url"].removeprefix("http://testserver") for item in answer["results"]] == page_links != []
    first = Article.objects.get(pk=answer["results"][0]["id"])
    assert answer["results"][0]["title"] == first.title
    # AND `limit` asks for fewer; out of its range, or for no such article, a JSON error
    assert len(client.get(f"/api/articles/{article.pk}/related/", {"limit": 1}).json()["results"]) == 1
    assert client.get(f"/api/articles/{article.pk}/related/", {"limit": 0}).status_code == 400
    missing = client.get("/api/articles/999999/related/")
    assert missing.status_code == 404 and missing.json()["status"] == 404


def test_the_api_hides_an_unpublished_articles_related_articles(client, archive):
    # GIVEN an article taken off the public archive
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(is_published=False)
    # WHEN its related articles are asked for THEN it is not found, as its page and its JSON are not
    assert client.get(f"/api/articles/{article.pk}/related/").status_code == 404

"""Sitemaps for crawlers (django.contrib.sitemaps): the pages worth indexing, each at its one URL.

The fixed pages people start from, every published article at its permalink (with its last change), the page of
every country, organisation and source that lists articles, and of every writer a published byline names.
Searches, feeds, the API and exports are left out: /robots.txt keeps crawlers off them (archive/crawler_views.py).
"""

from __future__ import annotations

from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from archive.entity_pages import entity_url, keys_with_articles
from archive.models import Article
from archive.writers import writer_list

# URLs per sitemap page (the protocol allows 50,000): a page of the article section stays near 1 MB.
PAGE_SIZE = 10_000


class PagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return [
            "archive:search",
            "archive:help",
            "archive:countries",
            "archive:organisations",
            "archive:sources",
            "archive:writers",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(GenericSitemap):
    """Django's sitemap of a queryset: each article's `updated_at` as its lastmod, and the section's latest read
    by one query (Sitemap's own asks every item: seconds at 100,000 articles)."""

    limit = PAGE_SIZE

    def __init__(self) -> None:
        # The title makes the permalink's slug; nothing else of the article is read.
        articles = Article.objects.published().only("id", "title", "updated_at").order_by("id")
        super().__init__({"queryset": articles, "date_field": "updated_at"})


class EntitySitemap(Sitemap):
    limit = PAGE_SIZE

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def items(self) -> list[str]:
        return keys_with_articles(self.kind)

    def location(self, key: str) -> str:
        return entity_url(self.kind, key)


class WriterSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self) -> list[str]:
        return [row.url for row in writer_list()]

    def location(self, url: str) -> str:
        return url


SITEMAPS: dict[str, Sitemap] = {
    "pages": PagesSitemap(),
    "articles": ArticleSitemap(),
    "countries": EntitySitemap("country"),
    "organisations": EntitySitemap("organisation"),
    "sources": EntitySitemap("source"),
    "writers": WriterSitemap(),
}

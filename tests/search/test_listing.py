"""archive/search/listing.py: a page's articles loaded from SQL compiled once are the ORM's, field for field."""

from __future__ import annotations

import pytest
from django.db.models.functions import Substr

from archive.models import Article, ArticleCountry
from archive.search.highlight import SNIPPET_SCAN_CHARS
from archive.search.listing import HIDDEN, RELATED_HIDDEN, VERSION_SHOWN, load_articles, load_versions

pytestmark = pytest.mark.django_db


def _orm(ids):
    return (
        Article.objects.published()
        .defer(*HIDDEN, *(f"source__{name}" for name in RELATED_HIDDEN))
        .annotate(body_head=Substr("body", 1, SNIPPET_SCAN_CHARS))
        .with_tags()
        .in_bulk(ids)
    )


def _shown(article) -> dict:
    """Everything a list reads of an article: its loaded fields, its source, its tags and their other ends."""
    loaded = {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields if f.name not in HIDDEN}
    source = article.source
    return {
        **loaded,
        "deferred": article.get_deferred_fields(),
        "body_head": article.body_head,
        "source": (source.pk, source.name, source.slug, source.get_deferred_fields()) if source else None,
        "countries": [
            (t.pk, t.origin, t.mentions, t.country.code, t.country.name) for t in article.active_country_tags()
        ],
        "organisations": [
            (t.pk, t.origin, t.organisation.slug, t.organisation.label) for t in article.active_organisation_tags()
        ],
        "tag_article": {t.article is article for t in article.active_country_tags()} or {True},
    }


def test_load_articles_equals_the_orm_for_every_page_size(archive, django_assert_num_queries):
    # GIVEN the seed articles, one of them unpublished and one tag rejected
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Article.objects.filter(pk=ids[0]).update(is_published=False)
    ArticleCountry.objects.filter(pk=ArticleCountry.objects.order_by("pk").values("pk")[:1]).update(rejected=True)
    for count in range(1, len(ids) + 1):
        page = list(reversed(ids))[:count]
        # WHEN the list's loader reads them (three queries: articles, country tags, organisation tags)
        with django_assert_num_queries(3):
            loaded = load_articles(page)
        # THEN it is the ORM's answer: the same published articles, fields, deferred fields, source and tags
        expected = _orm(page)
        assert sorted(loaded) == sorted(expected) == sorted(pk for pk in page if pk != ids[0])
        assert {pk: _shown(a) for pk, a in loaded.items()} == {pk: _shown(a) for pk, a in expected.items()}
    assert ids[0] not in load_articles(ids)


def test_load_articles_without_tags_is_one_query_and_tags_still_read_when_asked(archive, django_assert_num_queries):
    # GIVEN the seed articles
    ids = list(Article.objects.values_list("pk", flat=True))
    # WHEN loaded for a feed (no tags)
    with django_assert_num_queries(1):
        loaded = load_articles(ids, tags=False)
    # THEN the articles are there, and reading a tag after all still answers (from the database)
    assert set(loaded) == set(ids)
    article = next(iter(loaded.values()))
    assert [t.country.code for t in article.active_country_tags()] == [
        t.country.code for t in _orm([article.pk])[article.pk].active_country_tags()
    ]
    assert load_articles([]) == {}


def test_load_versions_equals_the_orm(archive, django_assert_num_queries):
    # GIVEN the seed articles, one of them unpublished
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Article.objects.filter(pk=ids[0]).update(is_published=False)
    for count in range(1, len(ids) + 1):
        wanted = list(reversed(ids))[:count]
        # WHEN a result's other versions are read (one query)
        with django_assert_num_queries(1):
            loaded = load_versions(wanted)
        # THEN it is the ORM's answer: the same published articles, fields and deferred fields, and their outlet
        expected = Article.objects.published().select_related("source").only(*VERSION_SHOWN, "source__name")
        expected = expected.in_bulk(wanted)
        assert sorted(loaded) == sorted(expected) == sorted(pk for pk in wanted if pk != ids[0])

        def shown(article):
            source = article.source
            return (
                article.title,
                article.published,
                article.precision,
                article.copy_group_id,
                article.get_deferred_fields(),
                (source.pk, source.name, source.get_deferred_fields()) if source else None,
            )

        with django_assert_num_queries(0):
            assert {pk: shown(a) for pk, a in loaded.items()} == {pk: shown(a) for pk, a in expected.items()}
    assert load_versions([]) == {}

"""Saving a country, organisation or source queues its articles for reindexing only when the index would change.

The index holds their names, codes, acronyms and slugs (the indexed text and the exact facet fields),
not their aliases: an alias change alone must not rewrite every tagged article's index entry.
"""

import pytest

from archive.models import Article, Country, IndexChange, Organisation, Source
from archive.search import ArticleIndex
from tests.admin.helpers import CANADA_TRADE, form_data

pytestmark = pytest.mark.django_db


def queued() -> set[int]:
    return set(IndexChange.objects.values_list("article_id", flat=True))


def fingerprint(article: Article) -> str:
    return ArticleIndex().full_prepare(Article.objects.with_tags().get(pk=article.pk))["fingerprint"]


def test_an_alias_change_in_the_admin_queues_nothing(editor_client, seeded, article):
    # GIVEN the seeded archive fully indexed, and Canada, tagged on an article
    canada, trade = Country.objects.get(code="CA"), article(CANADA_TRADE)
    assert not queued() and canada.articles.filter(pk=trade.pk).exists()
    before = fingerprint(trade)
    url = f"/admin/archive/country/{canada.pk}/change/"
    data = form_data(editor_client.get(url))
    # WHEN an editor adds an alias, as a browser posts the textarea
    data["aliases"] = "\r\n".join([*canada.aliases, "Dominion of Canada"])
    assert editor_client.post(url, data).status_code == 302
    # THEN the alias is saved, the article's index document is the same, and nothing is queued
    canada.refresh_from_db()
    assert "Dominion of Canada" in canada.aliases
    assert fingerprint(trade) == before
    assert not queued()


@pytest.mark.parametrize(
    ("model", "lookup"),
    [(Country, {"code": "PK"}), (Organisation, {"slug": "imf"})],
)
def test_alias_and_other_unindexed_changes_queue_nothing(seeded, model, lookup):
    # GIVEN an entry tagged on articles
    entry = model.objects.get(**lookup)
    assert entry.articles.exists() and not queued()
    # WHEN only its aliases change (or, for an organisation, its kind)
    entry.aliases = [*entry.aliases, "Another name"]
    if model is Organisation:
        entry.kind = Organisation.Kind.OTHER
    entry.save()
    # THEN no article is queued
    assert not queued()


def test_a_source_alias_change_queues_nothing_and_a_rename_queues_its_articles(seeded):
    # GIVEN a source of two articles (update() queues nothing)
    source = Source.objects.create(name="Dawn", slug="dawn")
    articles = set(Article.objects.order_by("pk").values_list("pk", flat=True)[:2])
    Article.objects.filter(pk__in=articles).update(source=source)
    assert not queued()
    # WHEN its aliases change THEN nothing is queued
    source.aliases = ["Another name"]
    source.domain = "example.org"
    source.save()
    assert not queued()
    # WHEN it is renamed THEN its articles are queued
    source.name = "A renamed source"
    source.save()
    assert queued() == articles


def test_a_rename_in_the_admin_queues_the_tagged_articles(editor_client, seeded):
    # GIVEN Canada and the articles that carry an active or a rejected tag for it
    canada = Country.objects.get(code="CA")
    tagged = set(canada.articles.values_list("pk", flat=True))
    assert tagged and not queued()
    url = f"/admin/archive/country/{canada.pk}/change/"
    data = form_data(editor_client.get(url))
    # WHEN an editor renames it
    data["name"] = "Kanada"
    assert editor_client.post(url, data).status_code == 302
    # THEN exactly its articles are queued for reindexing
    assert queued() == tagged


@pytest.mark.parametrize("field", ["name", "acronym", "slug"])
def test_each_indexed_organisation_field_queues_the_tagged_articles(seeded, field):
    # GIVEN an organisation tagged on articles
    imf = Organisation.objects.get(slug="imf")
    tagged = set(imf.articles.values_list("pk", flat=True))
    # WHEN a field the index holds changes THEN its articles are queued
    setattr(imf, field, "changed")
    imf.save()
    assert queued() == tagged

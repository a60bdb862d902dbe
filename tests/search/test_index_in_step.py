"""The index follows the database after each commit: creates, edits, tag changes, deletes."""

import datetime as dt

import pytest

from archive.models import Article, ArticleCountry, Country, Organisation
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_article(**fields) -> Article:
    defaults = {
        "title": "Trade talks",
        "body": "Officials discussed wheat exports.",
        "raw_text": "x",
        "checksum": "c",
        "import_ref": f"test:{Article.objects.count() + 1}",
        "published": dt.date(2020, 5, 1),
        "precision": "day",
    }
    return Article.objects.create(**{**defaults, **fields})


def ids(params: SearchParams) -> list[int]:
    return [hit.article_id for hit in search(params).hits]


def test_create_is_searchable_after_commit(commit):
    with commit():
        article = make_article()
    assert ids(SearchParams(q="wheat")) == [article.pk]


def test_edit_reaches_the_index(commit):
    with commit():
        article = make_article()
    with commit():
        article.body = "Officials discussed barley exports."
        article.save()
    assert ids(SearchParams(q="wheat")) == []
    assert ids(SearchParams(q="barley")) == [article.pk]


def test_m2m_tag_changes_reach_the_index(commit):
    pakistan = Country.objects.get(code="PK")
    with commit():
        article = make_article()
    with commit():
        article.countries.add(pakistan)
    assert ids(SearchParams(countries=("PK",))) == [article.pk]
    with commit():
        article.countries.remove(pakistan)
    assert ids(SearchParams(countries=("PK",))) == []
    with commit():
        pakistan.articles.add(article)  # from the other side
    assert ids(SearchParams(countries=("PK",))) == [article.pk]
    with commit():
        pakistan.articles.clear()
    assert ids(SearchParams(countries=("PK",))) == []


def test_tag_rejection_reaches_the_index(commit):
    with commit():
        article = make_article()
        tag = ArticleCountry.objects.create(article=article, country=Country.objects.get(code="RU"))
    assert ids(SearchParams(countries=("RU",))) == [article.pk]
    with commit():
        tag.rejected = True
        tag.save()
    assert ids(SearchParams(countries=("RU",))) == []


def test_organisation_rename_reaches_the_index(commit):
    org = Organisation.objects.get(slug="imf")
    with commit():
        article = make_article()
        article.organisations.add(org)
    with commit():
        org.name = "Fondo Monetario Internacional"
        org.save()
    assert ids(SearchParams(q="Fondo")) == [article.pk]


def test_delete_and_unpublish_remove_from_the_index(commit):
    with commit():
        first, second = make_article(), make_article(body="wheat again")
    with commit():
        first.delete()
    assert ids(SearchParams(q="wheat")) == [second.pk]
    with commit():
        second.is_published = False
        second.save()
    assert ids(SearchParams(q="wheat")) == []


def test_nothing_reaches_the_index_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_article()
        assert ids(SearchParams(q="wheat")) == []
    assert callbacks  # the write waits for the commit


def test_rebuild_builds_the_same_index(commit):
    from archive.search.writer import rebuild

    with commit():
        a, b = make_article(), make_article(body="wheat and maize")
    report = rebuild()
    assert report.articles == 2
    assert sorted(ids(SearchParams(q="wheat"))) == sorted([a.pk, b.pk])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["create", "edit", "delete", "tag", "untag"])
def test_an_autocommit_change_and_its_index_change_commit_together(monkeypatch, action):
    """GIVEN no surrounding transaction (a shell, a script) and a failure while the index change is recorded
    WHEN an article or tag is saved or deleted THEN the row change is rolled back too: the index never misses it."""
    from archive import signals

    pakistan, _ = Country.objects.get_or_create(code="PK", defaults={"name": "Pakistan"})
    russia, _ = Country.objects.get_or_create(code="RU", defaults={"name": "Russia"})
    article = make_article()
    tag = ArticleCountry.objects.create(article=article, country=pakistan)
    before = (
        list(Article.objects.values_list("pk", "title")),
        list(ArticleCountry.objects.values_list("pk", flat=True)),
    )

    def fail(ids):
        raise RuntimeError("recording failed")

    monkeypatch.setattr(signals, "record_changes", fail)
    changes = {
        "create": lambda: make_article(import_ref="test:new"),
        "edit": lambda: Article.objects.get(pk=article.pk).save(),
        "delete": lambda: Article.objects.get(pk=article.pk).delete(),
        "tag": lambda: ArticleCountry.objects.create(article=article, country=russia),
        "untag": lambda: ArticleCountry.objects.get(pk=tag.pk).delete(),
    }
    if action == "edit":
        article.title = "Edited"
        changes["edit"] = lambda: article.save()
    with pytest.raises(RuntimeError):
        changes[action]()
    after = (
        list(Article.objects.values_list("pk", "title")),
        list(ArticleCountry.objects.values_list("pk", flat=True)),
    )
    assert after == before


def test_haystack_s_own_search_queryset_reads_our_index(archive):
    """haystack's SearchQuerySet on the default connection reads the exact list fields back as lists."""
    from haystack.query import SearchQuerySet

    results = SearchQuerySet().all()
    assert results.count() == Article.objects.count() == 6
    by_id = {int(r.pk): r for r in results}
    for article in Article.objects.with_tags():
        codes = sorted(tag.country.code for tag in article.active_country_tags())
        assert sorted(by_id[article.pk].countries or []) == codes
    assert {int(r.pk) for r in SearchQuerySet().filter(countries="RU")} == set(
        Article.objects.filter(country_tags__country__code="RU").values_list("pk", flat=True)
    )

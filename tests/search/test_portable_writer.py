"""archive/search/portable_writer.py: the index queue applied through haystack's backend API (Solr, Elasticsearch).

Run here on Whoosh with the engine check answering "not Whoosh": the writes go through haystack's
update()/remove()/clear() and the searches through SearchQuerySet, as they would on another engine.
"""

from __future__ import annotations

import pytest

from archive.models import Article, IndexChange
from archive.search import SearchParams, apply_pending, rebuild, record_changes, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def another_engine(monkeypatch, archive):
    """GIVEN the seeds indexed, and an engine that is not Whoosh (as far as the archive can tell)."""
    monkeypatch.setattr("archive.search.portable.whoosh_engine", lambda: False)


def _titles(q: str) -> set[str]:
    result = search(SearchParams(q=q, per_page=50))
    assert result.engine == "portable"
    return {hit.article.title for hit in result.hits}


def test_queued_changes_reach_the_engine_through_haystack(
    another_engine, django_capture_on_commit_callbacks, monkeypatch
):
    from archive.search import portable_writer

    written = []
    original = portable_writer.write_articles
    monkeypatch.setattr(portable_writer, "write_articles", lambda *a: written.append(a[2]) or original(*a))
    first, second = Article.objects.order_by("pk")[:2]
    # WHEN one article is retitled and another unpublished, and the queue is applied after commit
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=first.pk).update(title="Quetzalcoatl festival")
        Article.objects.filter(pk=second.pk).update(is_published=False)
        record_changes([first.pk, second.pk])
    # THEN haystack's backend wrote them, the engine finds the new title, no longer finds the unpublished
    # article, and the queue is empty
    assert written == [sorted([first.pk, second.pk])]
    assert _titles("quetzalcoatl") == {"Quetzalcoatl festival"}
    assert search(SearchParams(per_page=50)).count == Article.objects.published().count()
    assert not IndexChange.objects.exists()
    assert apply_pending() == 0


def test_a_rebuild_clears_the_engine_and_writes_every_published_article(another_engine, monkeypatch):
    from haystack import connections

    backend_class = type(connections["default"].get_backend())
    original_clear = backend_class.clear
    # GIVEN an article the engine still holds after it was unpublished without a queued change
    gone = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=gone.pk).update(is_published=False)
    # WHEN the index is rebuilt
    cleared = []
    monkeypatch.setattr(
        backend_class,
        "clear",
        lambda self, models=None, commit=True: cleared.append(models) or original_clear(self, models),
    )
    report = rebuild()
    assert cleared == [[Article]]
    # THEN every published article is in it, and only those
    published = Article.objects.published().count()
    assert report.articles == published
    result = search(SearchParams(per_page=50))
    assert result.count == published and gone.pk not in {hit.article_id for hit in result.hits}

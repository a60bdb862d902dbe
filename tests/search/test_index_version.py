"""The live index's version (`index_version`): what a conditional GET compares, one listing and one stat."""

import pytest

from archive.models import Article
from archive.search import apply_pending, index_version, rebuild

pytestmark = pytest.mark.django_db


def test_each_write_commits_a_new_version_and_a_rebuild_a_new_build(archive):
    # GIVEN the seeds indexed
    before = index_version()
    assert before is not None and before.generation >= 1 and before.committed_at > 0
    assert index_version() == before  # reading changes nothing
    # WHEN an edit reaches the index
    article = Article.objects.published().first()
    article.title = "A corrected title"
    article.save()
    apply_pending()
    # THEN a new generation of the same build, committed no earlier
    edited = index_version()
    assert edited.build == before.build and edited.generation > before.generation
    assert edited.committed_at >= before.committed_at and edited.tag != before.tag
    # AND a rebuild is another build
    rebuild()
    assert index_version().build != before.build


def test_no_version_when_searches_do_not_read_a_whoosh_index(archive, monkeypatch):
    monkeypatch.setattr("archive.search.portable.whoosh_engine", lambda: False)
    assert index_version() is None

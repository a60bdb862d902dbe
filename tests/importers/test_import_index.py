"""An import is searchable when it returns, its index phase shows progress, and a large batch takes the bulk path.

The bulk threshold is a setting (ARCHIVE_INDEX_BULK_MIN), lowered here so the six seed articles are "large".
"""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from archive.importers import import_paths
from archive.models import Article, IndexChange
from archive.search import SearchParams, apply_pending, check_consistency, record_changes, search
from tests.search.writer_hooks import REBUILD_PROCS, record_bulk_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(monkeypatch) -> list[int]:
    """Records each bulk session opened, at the end or alongside an import (its number of indexing processes)."""
    return record_bulk_sessions(monkeypatch)


def searchable() -> int:
    return search(SearchParams()).count


def assert_in_step() -> None:
    public = Article.objects.published().count()
    assert public > 0
    assert searchable() == public
    assert not IndexChange.objects.exists()
    assert check_consistency().clean


@override_settings(ARCHIVE_INDEX_BULK_MIN=3)
def test_command_shows_index_progress_and_leaves_everything_searchable(seeds_dir, sessions):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", str(seeds_dir), stdout=out, stderr=err)
    assert sessions == [REBUILD_PROCS]  # one session with indexing processes, fed as the files import
    assert "indexing" in err.getvalue() and "6/6" in err.getvalue(), err.getvalue()
    assert "6 articles searchable in" in out.getvalue() and "end to end" in out.getvalue(), out.getvalue()
    assert "articles/s" in out.getvalue()
    assert_in_step()


@override_settings(ARCHIVE_INDEX_BULK_MIN=3)
def test_progress_callback_counts_every_article(seeds_dir, sessions):
    started, advanced = [], []

    def index_progress(total: int):
        started.append(total)
        return advanced.append

    report = import_paths([seeds_dir], index_progress=index_progress)
    assert sum(started) == 6 and sum(advanced) == 6  # in steps while the import runs
    assert report.indexed == 6 and report.rate > 0 and report.seconds >= report.import_seconds
    assert sessions
    assert_in_step()


@override_settings(ARCHIVE_INDEX_BULK_MIN=10_000)
def test_small_batch_is_searchable_and_reports_progress_too(seeds_dir, sessions):
    advanced = []
    import_paths([seeds_dir], index_progress=lambda total: advanced.append)
    assert sessions == [] and sum(advanced) == 6
    assert_in_step()


@override_settings(ARCHIVE_INDEX_BULK_MIN=1)
def test_bulk_update_of_an_indexed_archive_replaces_documents(seeds_dir, tmp_path, sessions):
    # GIVEN the seeds imported and indexed, then one file changed and an article unpublished
    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir, copy)
    import_paths([copy])
    changed = copy / "003_5cf35de7a53bf458.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Islamabad", "Islamabad zanzibarword"))
    gone = Article.objects.exclude(import_ref__contains="003_").first()
    Article.objects.filter(pk=gone.pk).update(is_published=False)
    record_changes([gone.pk])
    # WHEN imported again through the bulk path
    report = import_paths([copy])
    # THEN the changed article is replaced, not doubled, the unpublished one is gone, and nothing is queued
    assert report.total("updated") == 1 and len(sessions) == 2
    assert [hit.article_id for hit in search(SearchParams(q="zanzibarword")).hits] == [
        Article.objects.get(import_ref__contains="003_").pk
    ]
    assert gone.pk not in {hit.article_id for hit in search(SearchParams()).hits}
    assert_in_step()


@override_settings(ARCHIVE_INDEX_BULK_MIN=3)
def test_a_failed_bulk_session_leaves_every_change_queued(seeds_dir, monkeypatch):
    # GIVEN indexing that fails after rendering some documents, alongside the import and at its end
    from haystack import connections

    backend = type(connections["default"].get_backend())  # the archive's backend class (settings.HAYSTACK_CONNECTIONS)
    rendered = []
    prepare = backend.prepare_document

    def failing(self, index, obj):
        rendered.append(obj.pk)
        if len(rendered) >= 2:
            raise RuntimeError("disk full")
        return prepare(self, index, obj)

    monkeypatch.setattr(backend, "prepare_document", failing)
    with pytest.raises(RuntimeError):
        import_paths([seeds_dir])
    # THEN every article was imported, nothing was committed to the index and every change is still queued
    assert Article.objects.count() == 6
    assert searchable() == 0
    assert set(IndexChange.objects.values_list("article_id", flat=True)) == set(
        Article.objects.values_list("pk", flat=True)
    )
    # WHEN the next writer runs THEN all of it is applied
    monkeypatch.setattr(backend, "prepare_document", prepare)
    assert apply_pending() == 6
    assert_in_step()


def test_an_index_that_cannot_be_written_is_said_in_one_line_after_the_import(seeds_dir, monkeypatch):
    # GIVEN an index directory the command's user cannot write (made immutable, say)
    def refused(**kwargs):
        raise PermissionError(1, "Operation not permitted", "/data/indexes/build/MAIN.tmp")

    monkeypatch.setattr("archive.search.writer.apply_pending", refused)
    out, err = io.StringIO(), io.StringIO()
    # WHEN files are imported THEN the command fails with one line saying what is stored and what to do
    with pytest.raises(CommandError) as failed:
        call_command("import_articles", str(seeds_dir), "--no-progress", stdout=out, stderr=err)
    assert "Read 5 files: " in out.getvalue()  # the summary, where a traceback ended the command
    assert str(failed.value) == (
        "The articles are stored, but the index could not be written (PermissionError: [Errno 1] Operation not "
        "permitted: '/data/indexes/build/MAIN.tmp'): they are searchable once `check_index --repair` can write it."
    )
    # AND the articles are kept, their index changes queued
    assert Article.objects.count() == 6 and IndexChange.objects.count() == 6

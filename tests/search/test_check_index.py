"""check_index finds drift between the database and the index, and --repair removes it."""

import io

import pytest
from django.core.management import call_command

from archive.models import Article
from archive.search import consistency, reader

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_index", "--no-progress", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


def test_clean_index_reports_no_drift(archive):
    code, out = run()
    assert code == 0 and "matches the database" in out


def test_drift_is_reported_and_repaired(archive):
    # GIVEN changes that bypass the writer: an update(), a raw delete of an index entry, an unrecorded delete
    a, b, c = Article.objects.order_by("pk")[:3]
    Article.objects.filter(pk=a.pk).update(title="Changed behind the index's back")
    live = reader.backend()
    live.index.refresh().delete_by_term("id", f"archive.article.{b.pk}")
    from django.db.models.signals import post_delete

    from archive.signals import article_changed

    post_delete.disconnect(article_changed, sender=Article, dispatch_uid="index_article_deleted")
    try:
        Article.objects.filter(pk=c.pk).delete()
    finally:
        post_delete.connect(article_changed, sender=Article, dispatch_uid="index_article_deleted")
    # WHEN checked THEN each kind of drift is found and the exit status is non-zero
    drift = consistency.check()
    assert (drift.stale, drift.missing, drift.extra) == ([a.pk], [b.pk], [c.pk])
    code, out = run()
    assert code == 1 and "1 missing" in out
    # WHEN repaired THEN no drift remains
    code, out = run("--repair")
    assert code == 0 and "Repaired" in out
    assert consistency.check().clean

"""Alerts survive a backup and restore (archive/backup.py holds every model of the app): who follows what,
and which articles each alert was already sent, so a restored archive does not mail them again."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.models import Article, SentAlert, Subscription
from tests.commands.backups import make_backup, read_backup, seed_archive

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_alerts_and_what_they_sent_survive_a_restore(seeds_dir, tmp_path, django_capture_on_commit_callbacks):
    # GIVEN an archive with a confirmed alert that was sent two articles
    with django_capture_on_commit_callbacks(execute=True):
        seed_archive(seeds_dir)  # with the gazetteer and the Editors group, which another test's flush may have taken
    alert = Subscription.objects.create(email="r@example.org", query="q=pakistan", confirmed_at=timezone.now())
    sent = list(Article.objects.order_by("pk")[:2])
    SentAlert.objects.bulk_create([SentAlert(subscription=alert, article=article) for article in sent])
    backup = tmp_path / "backup.tar.gz"
    call_command("backup_archive", "--output", str(backup), stdout=io.StringIO())
    # WHEN the alerts are lost and the backup restored
    Subscription.objects.all().delete()
    call_command("restore_archive", str(backup), "--yes", stdout=io.StringIO())
    # THEN the alert and its sent articles are back
    restored = Subscription.objects.get()
    assert restored.email == "r@example.org" and restored.confirmed_at is not None
    assert sorted(SentAlert.objects.values_list("article_id", flat=True)) == [a.pk for a in sent]


def test_a_backup_made_before_public_since_restores_articles_public_since_their_import(
    seeds_dir, tmp_path, django_capture_on_commit_callbacks
):
    # GIVEN a backup as made before migration 0011: its articles have no public_since
    with django_capture_on_commit_callbacks(execute=True):
        seed_archive(seeds_dir)
    backup = tmp_path / "new.tar.gz"
    call_command("backup_archive", "--output", str(backup), stdout=io.StringIO())
    manifest, records = read_backup(backup)
    for record in records:
        if record["model"] in ("archive.article", "archive.historicalarticle"):
            del record["fields"]["public_since"]
    old = make_backup(tmp_path / "old.tar.gz", manifest=manifest, data=records)
    # WHEN it is restored
    call_command("restore_archive", str(old), "--yes", stdout=io.StringIO())
    # THEN each article is public since its import, as 0011 left the articles it found: an alert restored with it
    # does not take every article for new
    assert Article.objects.exists()
    assert all(since == imported for imported, since in Article.objects.values_list("imported_at", "public_since"))

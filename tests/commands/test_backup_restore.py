"""Backup then restore gives the same archive and the same search results."""

import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importers import import_paths
from archive.models import Article, ArticleCountry, Country, IndexChange
from archive.search import SearchParams, search
from tests.commands.backups import (
    census,
    leftovers,
    make_backup,
    manifest_for,
    read_backup,
    safety_backups,
    seed_archive,
    take_backup,
)

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

QUERIES = [
    SearchParams(),
    SearchParams(q="Russia"),
    SearchParams(countries=("PK",), organisations=("asean",)),
    SearchParams(date="2023"),
]


def answers():
    results = []
    for params in QUERIES:
        result = search(params)
        results.append(
            (
                result.count,
                # Ties (undated articles) may come in another order after a rebuild: compare the sets.
                sorted(h.article_id for h in result.hits),
                {facet: [(v.value, v.count) for v in values] for facet, values in result.facets.items()},
            )
        )
    return results


def test_restore_gives_the_same_results(seeds_dir, tmp_path):
    seed_archive(seeds_dir)
    tag = ArticleCountry.objects.filter(country__code="RU").first()
    tag.rejected = True  # an editor's decision must survive the round trip
    tag.save()
    editor = User.objects.create_user("editor")
    LogEntry.objects.log_actions(editor.pk, [tag.article], CHANGE, change_message="Rejected Russia")
    before = answers()
    backup = tmp_path / "backup.tar.gz"
    call_command("backup_archive", "--output", str(backup), stdout=io.StringIO())

    Article.objects.all().delete()
    assert search(SearchParams()).count == 0

    call_command("restore_archive", str(backup), "--yes", stdout=io.StringIO())
    assert answers() == before
    assert ArticleCountry.objects.get(pk=tag.pk).rejected
    # AND the admin's log of what editors did is there still (the restore empties every table)
    assert LogEntry.objects.get().get_change_message() == "Rejected Russia"
    # AND the backup (password hashes, subscribers' addresses) is readable by its owner alone
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_a_backup_that_cannot_be_written_is_one_line_and_a_failure(tmp_path):
    """GIVEN an output under a path that is a file WHEN backed up THEN a CommandError names the output (it was a
    FileExistsError traceback)."""
    (tmp_path / "file").write_text("")
    with pytest.raises(CommandError, match=r"the backup could not be written to .*file/backup\.tar\.gz"):
        call_command("backup_archive", "--output", str(tmp_path / "file" / "backup.tar.gz"), stdout=io.StringIO())


def test_a_broken_backup_changes_nothing(seeds_dir, tmp_path):
    seed_archive(seeds_dir)
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore_archive", str(broken), "--yes", stdout=io.StringIO())
    assert Article.objects.count() == 6


def test_a_restore_with_no_terminal_to_confirm_changes_nothing(seeds_dir, tmp_path, monkeypatch):
    # GIVEN an archive and a good backup, and no terminal to answer the confirmation (cron, CI)
    import_paths([seeds_dir])
    backup = tmp_path / "backup.tar.gz"
    call_command("backup_archive", "--output", str(backup), stdout=io.StringIO())
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    # WHEN restore_archive runs without --yes
    # THEN it stops with a message naming --yes, not an EOFError traceback, and nothing changed
    with pytest.raises(CommandError, match="pass --yes"):
        call_command("restore_archive", str(backup), stdout=io.StringIO())
    assert Article.objects.count() == 6


def test_a_restore_takes_a_safety_backup_first_and_writes_nothing_outside_the_data_dir(
    seeds_dir, tmp_path, monkeypatch
):
    # GIVEN an archive, a backup of it, and then a change that backup does not hold
    seed_archive(seeds_dir)
    backup = take_backup(tmp_path / "backup.tar.gz")
    manifest, _records = read_backup(backup)
    assert {label: n for label, n in manifest["counts"].items() if n} == {k: n for k, n in census().items() if n}
    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).delete()
    changed = census()
    # AND no usable temporary directory outside the data dir
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-dir"))
    # WHEN the backup is restored
    out = io.StringIO()
    call_command("restore_archive", str(backup), "--yes", stdout=out)
    # THEN the archive as it was just before is in the data dir's backups, and the output says where
    (safety,) = safety_backups()
    assert f"Safety backup of the archive as it was: {safety}" in out.getvalue()
    assert read_backup(safety)[0]["articles"] == 5
    assert {label: n for label, n in read_backup(safety)[0]["counts"].items() if n} == {
        k: n for k, n in changed.items() if n
    }
    # AND the restore happened, with nothing left behind
    assert Article.objects.count() == 6 and "Restored 6 articles" in out.getvalue()
    assert leftovers() == []


def test_an_empty_backup_is_restored_only_with_allow_empty_and_the_safety_backup_undoes_it(seeds_dir, tmp_path):
    # GIVEN an archive, and a backup that truthfully holds nothing
    seed_archive(seeds_dir)
    before = census()
    empty = make_backup(tmp_path / "empty.tar.gz", manifest=manifest_for([]), data=[])
    # WHEN it is restored without --allow-empty
    # THEN it is refused and nothing changed
    with pytest.raises(CommandError, match=r"^Nothing was changed: the backup holds no articles, .*--allow-empty"):
        call_command("restore_archive", str(empty), "--yes", stdout=io.StringIO())
    assert census() == before
    # WHEN it is restored with --allow-empty
    out = io.StringIO()
    call_command("restore_archive", str(empty), "--yes", "--allow-empty", stdout=out)
    # THEN the archive is empty, and the output says what the backup lacked
    assert Article.objects.count() == 0 and Country.objects.count() == 0
    assert "Restored with --allow-empty: the backup held no articles" in out.getvalue()
    # AND the safety backup it took restores the archive as it was
    safety = safety_backups()[-1]
    call_command("restore_archive", str(safety), "--yes", stdout=io.StringIO())
    assert census() == before


def test_a_format_1_backup_still_restores(seeds_dir, tmp_path):
    # GIVEN a backup as the first format wrote it: the manifest counts only the articles
    seed_archive(seeds_dir)
    before = census()
    manifest, records = read_backup(take_backup(tmp_path / "new.tar.gz"))
    old = make_backup(
        tmp_path / "old.tar.gz", manifest={"format": 1, "created": manifest["created"], "articles": 6}, data=records
    )
    Article.objects.all().delete()
    # WHEN it is restored
    call_command("restore_archive", str(old), "--yes", stdout=io.StringIO())
    # THEN the archive is back
    assert census() == before


def test_a_restores_load_waits_for_no_index_writer(seeds_dir, tmp_path, monkeypatch):
    """GIVEN a backup WHEN it is restored THEN its load's commits start no after-commit index writer: each waited
    for the write lock the restore's rebuild holds (2 s a commit, a minute a restore) and then gave up, the
    rebuild indexing everything anyway; the changes are applied once, after the switch."""
    seed_archive(seeds_dir)
    backup = take_backup(tmp_path / "backup.tar.gz")
    started = []
    monkeypatch.setattr("archive.search.writer.apply_pending_quietly", lambda: started.append(1))
    call_command("restore_archive", str(backup), "--yes", stdout=io.StringIO())
    assert started == [] and not IndexChange.objects.exists()


def test_a_malformed_backup_exits_with_status_1_and_one_line(tmp_path):
    # GIVEN a fresh data dir, on SQLite whatever database the tests use, and a backup whose manifest is nested
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "data"), "DJANGO_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, "manage.py"]
    assert subprocess.run([*manage, "migrate", "-v0"], cwd=REPO, env=env, timeout=300).returncode == 0
    broken = make_backup(tmp_path / "nested.tar.gz", manifest=b"[" * 30000 + b"]" * 30000, data=[])
    # WHEN restore_archive runs
    run = subprocess.run(
        [*manage, "restore_archive", str(broken), "--yes"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # THEN it exits with status 1 and one line on stderr, no traceback
    assert run.returncode == 1, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("CommandError: Nothing was changed: manifest.json is not valid JSON")
    assert "Traceback" not in run.stderr
    assert "Safety backup of the archive as it was: " in run.stdout

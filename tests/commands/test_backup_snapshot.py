"""A backup is one moment of the archive: what an import writes while it is taken is wholly in it or wholly not,
and its file restores (issue 14's promise of a restorable backup, taken as cron takes it: while the archive works)."""

from __future__ import annotations

import json
import sys

import pytest

from tests.processes import REPO, archive_env, manage, set_up

pytestmark = pytest.mark.slow

# A backup during which another connection writes an article and its tag, once the articles are dumped and before
# the tags are (an import committing one article at a time, as it does).
BACKUP_WHILE_WRITING = """
import json, sys, threading
from pathlib import Path

import django
django.setup()
from django.core.serializers import json as json_serializer
from django.db import connection

from archive import backup
from archive.models import Article, ArticleCountry, Country

written, dumped = [], []


def write_meanwhile():
    article = Article.objects.create(
        title="Written meanwhile", body="Words.", raw_text="Words.", checksum="meanwhile", import_ref="test:meanwhile"
    )
    ArticleCountry.objects.create(article=article, country=Country.objects.get(code="PK"))
    connection.close()


end_object = json_serializer.Serializer.end_object
articles = Article.objects.count()


def end_object_and_write(self, obj):
    end_object(self, obj)
    if obj._meta.label_lower == "archive.article":
        dumped.append(obj.pk)
        if len(dumped) == articles:  # the last article dumped: the tags' query has not run yet
            writer = threading.Thread(target=write_meanwhile)
            writer.start()
            writer.join()
            written.append(True)


json_serializer.Serializer.end_object = end_object_and_write
report = backup.backup(output=Path(sys.argv[1]))
print(json.dumps({"written": bool(written), "articles": report.articles, "counts": report.counts}))
"""


def test_a_backup_taken_while_an_import_writes_restores(tmp_path):
    with archive_env(tmp_path / "one", production=True) as env:
        set_up(env)
        count = "from archive.models import Article; print(Article.objects.count())"
        before = int(manage(env, "shell", "--no-imports", "-c", count, check=True).stdout.strip().splitlines()[-1])
        # GIVEN a backup during which an article and its tag are written (the tag after the articles were dumped)
        path = tmp_path / "during.tar.gz"
        run = _python(env, BACKUP_WHILE_WRITING, str(path))
        taken = json.loads(run.stdout.strip().splitlines()[-1])
        # THEN it is the archive of one moment: the articles before the write, no tag of the one written after
        assert taken["written"] and taken["articles"] == before
        # AND it holds no queue of index changes (derived: the restore rebuilds the index from the articles)
        assert not taken["counts"].get("archive.indexchange")
    # WHEN it is restored into another archive THEN it loads, whole
    with archive_env(tmp_path / "two", production=True) as env:
        set_up(env, seeds=False)
        restored = manage(env, "restore_archive", str(path), "--yes")
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert f"{before:,} articles" in restored.stdout or f"{before} articles" in restored.stdout


def _python(env, script: str, *args: str):
    import subprocess

    run = subprocess.run([sys.executable, "-c", script, *args], cwd=REPO, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return run

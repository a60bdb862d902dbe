"""`build_index --if-needed` (run by `make setup`): nothing when in step, the difference on drift, else a build."""

from __future__ import annotations

import copy
import io
import os
import re
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from archive.models import Article
from archive.search import (
    SearchParams,
    check_consistency,
    index_schema,
    indexes_root,
    live_path,
    make_live,
    new_index_dir,
    search,
)

pytestmark = pytest.mark.django_db


def build_if_needed() -> str:
    out = io.StringIO()
    call_command("build_index", "--if-needed", "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def live_target() -> str:
    return os.readlink(settings.ARCHIVE_INDEX_PATH)


def searchable() -> int:
    return search(SearchParams()).count


def test_setup_twice_does_not_rebuild(seeds_dir):
    # GIVEN the setup steps run once (import, then the index step)
    for _ in range(2):
        call_command("load_gazetteers", stdout=io.StringIO())
        call_command("import_articles", str(seeds_dir), "--no-progress", stdout=io.StringIO())
        out = build_if_needed()
        if _ == 0:
            first = live_target()
    # THEN the second run found the index in step and left the same build live
    assert "in step" in out, out
    assert live_target() == first
    assert searchable() == Article.objects.published().count() == 6


def test_missing_index_is_built(archive):
    shutil.rmtree(live_path().resolve())
    live_path().unlink()
    out = build_if_needed()
    assert "There was no index: built it." in out and "Indexed 6 articles" in out, out
    assert searchable() == 6 and check_consistency().clean


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_a_damaged_index_is_built(archive, damage):
    """GIVEN a live index with a segment file gone or cut short (a disk fault, a bad copy) WHEN `make setup`'s index
    step runs THEN it builds the index anew and says why, the damage found first (it ended in a traceback, or blamed a
    write; then "Built the index: index damaged: …" read as if the build had done the damage)."""
    segment = next(live_path().resolve().glob("*.seg"))
    if damage == "missing":
        segment.unlink()
    else:
        os.truncate(segment, 100)
    out = build_if_needed()
    said = re.search(r"^The index was damaged \((\w+Error: .+)\): rebuilt it\.$", out, re.MULTILINE)
    assert said and (damage == "truncated" or segment.name in said[1]), out
    assert "Built the index" not in out and "Indexed 6 articles" in out, out
    assert searchable() == 6 and check_consistency().clean


def test_empty_index_is_built(archive):
    make_live(new_index_dir())
    assert searchable() == 0
    out = build_if_needed()
    assert "The index was empty while the database has published articles: built it." in out, out
    assert searchable() == 6


def test_index_of_an_older_schema_is_built(archive):
    old = indexes_root() / "old-schema"
    old.mkdir()
    FileStorage(str(old)).create_index(fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT))
    make_live(old)
    out = build_if_needed()
    assert "older schema" in out, out
    assert live_target() != os.path.relpath(old, live_path().parent)
    assert searchable() == 6 and check_consistency().clean


def test_an_index_whose_sort_keys_have_other_tiers_is_built(archive):
    # GIVEN a live index of the current fields, but its sort keys indexed in Whoosh's default 16 tiers (the
    # schema before 2026-12-04): new segments would lack the tiers its own range queries read
    old = indexes_root() / "tiered-sort-keys"
    old.mkdir()
    tiered = copy.deepcopy(index_schema())  # not the live one
    for name in ("date_sort", "copy_group", "copy_order"):
        tiered._fields[name] = fields.NUMERIC(numtype=int, bits=64, stored=True, sortable=True, signed=True)
    FileStorage(str(old)).create_index(tiered)
    make_live(old)
    # WHEN the index is brought in step; THEN it is rebuilt with the current schema
    out = build_if_needed()
    assert "older schema" in out, out
    assert live_target() != os.path.relpath(old, live_path().parent)
    assert searchable() == 6 and check_consistency().clean


def test_drift_is_repaired_without_a_rebuild(archive):
    before = live_target()
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(title="Changed behind the index's back")  # records nothing
    out = build_if_needed()
    assert "Re-indexed 1 articles" in out, out
    assert live_target() == before
    assert check_consistency().clean


@pytest.fixture
def before_date_end(archive):
    """The live index of the fields before `date_end` (2026-12-07), as an upgrade finds it, holding no document."""
    old = indexes_root() / "before-date-end"
    old.mkdir()
    schema = copy.deepcopy(index_schema())
    schema.remove("date_end")
    FileStorage(str(old)).create_index(schema)
    make_live(old)
    return old


@pytest.mark.parametrize("writing", ["small", "bulk"])
def test_writing_into_an_index_of_an_older_schema_leaves_out_the_fields_it_lacks(before_date_end, writing):
    from archive.search import apply_pending, record_changes

    # GIVEN the new code over an index without date_end WHEN the articles' changes are applied to it (an edit's;
    # an import's or a repair's, in a session with indexing processes) THEN they are written without the field
    # (Whoosh refused them: the processes died, and a repair waited for them for ever)
    record_changes(list(Article.objects.values_list("pk", flat=True)))
    if writing == "bulk":
        apply_pending(bulk_from=1, procs=2)
    else:
        apply_pending()
    assert searchable() == 6


def test_check_index_says_an_older_schema_needs_a_build_and_repair_builds_it(before_date_end):
    # GIVEN the index of an older schema WHEN it is checked THEN the command says what to run, not "out of date"
    with pytest.raises(CommandError, match=r"^index built with an older schema: run build_index"):
        call_command("check_index", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    # AND --repair builds it anew with the current fields
    out = io.StringIO()
    call_command("check_index", "--repair", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "building it from the database" in out.getvalue() and "Rebuilt the index: 6 articles" in out.getvalue()
    assert live_target() != os.path.relpath(before_date_end, live_path().parent)
    assert searchable() == 6 and check_consistency().clean


def test_an_index_whose_letters_fold_otherwise_is_built(archive):
    # GIVEN a live index of the current fields whose text fields fold one letter otherwise (the table before
    # the Turkish "İ" was folded): its words are not those the search looks up
    from whoosh.analysis import CharsetFilter

    old = indexes_root() / "other-folding"
    old.mkdir()
    schema = copy.deepcopy(index_schema())
    for name in ("text", "title", "author"):
        for part in schema[name].analyzer.items:
            if isinstance(part, CharsetFilter):
                part.charmap = {code: plain for code, plain in part.charmap.items() if code != 0x0307}
    FileStorage(str(old)).create_index(schema)
    make_live(old)
    # WHEN the index is brought in step THEN it is rebuilt with the current analysis
    out = build_if_needed()
    assert "older schema" in out, out
    assert searchable() == 6

"""Batched writes: a failure anywhere is reported on its own line, the rest lands; nothing is dropped unreported."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive import importers
from archive.import_batches import IMPORTED
from archive.importers import import_paths
from archive.models import Article, ArticleCountry, Country, IndexChange

pytestmark = pytest.mark.django_db

GOOD = "KARACHI: Pakistan and Canada discussed trade on Saturday, officials said.\n\nMore text follows here.\n"
SGML = (
    '<REUTERS NEWID="1"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>COCOA</TITLE>'
    "<BODY>Cocoa prices rose in Brazil on Monday, traders said.</BODY></TEXT></REUTERS>\n"
)


def _records(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _story(n: int, text: str = "Traders in Karachi, Pakistan, said cotton prices rose") -> dict:
    return {"title": f"Story {n}", "body": f"{text} on day {n}.", "published": "2023-06-20"}


@pytest.fixture
def gazetteers():
    """Countries and organisations, as migrate loads them: a transactional test before this one flushed them."""
    call_command("load_gazetteers", stdout=io.StringIO())


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """GIVEN a good text file, a Reuters file whose parser crashes, and JSON Lines with one poisoned record."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "crash.sgm").write_text(SGML, encoding="latin-1")
    (tmp_path / "export.jsonl").write_text(
        _records(_story(1), _story(2, "POISON in this text"), _story(3)), encoding="utf-8"
    )

    real_parse, real_extract = importers.parse_file, importers.extract_for

    def crash(path, **kwargs):
        if path.suffix == ".sgm":
            raise RecursionError("maximum recursion depth exceeded")
        return real_parse(path, **kwargs)

    def poisoned(article, gazetteer):
        if "POISON" in article.body:
            raise ValueError("extraction choked")
        return real_extract(article, gazetteer)

    monkeypatch.setattr(importers, "parse_file", crash)
    monkeypatch.setattr(importers, "extract_for", poisoned)
    return tmp_path


def test_any_exception_from_a_file_or_a_record_is_reported_there_and_the_rest_imports(batch):
    # WHEN the batch is imported
    report = import_paths([batch])
    # THEN the crashing file and the poisoned record each have their line, with the exception's type
    failed = {f.path.rsplit("/", 1)[-1]: f.failed for f in report.failed_files}
    assert failed["crash.sgm"] == ["RecursionError: maximum recursion depth exceeded"]
    [record] = failed["export.jsonl"]
    assert record.endswith(": ValueError: extraction choked")
    assert set(failed) == {"crash.sgm", "export.jsonl"}
    # AND everything else is stored
    assert Article.objects.count() == 3
    assert set(Article.objects.filter(title__startswith="Story").values_list("title", flat=True)) == {
        "Story 1",
        "Story 3",
    }


def test_the_command_prints_each_failure_and_exits_non_zero(batch):
    err = io.StringIO()
    # WHEN the command imports the batch
    with pytest.raises(CommandError):
        call_command("import_articles", str(batch), "--no-progress", stdout=io.StringIO(), stderr=err)
    # THEN both failures are printed and the good articles are stored
    assert "failed: RecursionError" in err.getvalue() and "ValueError: extraction choked" in err.getvalue()
    assert Article.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_database_refuses_is_retried_one_article_at_a_time(tmp_path, monkeypatch, gazetteers):
    # GIVEN a file of 30 stories, one naming Canada, and an editor deleting Canada while the file is
    # being prepared: that article's tag then points at a deleted row, refused at the batch's commit
    stories = [_story(n) for n in range(30)]
    stories[7] = _story(7, "Ottawa: Canada and Canada's banks, Canada said,")
    (tmp_path / "stories.jsonl").write_text(_records(*stories), encoding="utf-8")
    real = importers.prepare

    def prepare(parsed, context):
        if parsed.title == "Story 7":
            Country.objects.filter(code="CA").delete()
        return real(parsed, context)

    monkeypatch.setattr(importers, "prepare", prepare)
    # WHEN it is imported in one batch
    report = import_paths([tmp_path])
    # THEN only that article fails, with the database's reason, and the other 29 are stored and indexed
    [file_report] = report.files
    assert file_report.new == 29
    [reason] = file_report.failed
    assert "IntegrityError" in reason
    assert not Article.objects.filter(title="Story 7").exists()
    assert Article.objects.count() == 29 and ArticleCountry.objects.filter(country__code="PK").count() == 29
    assert IndexChange.objects.count() == 0  # every stored article reached the index


@pytest.mark.django_db(transaction=True)
def test_parsing_and_extraction_run_outside_any_transaction(tmp_path, monkeypatch, gazetteers):
    # GIVEN probes on the parser and the extraction that note whether a transaction is open
    seen: list[bool] = []
    real_parse, real_extract = importers.parse_file, importers.extract_for

    def parse(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real_parse(*args, **kwargs)

    def extract(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(importers, "parse_file", parse)
    monkeypatch.setattr(importers, "extract_for", extract)
    (tmp_path / "stories.jsonl").write_text(_records(*(_story(n) for n in range(5))), encoding="utf-8")
    # WHEN the file is imported
    report = import_paths([tmp_path])
    # THEN none of them ran while the database write lock could be held
    assert report.total("new") == 5
    assert seen and not any(seen)


def test_unknown_tags_and_refused_urls_are_reported_not_dropped(tmp_path):
    # GIVEN records with an unknown country, an unknown organisation, a javascript: URL and a good URL
    records = [
        {**_story(1), "countries": ["PK", "XX"], "organisations": ["no-such-org"], "url": "https://example.com/1"},
        {**_story(2), "url": "javascript:alert(1)"},
        {**_story(3), "url": "ftp://example.com/file"},
    ]
    (tmp_path / "tags.jsonl").write_text(_records(*records), encoding="utf-8")
    # WHEN imported
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", stdout=out, stderr=io.StringIO())
    # THEN every article is stored, the known tag and the good URL kept, and each loss has a report line
    one, two, three = (Article.objects.get(title=f"Story {n}") for n in (1, 2, 3))
    assert list(one.countries.values_list("code", flat=True)) == ["PK"] and one.url == "https://example.com/1"
    assert two.url == "" and three.url == ""
    warnings = [line for line in out.getvalue().splitlines() if line.startswith("  warning: ")]
    assert len(warnings) == 3
    assert "unknown tags not stored: XX, no-such-org" in warnings[0]
    assert "source URL refused" in warnings[1] and "javascript:alert(1)" in warnings[1]
    # AND the stored article passes the validation an admin save runs
    two.full_clean()


def test_a_batch_keeps_history_duplicates_and_idempotence(tmp_path):
    # GIVEN a file whose third story repeats the first's text (wrapped differently) in the same batch
    rewrapped = "Traders in Karachi,  Pakistan, said cotton\nprices rose on day 1."
    stories = [_story(1), _story(2), {**_story(3), "body": rewrapped}]
    path = tmp_path / "a.jsonl"
    path.write_text(_records(*stories), encoding="utf-8")
    # WHEN imported twice, then again with one story changed
    first = import_paths([path]).files[0]
    again = import_paths([path]).files[0]
    stories[1] = _story(2, "Traders in Lahore said wheat prices fell")
    path.write_text(_records(*stories), encoding="utf-8")
    changed = import_paths([path]).files[0]
    # THEN the duplicate is reported against the first, a re-import changes nothing, a change updates one
    assert (first.new, len(first.duplicates)) == (2, 1) and "same text as" in first.duplicates[0]
    assert (again.new, again.unchanged, again.updated) == (0, 2, 0)
    assert (changed.unchanged, changed.updated) == (1, 1)
    # AND each article has its creation in history, the changed one its update too
    story1, story2 = Article.objects.get(title="Story 1"), Article.objects.get(title="Story 2")
    assert list(story1.history.values_list("history_type", flat=True)) == ["+"]
    assert sorted(story2.history.values_list("history_type", flat=True)) == ["+", "~"]
    assert story2.history.earliest("history_date").body.startswith("Traders in Karachi")
    assert story2.body.startswith("Traders in Lahore") and not story2.date_unknown


def test_history_rows_written_in_bulk_equal_what_a_save_records(tmp_path):
    # GIVEN one story imported in a batch, and the same story saved one by one as the admin would
    (tmp_path / "one.jsonl").write_text(_records({**_story(1), "url": "https://example.com/1"}), encoding="utf-8")
    import_paths([tmp_path])
    imported = Article.objects.get()
    saved = Article.objects.get(pk=imported.pk)
    saved.pk, saved.import_ref, saved.checksum = None, "by-save", "x"
    saved._change_reason = "Imported from a file"  # an import's versions say so (import_batches.IMPORTED)
    saved.save()
    # WHEN their creation records are compared
    bulk, single = (Article.history.get(id=pk, history_type="+") for pk in (imported.pk, saved.pk))
    # THEN the bulk row holds every tracked value of the article, as simple_history's own row does
    tracked = [f.attname for f in Article.history.model.tracked_fields]
    for name in tracked:
        assert getattr(bulk, name) == getattr(imported, name), name
    assert (bulk.history_user_id, bulk.history_change_reason) == (single.history_user_id, single.history_change_reason)
    assert abs((bulk.history_date - imported.imported_at).total_seconds()) < 60


def test_import_articles_keeps_an_editors_changes_unless_told_to_replace_them(tmp_path, django_user_model):
    # GIVEN a Reuters story imported, then retitled by an editor
    (tmp_path / "a.sgm").write_text(SGML)
    call_command("import_articles", str(tmp_path / "a.sgm"), "--no-progress", stdout=io.StringIO())
    story = Article.objects.get()
    story.title, story._history_user = "Cocoa prices rise", django_user_model.objects.create_user("editor")
    story.save()
    # WHEN a file of another name holds the story changed (the same NEWID)
    (tmp_path / "b.sgm").write_text(SGML.replace("on Monday", "on Tuesday"))
    out = io.StringIO()
    call_command("import_articles", str(tmp_path / "b.sgm"), "--no-progress", stdout=out)
    # THEN the editor's version is kept, the record counted as skipped and the reason printed, as the upload does
    story.refresh_from_db()
    assert story.title == "Cocoa prices rise" and "Monday" in story.body
    assert "0 updated" in out.getvalue() and "1 skipped" in out.getvalue()
    assert "kept the editor's version" in out.getvalue() and "--replace-edited" in out.getvalue()
    # WHEN asked to replace editors' versions THEN the file's replaces it
    call_command("import_articles", str(tmp_path / "b.sgm"), "--no-progress", "--replace-edited", stdout=io.StringIO())
    story.refresh_from_db()
    assert story.title == "COCOA" and "Tuesday" in story.body


def test_reparse_updates_the_articles_a_parser_now_reads_differently_and_only_those(
    tmp_path, monkeypatch, django_user_model
):
    """GIVEN three text files imported, one of them then retitled by an editor, and a parser that now reads two of
    the files differently (an upgrade improved it) WHEN they are imported again THEN nothing changes (the files are
    the same); WHEN with --reparse THEN the article read differently is updated, as imported, without a warning
    about records matched by their place; the editor's is kept and reported; the third is unchanged; and a second
    --reparse changes nothing."""
    for name, day in (("a", "Saturday"), ("b", "Sunday"), ("c", "Monday")):
        (tmp_path / f"{name}.txt").write_text(GOOD.replace("Saturday", day), encoding="utf-8")
    call_command("import_articles", str(tmp_path), "--no-progress", stdout=io.StringIO())
    edited = Article.objects.get(import_ref=f"{tmp_path.name}/c.txt#1")
    edited.title, edited._history_user = "Trade talks in Quetta", django_user_model.objects.create_user("editor")
    edited.save()
    real_parse = importers.parse_file

    def improved(path, **kwargs):
        parsed = real_parse(path, **kwargs)
        if path.stem in ("a", "c"):
            parsed.articles = [
                dataclasses.replace(a, title="Pakistan and Canada discuss trade") for a in parsed.articles
            ]
        return parsed

    monkeypatch.setattr(importers, "parse_file", improved)
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", stdout=out)
    assert "0 new, 0 updated, 3 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", "--reparse", stdout=out)
    assert "0 new, 1 updated, 1 unchanged, 0 duplicates, 1 skipped" in out.getvalue()
    assert "kept the editor's version" in out.getvalue() and "matched by its place" not in out.getvalue()
    titles = dict(Article.objects.values_list("import_ref", "title"))
    assert titles[f"{tmp_path.name}/a.txt#1"] == "Pakistan and Canada discuss trade"
    assert titles[f"{tmp_path.name}/c.txt#1"] == "Trade talks in Quetta"
    latest = Article.history.filter(import_ref=f"{tmp_path.name}/a.txt#1").latest("history_date")
    assert latest.history_type == "~" and latest.history_change_reason == IMPORTED
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", "--reparse", stdout=out)
    assert "0 new, 0 updated, 2 unchanged, 0 duplicates, 1 skipped" in out.getvalue()

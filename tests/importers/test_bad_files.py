"""A broken file in a batch is reported and skipped; the rest imports; the exit status says so."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importers import FileReport, ImportReport, import_paths
from archive.models import Article

pytestmark = pytest.mark.django_db

GOOD = "KARACHI: Pakistan and Canada discussed trade on Saturday, officials said.\n\nMore text follows here.\n"


@pytest.fixture
def batch(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait in S\xe3o Paulo".encode("latin-1"))
    (tmp_path / "broken.jsonl").write_text('{"title": "x", "body": \n', encoding="utf-8")
    return tmp_path


def test_bad_files_are_reported_and_good_ones_imported(batch):
    report = import_paths([batch])
    failed = {f.path.rsplit("/", 1)[-1]: f.failed for f in report.failed_files}
    assert set(failed) == {"empty.txt", "image.txt", "latin1.txt", "broken.jsonl"}
    assert all(reasons and all(reasons) for reasons in failed.values())
    assert Article.objects.count() == 1


def test_command_exits_non_zero_but_keeps_good_articles(batch):
    # GIVEN the batch, and files of types the archive does not import beside it (a hidden one too)
    (batch / "story.docx").write_bytes(b"PK\x03\x04")
    (batch / "notes").mkdir()
    (batch / "notes" / "README").write_text("what these are", encoding="utf-8")
    (batch / ".DS_Store").write_bytes(b"\x00")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(batch), "--no-progress", stdout=out, stderr=err)
    # THEN each failure is on stderr with its file's name (a log of stderr alone says which file failed and why)
    lines = err.getvalue().splitlines()
    assert any(line.startswith(f"{batch}/empty.txt: failed: ") and "empty" in line for line in lines), lines
    assert any(line.startswith(f"{batch}/broken.jsonl: failed: ") for line in lines), lines
    assert Article.objects.count() == 1
    # AND a file that failed whole is named on stdout as not imported, not with a line of zeros; the summary counts
    assert f"{batch}/empty.txt: nothing imported (the reason is on stderr)" in out.getvalue()
    assert "0 new, 0 updated, 0 unchanged" not in out.getvalue()
    summary = "1 new, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 4 files with failures."
    assert f"Read 5 files (4 imported nothing): {summary}" in out.getvalue()  # not "Imported 5 files"
    # AND the files left aside are named, the hidden one not
    assert (
        "Left aside 2 files of a type the archive does not import (.txt" in out.getvalue()
        and f"{batch}/notes/README, {batch}/story.docx." in out.getvalue()
    ), out.getvalue()
    assert ".DS_Store" not in out.getvalue()


def test_missing_path_is_reported(tmp_path):
    # GIVEN a mistyped path, alone
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_articles", str(tmp_path / "nope.txt"), stdout=out, stderr=err)
    # THEN the command says the path does not exist and nothing was imported, not that "the rest were imported"
    assert "no such file" in err.getvalue()
    assert str(refused.value) == f"Nothing imported: '{tmp_path / 'nope.txt'}' does not exist (check the path)."
    assert "Read 0 files" not in out.getvalue()


def test_a_missing_path_beside_good_ones_is_named_and_the_rest_imported(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_articles", str(tmp_path / "good.txt"), str(tmp_path / "nope.txt"), "--no-progress",
                     stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert str(refused.value) == f"'{tmp_path / 'nope.txt'}' does not exist; the rest were imported."
    assert Article.objects.count() == 1


def test_trafilaturas_discarding_warning_stays_out_of_the_output(tmp_path, caplog):
    # GIVEN a page too short for trafilatura, which logs "discarding data: None" at WARNING
    menu = (
        '<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/gold">Gold</a></li></ul></nav></body></html>'
    )
    (tmp_path / "menu.html").write_text(menu, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    # THEN the import reports the page in its own words, and trafilatura's warning is not logged
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")], caplog.records


def test_files_over_the_size_limit_are_refused_whole(tmp_path, settings):
    settings.ARCHIVE_MAX_IMPORT_BYTES = 1000
    (tmp_path / "big.txt").write_text("ISLAMABAD: " + "words " * 400, encoding="utf-8")
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    report = import_paths([tmp_path])
    [failed] = report.failed_files
    assert failed.path.endswith("big.txt") and failed.failed[0].startswith("file too large: 2.4")
    assert Article.objects.count() == 1


def test_sgml_with_broken_entities_and_truncated_records(tmp_path):
    (tmp_path / "broken.sgm").write_bytes(
        b'<REUTERS NEWID="1"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>OK &amp; &bogus; &#99999999;</TITLE>'
        b"<BODY>Brazil said cocoa &#x;&lt exports rose.\n Reuter\n&#3;</BODY></TEXT></REUTERS>\n"
        b'<REUTERS NEWID="2"><DATE>26-FEB-1987</DATE><TEXT><TITLE>Cut off'
    )
    report = import_paths([tmp_path])
    assert report.total("new") == 1
    article = Article.objects.get()
    assert "cocoa" in article.body and article.title.startswith("OK & ")


def test_the_summary_counts_one_failed_file_in_the_singular():
    report = ImportReport(files=[FileReport(path="a.pdf", failed=["encrypted PDF"]), FileReport(path="b.txt", new=1)])
    assert report.summary() == "1 new, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 1 file with failures"

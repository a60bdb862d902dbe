"""Reuters bylines: the SGML parser reads the AUTHOR field, and migration 0009 fills the author of stories imported
before it did, from their stored record."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps

from archive.ingest import parse_sgml
from archive.ingest.sgml import byline

fill = importlib.import_module("archive.migrations.0009_reuters_bylines")

RECORD = """<REUTERS TOPICS="NO" NEWID="{newid}">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS><PLACES><D>usa</D></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT>&#2;
<TITLE>TALKING POINT/BANKAMERICA &lt;BAC> EQUITY OFFER</TITLE>
{author}<DATELINE>    LOS ANGELES, Feb 26 - </DATELINE><BODY>BankAmerica Corp is not under
pressure to act quickly on its proposed equity offering.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("    By Cal Mankowski, Reuters", "Cal Mankowski"),
        ("    by Janie Gabbett, Reuters", "Janie Gabbett"),
        ("    By Peter Torday", "Peter Torday"),
        ("    By Patti Domm, Reuter", "Patti Domm"),
        ("    By Colin Brinsden, Reuters.", "Colin Brinsden"),
        ("    By Cal Mankowski, Reutersd", "Cal Mankowski"),
        ("    By Brad Schade Reuters", "Brad Schade"),
        ("    BY TED D'AFFLISIO, REUTERS", "Ted D'Afflisio"),
        ("    By TED d'AFFLISIO, Reuters", "Ted D'Afflisio"),
        ("    By keith grant, Reuters", "Keith Grant"),
        ("    By Mark O'Neill, Reuters", "Mark O'Neill"),
        ("    By Solange De Santis", "Solange De Santis"),
        ("    By Greg McCune, Reuters", "Greg McCune"),
        ("    By Nailene Chou-Wiest, Reuters", "Nailene Chou-Wiest"),
        ("    By Stephen Jukes and Philip Shehadi, Reuters", "Stephen Jukes and Philip Shehadi"),
        ("    By STEPHEN JUKES AND PHILIP SHEHADI, REUTERS", "Stephen Jukes and Philip Shehadi"),
        ("    By Norma Cohen &amp; Geert Linnebank, Reuters", "Norma Cohen & Geert Linnebank"),
        ("    Reuters", ""),
        ("    By Reuters", ""),
        ("   ", ""),
        ("&#3;", ""),
    ],
)
def test_byline_names_the_writers(field: str, expected: str) -> None:
    """GIVEN an AUTHOR field as Reuters wrote it (the agency after the name, capitals, typos)
    THEN the writers' names, the agency and "By" left out, a shouted name in title case."""
    assert byline(field) == expected


def test_a_record_with_a_byline_has_its_author() -> None:
    """GIVEN two records, one with an AUTHOR field
    WHEN parsed
    THEN the first has its writer as author, the other none; the source stays Reuters."""
    text = RECORD.format(newid=1, author="<AUTHOR>    by Janie Gabbett, Reuters</AUTHOR>\n") + RECORD.format(
        newid=2, author=""
    )
    first, second = parse_sgml(text, ref="t.sgm").articles
    assert (first.author, first.source) == ("Janie Gabbett", "Reuters")
    assert (second.author, second.source) == ("", "Reuters")


def test_the_migration_reads_every_byline_as_the_parser_does(reuters_dir) -> None:
    """GIVEN every AUTHOR field of the shared Reuters files
    THEN migration 0009's frozen copy names the same writers as the parser, and almost every field names someone."""
    fields = [
        found
        for path in sorted(reuters_dir.glob("reut2-*.sgm"))
        for found in re.findall(r"<AUTHOR>(.*?)</AUTHOR>", path.read_text(encoding="latin-1"), re.DOTALL)
    ]
    assert len(fields) > 400
    assert [fill.byline(field) for field in fields] == [byline(field) for field in fields]
    assert sum(1 for field in fields if byline(field)) == len(fields)


@pytest.mark.django_db
def test_the_migration_fills_empty_authors_from_the_stored_record(tmp_path, django_capture_on_commit_callbacks) -> None:
    """GIVEN three Reuters stories imported before bylines were read (no author), one of them given a byline by an
    editor since, and one story without an AUTHOR field
    WHEN migration 0009 runs
    THEN the story with an empty author gets its writer, with a history row saying why and an index change; the
    editor's byline and the story without one are left alone."""
    from archive.importers import import_paths
    from archive.models import Article, IndexChange

    records = [
        RECORD.format(newid=1, author="<AUTHOR>    By Cal Mankowski, Reuters</AUTHOR>\n"),
        RECORD.format(newid=2, author="<AUTHOR>    By Peter Torday</AUTHOR>\n").replace("BankAmerica", "Citicorp"),
        RECORD.format(newid=3, author="").replace("BankAmerica", "Chase"),
    ]
    (tmp_path / "old.sgm").write_text("".join(records), encoding="latin-1")
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([tmp_path])
    Article.objects.update(author="")  # as imported before this change
    Article.objects.filter(import_ref="reuters:2").update(author="P. Torday")  # an editor's byline
    IndexChange.objects.all().delete()

    fill.fill_bylines(apps, None)

    authors = dict(Article.objects.values_list("import_ref", "author"))
    assert authors == {"reuters:1": "Cal Mankowski", "reuters:2": "P. Torday", "reuters:3": ""}
    filled = Article.objects.get(import_ref="reuters:1")
    latest = filled.history.latest()
    assert (latest.author, latest.history_type, latest.history_change_reason) == ("Cal Mankowski", "~", fill.REASON)
    assert latest.title == filled.title
    assert list(IndexChange.objects.values_list("article_id", flat=True)) == [filled.pk]

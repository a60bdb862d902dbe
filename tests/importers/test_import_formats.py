"""JSON Lines and Reuters SGML through the importer: small fixtures, and the real corpus when present."""

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest

from archive.importers import import_paths
from archive.models import Article, Precision, Source

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


def test_jsonl_fixture_imports_good_lines_and_reports_bad_ones():
    report = import_paths([FIXTURES / "articles.jsonl"])
    file_report = report.files[0]
    assert file_report.new == 4
    assert file_report.failed and all(reason.startswith("line ") for reason in file_report.failed)
    pact = Article.objects.get(title="Pakistan and Malaysia sign trade pact")
    assert (pact.published, pact.precision, pact.author, pact.source.name) == (
        dt.date(2023, 6, 20),
        Precision.DAY,
        "Jane Doe",
        "Daily Example",
    )
    assert sorted(pact.countries.values_list("code", flat=True)) == ["MY", "PK"]
    assert {t.origin for t in pact.country_tags.all()} == {"imported"}
    month = Article.objects.get(import_ref="ingest/articles.jsonl:export:abc")  # under the file's own ref
    assert (month.published, month.precision) == (dt.date(2019, 3, 1), Precision.MONTH)


def test_a_decomposed_writer_and_source_are_the_composed_ones(tmp_path):
    # GIVEN the same writer and outlet typed composed (NFC) in one file and decomposed (NFD) in another
    for form, body in (("NFC", "A prefeitura anunciou obras de saneamento."), ("NFD", "O prefeito visitou o Pará.")):
        record = {"id": form, "title": "Obras em Belém", "author": "Antônio Gonçalves", "source": "Jornal do Pará"}
        line = json.dumps({**record, "body": body}, ensure_ascii=False)
        (tmp_path / f"{form}.jsonl").write_text(unicodedata.normalize(form, line), encoding="utf-8")
    # WHEN both are imported
    assert import_paths(sorted(tmp_path.glob("*.jsonl"))).total("new") == 2
    # THEN there is one outlet and one writer, spelt composed, and the articles are found by "Belém" as stored
    assert list(Source.objects.values_list("name", flat=True)) == ["Jornal do Pará"]
    assert set(Article.objects.values_list("author", flat=True)) == {"Antônio Gonçalves"}
    assert Article.objects.filter(title="Obras em Belém").count() == 2


def test_sgml_fixture_skips_stories_without_body():
    report = import_paths([FIXTURES / "reuters_small.sgm"])
    assert report.ok and report.total("new") == 2 and report.total("skipped") == 1
    assert Article.objects.filter(import_ref__startswith="reuters:", source__name="Reuters").count() == 2


@pytest.mark.corpus
@pytest.mark.slow
def test_reuters_file_imports_and_reimports_unchanged(reuters_dir):
    path = reuters_dir / "reut2-000.sgm"
    first = import_paths([path])
    assert first.ok
    # 1,000 stories: 75 have no body; the rest are new or exact re-sends of earlier stories.
    assert first.total("skipped") == 75
    assert first.total("new") + first.total("duplicates") == 925
    assert first.total("new") > 900
    assert Article.objects.filter(published__year=1987, precision=Precision.DAY).count() == first.total("new")
    assert Article.objects.filter(country_tags__country__code="US").distinct().count() > 300
    second = import_paths([path])
    assert (second.total("new"), second.total("updated")) == (0, 0)
    assert second.total("unchanged") == first.total("new")

"""export_articles -> import_articles gives the same archive."""

import io
import json

import pytest
from django.core.management import call_command

from archive.importers import import_paths
from archive.models import Article

pytestmark = pytest.mark.django_db


def snapshot():
    """What an export carries of each article, in title order (refs and raw text are the importing file's)."""
    rows = []
    for article in Article.objects.with_tags().order_by("title", "body"):
        rows.append(
            (
                article.title,
                article.title_generated,
                article.published,
                article.precision,
                article.dateline_place,
                article.body,
                article.checksum,
                article.language,
                sorted(t.country.code for t in article.active_country_tags()),
                sorted(t.organisation.slug for t in article.active_organisation_tags()),
            )
        )
    return rows


def test_export_contract_fields(seeds_dir):
    import_paths([seeds_dir])
    out = io.StringIO()
    call_command("export_articles", stdout=out, stderr=io.StringIO())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 6
    required = {
        "id",
        "import_ref",
        "title",
        "title_generated",
        "published",
        "precision",
        "dateline",
        "source",
        "url",
        "author",
        "body",
        "countries",
        "organisations",
    }
    assert all(required <= set(r) for r in records)
    dated = {r["import_ref"]: r["published"] for r in records if r["published"]}
    assert dated == {"seeds/003_5cf35de7a53bf458.txt#1": "2023-06-20", "seeds/004_466a4c17d71ee6e5.txt#1": "2025-04-13"}


def test_round_trip_into_a_fresh_archive(seeds_dir, tmp_path):
    import_paths([seeds_dir])
    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).update(language="fr")  # kept on the way
    export = tmp_path / "export.jsonl"
    call_command("export_articles", "--output", str(export), stderr=io.StringIO())
    before = snapshot()

    # Into the same archive: nothing is stored twice; each record is reported as the article it copies.
    report = import_paths([export])
    assert (report.total("new"), report.total("updated"), report.total("duplicates")) == (0, 0, 6)
    assert Article.objects.count() == 6

    # Into an empty archive: the same articles, fields and tags, keyed under the export file, with the
    # line received as raw text (a record cannot claim another file's refs or write its raw text).
    Article.objects.all().delete()
    report = import_paths([export])
    assert report.ok and report.total("new") == 6
    assert snapshot() == before
    lines = set(export.read_text(encoding="utf-8").splitlines())
    for article in Article.objects.all():
        assert article.import_ref.startswith(f"{tmp_path.name}/export.jsonl:") and article.raw_text in lines

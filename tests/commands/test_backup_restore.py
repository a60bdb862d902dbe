"""Backup then restore gives the same archive and the same search results."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importers import import_paths
from archive.models import Article, ArticleCountry
from archive.search.service import SearchParams, search

pytestmark = pytest.mark.django_db(transaction=True)

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
    from archive.gazetteers import load_gazetteers

    load_gazetteers()
    import_paths([seeds_dir])
    tag = ArticleCountry.objects.filter(country__code="RU").first()
    tag.rejected = True  # an editor's decision must survive the round trip
    tag.save()
    before = answers()
    backup = tmp_path / "backup.tar.gz"
    call_command("backup_archive", "--output", str(backup), stdout=io.StringIO())

    Article.objects.all().delete()
    assert search(SearchParams()).count == 0

    call_command("restore_archive", str(backup), "--yes", stdout=io.StringIO())
    assert answers() == before
    assert ArticleCountry.objects.get(pk=tag.pk).rejected


def test_a_broken_backup_changes_nothing(seeds_dir, tmp_path):
    from archive.gazetteers import load_gazetteers

    load_gazetteers()
    import_paths([seeds_dir])
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

"""archive/benchmark/export_bench.py: bench_search's export phase, run on the seeds."""

import pytest

from archive.benchmark.export_bench import _http_query, export_phase, export_targets, format_export
from archive.models import Article
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db


def test_the_export_phase_measures_every_format_and_the_view(archive):
    # GIVEN the seeds (fewer than 1,000 articles: one size, the archive's) WHEN the phase runs
    export = export_phase()
    n = Article.objects.count()
    # THEN every format was streamed, memory measured, and the view answered with every article
    row = export["sizes"][str(n)]
    assert set(row) == {"csv", "jsonl", "ris", "bibtex", "csljson", "csv+body", "heap_peak_mb", "rss_peak_mb"}
    assert all(row[fmt]["seconds"] >= 0 and row[fmt]["mb"] >= 0 for fmt in ("csv", "jsonl", "ris", "bibtex", "csljson"))
    assert export["http_csv"]["status"] == 200 and export["http_csv"]["articles"] == n
    # AND the report names the figures, the target compares the largest size's time with 5 s
    lines = "\n".join(format_export(export))
    assert f"{n:>6,} articles: csv" in lines and "over the view" in lines
    assert export_targets(export)[f"export {n:,} articles as CSV, s"][1] == 5.0
    assert format_export(None) == [] and export_targets(None) == {}


def test_the_view_leg_exports_the_busiest_year_under_the_cap_when_the_archive_exceeds_it(archive):
    # GIVEN a cap below the archive's size
    n = Article.objects.count()
    # WHEN the HTTP leg picks its search THEN it is a year with at most that many articles, and no filter when all fit
    query = _http_query(n - 1)
    assert set(query) == {"date"}
    in_period = search(SearchParams(date=query["date"], per_page=1)).count  # a year, or the undated bucket
    assert 0 < in_period <= n - 1
    assert _http_query(n) == {}

"""archive/benchmark/import_more.py: bench_search's import into the full archive, run on the seeds."""

import json

import pytest

from archive.benchmark.import_more import format_import_more, import_more_phase, write_new_articles
from archive.benchmark.search_bench import targets
from archive.models import Article

pytestmark = pytest.mark.django_db


def test_the_new_articles_are_the_archives_stories_with_new_text(archive, tmp_path):
    # GIVEN the seeds WHEN three new articles are written out
    paths = write_new_articles(tmp_path, 3, "zqxmark")
    records = [json.loads(line) for path in paths for line in path.read_text().splitlines()]
    # THEN each is a stored story's title with a body of its own carrying the marker
    assert len(records) == 3 and len({r["id"] for r in records}) == 3
    titles = set(Article.objects.values_list("title", flat=True))
    assert all(r["title"] in titles and "zqxmark" in r["body"] for r in records)


def test_the_phase_imports_new_articles_until_a_search_finds_them_all(archive, tmp_path):
    before = Article.objects.count()
    # WHEN the phase imports the seeds' five stories as new articles, twice
    first = import_more_phase(tmp_path, count=5)
    second = import_more_phase(tmp_path, count=5)
    # THEN both runs stored five new articles that a search finds, and say so
    assert Article.objects.count() == before + 10
    for figures in (first, second):
        assert (figures["articles"], figures["searchable"], figures["failed_files"], figures["problems"]) == (
            5,
            5,
            0,
            [],
        )
    assert second["archive_before"] == before + 5
    line = "\n".join(format_import_more(first))
    assert f"import into the full archive ({before:,} articles): 5 new articles searchable in " in line
    assert format_import_more(None) == []


def _report(articles: int, stock_rounds: int) -> dict:
    warm = {"median_ms": 10.0, "p95_ms": 20.0}
    search = {
        "ours": {"warm": warm, "first_round": {"p95_ms": 30.0}},
        "fts5": {"warm": {"median_ms": 100.0, "p95_ms": 200.0}},
        "stock": {"warm": {"median_ms": 0.0, "p95_ms": 0.0}},
        "tantivy": {"warm": {"median_ms": 5.0, "p95_ms": 15.0}},
        "stock_rounds": stock_rounds,
        "edit_latency": {"median_s": 0.1},
    }
    build = {"import": {"articles_per_s": 400}, "build": {"seconds": 1500, "peak_memory_mb": 900}}
    return {
        "articles": articles,
        "search": search,
        "build": build,
        "memory": {"peak_rss_mb": 1200},
        "import_more": {"seconds": 45.0},
    }


def test_a_million_articles_are_held_to_issue_21s_targets():
    # GIVEN a report at a million articles where stock haystack was not run
    found = targets(_report(1_000_000, stock_rounds=0))
    # THEN the million-article targets apply, stock haystack's ratio is left out, Tantivy's is in
    assert {
        name: t["target"]
        for name, t in found.items()
        if name
        in {
            "our p95 ms",
            "full build s",
            "full build peak memory MB",
            "search process RSS MB",
            "10,000 new articles into the archive, searchable, s",
            "our p95 / Tantivy p95",
        }
    } == {
        "our p95 ms": 100,
        "full build s": 1800,
        "full build peak memory MB": 2048,
        "search process RSS MB": 1536,
        "10,000 new articles into the archive, searchable, s": 60,
        "our p95 / Tantivy p95": 2.0,
    }
    assert "stock median / our median (at least)" not in found
    assert found["our p95 / Tantivy p95"] == {"value": 1.33, "target": 2.0, "met": True}
    assert found["10,000 new articles into the archive, searchable, s"]["met"] is True
    # AND at 100,000 the earlier issue's targets hold, with stock haystack's ratio when it ran
    smaller = targets(_report(100_000, stock_rounds=1))
    assert smaller["our p95 ms"]["target"] == 50 and smaller["full build s"]["target"] == 200
    assert "stock median / our median (at least)" in smaller and "our p95 / Tantivy p95" not in smaller

"""archive/benchmark/import_more.py: bench_search's import into the full archive, run on the seeds."""

import json

import pytest

from archive.benchmark.import_more import format_import_more, import_more_phase, write_new_articles
from archive.benchmark.search_bench import targets
from archive.models import Article
from archive.search import SearchParams, search

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
    # THEN both runs stored five new articles that a search found, and say so
    for figures in (first, second):
        assert (figures["articles"], figures["searchable"], figures["failed_files"]) == (5, 5, 0)
        assert figures["problems"] == [] and figures["archive_before"] == before
    # AND the archive is back to its size, in the database and in the index, for the next run
    assert Article.objects.count() == before
    assert search(SearchParams(q="zqxnew*")).count == 0 and search(SearchParams()).count == before
    line = "\n".join(format_import_more(first))
    assert f"import into the full archive ({before:,} articles): 5 new articles searchable in " in line
    assert format_import_more(None) == []


def _report(articles: int, stock_rounds: int) -> dict:
    warm = {"median_ms": 10.0, "p95_ms": 20.0}
    found = {
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
        "search": found,
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


def test_a_kept_corpus_is_reused_only_when_asked_and_of_the_same_size(tmp_path):
    from archive.benchmark.search_bench import Options, _corpus

    logged: list[str] = []
    # GIVEN a work dir where an earlier run of 1,000 articles left its corpus figures
    (tmp_path / "corpus.json").write_text(json.dumps({"articles": 1000, "import": {"articles_per_s": 300}}))
    # WHEN a run of the same size reuses it THEN its figures come back, marked as reused
    reused = _corpus(Options(articles=1000, reuse_corpus=True), tmp_path, logged.append)
    assert reused == {"articles": 1000, "import": {"articles_per_s": 300}, "reused": True}
    assert len(logged) == 1 and "corpus phase: reusing" in logged[0]  # and no phase ran (it would log its start)
    # AND a run of another size, or in a dir with no corpus, refuses with the reason
    with pytest.raises(RuntimeError, match="holds a corpus of 1,000 articles"):
        _corpus(Options(articles=2000, reuse_corpus=True), tmp_path, logged.append)
    with pytest.raises(RuntimeError, match="no earlier corpus"):
        _corpus(Options(articles=1000, reuse_corpus=True), tmp_path / "empty", logged.append)

"""Batch search on real text (two Reuters-21578 files, when ../shared has them): a watch list drawn from the
archive's words and entity names answers, line by line, as search() answers each query, on both search paths,
with and without filters; the CSV holds the same figures."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection

from archive.batch import csv_chunks, run_batch
from archive.benchmark.batch_bench import watch_list
from archive.importers import import_paths
from archive.search import RESOLVERS, SearchParams, batch_search, search

pytestmark = [pytest.mark.django_db, pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture
def reuters(reuters_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([reuters_dir / "reut2-000.sgm", reuters_dir / "reut2-001.sgm"])
    assert report.total("new") > 1800
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the import is not committed: give the planner statistics
            cursor.execute("ANALYZE")


def _expected(query: str, filters: SearchParams) -> tuple[int, list[int]]:
    # A batch line's best articles are the search page's first results: a story's copies are one result
    params = SearchParams(**{**filters.__dict__, "q": query})
    result = search(params, resolvers=RESOLVERS, time_limit=0)
    return result.count, [hit.article_id for hit in result.hits[:3]]


FILTERS = [SearchParams(), SearchParams(countries=("US",)), SearchParams(date_from=dt.date(1987, 3, 1))]


def test_a_watch_list_answers_as_search_does_line_by_line(reuters):
    # GIVEN 200 queries drawn from the archive's words and entity names, and two refused lines
    queries = [*watch_list(200), "*ing", "(" * 7 + "oil" + ")" * 7]
    for filters in FILTERS:  # one import for the three (it is the slow part)
        _check(queries, filters)
    # AND the report's CSV holds the same figures
    _check_csv(["oil", "OPEC", '"central bank"', "country:japan", "zzzzqqq"])


def _check(queries: list[str], filters: SearchParams) -> None:
    # WHEN they run as one batch, on the fast path and on Whoosh's own searcher
    fast = batch_search(queries, filters, resolvers=RESOLVERS, time_limit=0)
    portable = batch_search(queries, filters, resolvers=RESOLVERS, engine="whoosh")
    # THEN the two paths agree on every line
    assert [(a.total, a.years, a.top_ids, a.error) for a in fast] == [
        (a.total, a.years, a.top_ids, a.error) for a in portable
    ]
    # AND each line that ran is what search() says of its query alone
    for answer in fast[:-2]:
        total, best = _expected(answer.query, filters)
        assert (answer.error, answer.total, answer.top_ids) == ("", total, best), (answer.query, filters)
        assert sum(answer.years.values()) == answer.total
    assert sum(1 for answer in fast if answer.total) > 100
    # AND the refused lines say why
    assert "Wildcards" in fast[-2].error and "nests parentheses" in fast[-1].error


def _check_csv(queries: list[str]) -> None:
    report = run_batch(queries, SearchParams())
    text = "".join(csv_chunks(report, absolute=lambda path: "http://testserver" + path))
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["query"] for row in rows] == queries
    assert "1987" in report.years
    for row, query in zip(rows, queries, strict=True):
        total, best = _expected(query, SearchParams())
        assert int(row["total"]) == total and sum(int(row[year]) for year in report.years) == total
        assert [row[f"permalink_{n}"].split("/")[4] for n in range(1, len(best) + 1)] == [str(pk) for pk in best]

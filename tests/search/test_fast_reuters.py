"""On real text (the first Reuters-21578 file, when ../shared has it): the benchmark's whole search
mix answers through the fast path exactly as through Whoosh's own searcher, and filter-only
searches count what the database counts."""

from __future__ import annotations

import pytest
from django.db import connection

from archive.benchmark.checks import check
from archive.benchmark.mix import archive_years, search_mix
from archive.benchmark.ours import run_ours
from archive.importers import import_paths
from archive.search import RESOLVERS, search

pytestmark = [pytest.mark.django_db, pytest.mark.corpus, pytest.mark.slow]


def test_the_benchmark_mix_answers_as_whoosh_and_the_database(reuters_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([reuters_dir / "reut2-000.sgm"])
    assert report.total("new") > 800
    if connection.vendor == "postgresql":
        # The import is not committed (the test's transaction), so autovacuum never analyses it: without
        # statistics the planner nests loops over the database check's IN subqueries for many minutes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    mix = search_mix(archive_years())
    assert len(mix) >= 30
    problems = {}
    for entry in mix:
        result = run_ours(entry, RESOLVERS)
        found = check(entry, result, RESOLVERS)
        if found:
            problems[entry.name] = found
    assert not problems
    # and a second page, newest and oldest first, of a few of them
    for entry in mix[8:20]:
        for sort in ("newest", "oldest"):
            params = entry.params()
            params = type(params)(**{**params.__dict__, "sort": sort, "page": 2})
            fast, reference = search(params, resolvers=RESOLVERS), search(params, resolvers=RESOLVERS, engine="whoosh")
            assert (fast.count, [h.article_id for h in fast.hits], fast.counts) == (
                reference.count,
                [h.article_id for h in reference.hits],
                reference.counts,
            ), params

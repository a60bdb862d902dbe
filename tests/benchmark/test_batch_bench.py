"""archive/benchmark/batch_bench.py: bench_search's batch phase, run on the seeds."""

import pytest

from archive.benchmark.batch_bench import batch_phase, format_batch, targets, watch_list

pytestmark = pytest.mark.django_db


def test_the_watch_list_is_drawn_from_the_archive_with_a_seed(archive):
    # GIVEN the seeds WHEN the list is drawn twice THEN it is the same 500 queries, words and entity names alike
    queries = watch_list()
    assert len(queries) == 500 and queries == watch_list()
    assert watch_list(seed=1) != queries
    assert any('"' in q or q[:1].isupper() for q in queries)  # entity names
    assert any(q.islower() for q in queries)  # words


def test_the_batch_phase_times_the_service_page_and_api_and_checks_lines(archive):
    batch = batch_phase()
    assert batch["queries"] == 500 and batch["http_status"] == 200 and batch["problems"] == []
    assert batch["not_run"] == 0 and batch["with_hits"] > 0
    lines = "\n".join(format_batch(batch))
    assert "500 queries" in lines and "POST /api/batch/export" in lines and "checks:" in lines
    figures = targets({"batch": batch})
    assert [target for _, target in figures.values()] == [10.0, 10.0]
    assert format_batch(None) == [] and targets({}) == {}

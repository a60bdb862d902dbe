"""archive/benchmark/entity_bench.py: entity pages beside search pages, run on the seeds as `bench_search` runs
them on its archive."""

from __future__ import annotations

import pytest

from archive.benchmark import entity_bench
from archive.search import search as run_search

pytestmark = pytest.mark.django_db


def test_every_round_times_pages_that_were_computed(archive, monkeypatch):
    # GIVEN the seeds, and a count of the searches the search page runs
    searched = []

    def counted(*args, **kwargs):
        searched.append(1)
        return run_search(*args, **kwargs)

    monkeypatch.setattr("archive.views.run_search", counted)
    # WHEN the entity phase runs three rounds
    report = entity_bench.entity_phase(rounds=3, portable=1)
    # THEN both kinds of page were timed for every entity and round, the counts agree, and the search page was
    # computed each time (a kept answer after the first round would time nothing of the page)
    entities = report["entities"]
    assert entities > 0 and report["problems"] == []
    assert report["entity"]["warm"]["median_ms"] > 0 and report["search"]["warm"]["median_ms"] > 0
    assert len(searched) == 3 * entities

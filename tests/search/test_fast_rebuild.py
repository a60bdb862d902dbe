"""The full rebuild: two indexing processes leave one segment each, searches answer the same, and
while it runs searches keep using the old index (switched atomically at the end)."""

from __future__ import annotations

import os

import pytest

from archive.search import snapshot, writer
from archive.search.service import SearchParams, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(many_articles):
    return many_articles


SEARCHES = [
    SearchParams(),
    SearchParams(q="oil"),
    SearchParams(q="oil -gas", countries=("US",)),
    SearchParams(q="rates*"),
]


def answers():
    out = []
    for params in SEARCHES:
        result = search(params)
        assert result.engine == "fast"
        out.append((result.count, result.counts, sorted(h.score or 0 for h in result.hits)))
    return out


def test_two_processes_build_two_segments_that_answer_the_same(articles):
    writer.rebuild(procs=1)
    single = answers()
    assert len(snapshot.current().segments) == 1
    report = writer.rebuild(procs=2)
    assert report.articles == len(articles)
    assert len(snapshot.current().segments) == 2
    assert answers() == single


def test_searches_use_the_old_index_until_the_switch(articles):
    writer.rebuild(procs=1)
    old_path = snapshot.current().path
    before = answers()
    seen = []

    def progress(_):
        if not seen:  # halfway through writing the new index: the old one answers, complete
            seen.append((snapshot.current().path, answers()))

    writer.rebuild(procs=2, progress=progress)
    assert seen == [(old_path, before)]
    assert snapshot.current().path != old_path and not os.path.exists(old_path)
    assert answers() == before

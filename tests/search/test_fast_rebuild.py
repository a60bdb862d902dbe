"""The full rebuild: two indexing processes leave one segment each, searches answer the same, and
while it runs searches keep using the old index (switched atomically at the end)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from archive.models import Article, ArticleCountry, Country, IndexChange
from archive.search import snapshot, writer
from archive.search.service import SearchParams, search

pytestmark = pytest.mark.django_db

WORDS = ["oil", "gas", "prices", "trade", "talks", "bank", "rates", "wheat", "exports", "said"]


@pytest.fixture
def articles():
    made = Article.objects.bulk_create(
        Article(
            title=f"{WORDS[n % 10]} {WORDS[(n * 3) % 10]}",
            body=" ".join(WORDS[(n * k) % 10] for k in range(1, 12 + n % 7)),
            raw_text="x",
            checksum=f"r{n}",
            import_ref=f"rebuild:{n}",
            published=dt.date(2020, 1, 1) + dt.timedelta(days=n * 5),
            precision="day",
        )
        for n in range(450)
    )
    countries = list(Country.objects.filter(code__in=["US", "GB", "JP"]))
    ArticleCountry.objects.bulk_create(ArticleCountry(article=a, country=countries[a.pk % 3]) for a in made)
    IndexChange.objects.all().delete()
    return made


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

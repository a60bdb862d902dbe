"""The portable path (haystack's SearchQuerySet only, `ARCHIVE_SEARCH_PATH=portable`) answers as the fast path.

On the generated archive of tests/search/test_fast_equivalence.py (a few hundred articles over several
segments), every query shape with 0, 1 and 2 facet filters, multi-selects, date drill-downs and ranges, in
every sort order: the same total, rows (one per copy group: also with a fifth of the articles grouped as copies, each
row's other versions the same), pages, facet counts (multi-select included), undated bucket, date level and
notices; the same page in relevance order (ids, and scores up to a constant); in date order the same dates in the
same order (articles of the same date are in the engine's own order). No suggestion on this path (README).
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from archive.models import Article, CopyGroup
from archive.search import SearchParams, search
from tests.search.test_fast_equivalence import FILTERS, SEARCHED, _resolvers, generated  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _common(result):
    return (result.error, result.count, result.page, result.pages, result.counts, result.date_level, result.notices)


def _order(result, dates):
    """Relevance: the ids in order, and the scores up to a constant (an engine may score NOT as 1 where
    Whoosh's AndNot scores 0: the same ranking). Date orders: the dates in order."""
    if result.params.effective_sort == "relevance":
        scores = [hit.score for hit in result.hits if hit.score is not None]
        shift = [round(score - scores[0], 6) for score in scores] if scores else []
        return [hit.article_id for hit in result.hits], shift
    return [dates[hit.article_id] for hit in result.hits]


def test_every_query_shape_answers_as_the_fast_path(generated, settings):  # noqa: F811
    # GIVEN the generated archive, and dates to compare date orders by
    resolvers = _resolvers()
    dates = {pk: (published is None, published) for pk, published in Article.objects.values_list("pk", "published")}
    differences = []
    for q, f, sort, page in SEARCHED:
        params = SearchParams(q=q, sort=sort, page=page, per_page=10, **FILTERS[f])
        # WHEN each search runs on the fast path and on the portable one
        settings.ARCHIVE_SEARCH_PATH = "fast"
        fast = search(params, resolvers=resolvers)
        settings.ARCHIVE_SEARCH_PATH = "portable"
        portable = search(params, resolvers=resolvers)
        # THEN the portable path served it, with the same answers
        assert portable.error or portable.engine == "portable", params
        if _common(fast) != _common(portable) or _order(fast, dates) != _order(portable, dates):
            differences.append((params, _common(fast), _common(portable), _order(fast, dates), _order(portable, dates)))
    assert not differences, f"{len(differences)} differ: {[d[0] for d in differences]}; first: {differences[:1]}"


def _grouped(commit, seed: int = 19) -> None:
    """A fifth of the generated articles joined into copy groups of 2 to 5, saved one by one (reindexed)."""
    rng = random.Random(seed)
    pks = sorted(Article.objects.filter(is_published=True).values_list("pk", flat=True))
    chosen = rng.sample(pks, len(pks) // 5)
    with commit(execute=True):
        while len(chosen) >= 2:
            size = min(rng.randint(2, 5), len(chosen))
            members, chosen = chosen[:size], chosen[size:]
            group = CopyGroup.objects.create()
            for article in Article.objects.filter(pk__in=members):
                article.copy_group = group
                article.save()


def _versions(result):
    return [(hit.article_id, [other.pk for other in hit.other_versions]) for hit in result.hits]


def test_grouped_copies_give_the_same_rows_on_both_paths(generated, django_capture_on_commit_callbacks, settings):  # noqa: F811
    # GIVEN the generated archive with a fifth of its articles in copy groups
    _grouped(django_capture_on_commit_callbacks)
    resolvers = _resolvers()
    dates = {pk: (published is None, published) for pk, published in Article.objects.values_list("pk", "published")}
    differences, collapsed = [], 0
    shapes = random.Random(3).sample(SEARCHED, len(SEARCHED) // 3)  # a third (every kind comes up): the slow path
    assert {(sort, page) for _, _, sort, page in shapes} >= {
        ("relevance", 1),
        ("relevance", 2),
        ("newest", 2),
        ("oldest", 1),
    }
    for q, f, sort, page in shapes:
        params = SearchParams(q=q, sort=sort, page=page, per_page=10, **FILTERS[f])
        # WHEN each search runs on the fast path and on the portable one
        settings.ARCHIVE_SEARCH_PATH = "fast"
        fast = search(params, resolvers=resolvers)
        settings.ARCHIVE_SEARCH_PATH = "portable"
        portable = search(params, resolvers=resolvers)
        collapsed += fast.groups < fast.count
        # THEN the same rows: totals of articles and rows, pages, facets, order, and each row's other versions
        ours = (_common(fast), fast.groups, _order(fast, dates))
        theirs = (_common(portable), portable.groups, _order(portable, dates))
        same_versions = params.effective_sort != "relevance" or _versions(fast) == _versions(portable)
        if ours != theirs or not same_versions:
            differences.append((params, ours, theirs, _versions(fast), _versions(portable)))
    assert collapsed > len(shapes) // 2  # the groups were in play
    assert not differences, f"{len(differences)} differ: {[d[0] for d in differences]}; first: {differences[:1]}"
    # AND versions=all gives every article on both paths
    params = SearchParams(q="oil", per_page=10, all_versions=True)
    settings.ARCHIVE_SEARCH_PATH = "portable"
    every = search(params, resolvers=resolvers)
    assert every.groups == every.count and not any(hit.other_versions for hit in every.hits)
    assert replace(params, all_versions=False) != params


def test_a_timeline_counts_the_same_months_on_every_path(generated, settings):  # noqa: F811
    # GIVEN the generated archive (articles over several years, some dated to the year only or not at all)
    resolvers = _resolvers()
    for q in ("", "oil", '"interest rates"', "oil -gas", "country:japan trade"):
        for filters in FILTERS:
            # WHEN a search's date facet is asked month by month across its whole range (a timeline)
            params = SearchParams(q=q, per_page=1, date_facet="month", **filters)
            settings.ARCHIVE_SEARCH_PATH = "fast"
            fast = search(params, resolvers=resolvers)
            whoosh = search(params, resolvers=resolvers, engine="whoosh")
            settings.ARCHIVE_SEARCH_PATH = "portable"
            portable = search(params, resolvers=resolvers)
            # THEN every path counts the same months, and only months
            assert fast.date_level == whoosh.date_level == portable.date_level == "month"
            assert fast.counts["date"] == whoosh.counts["date"] == portable.counts["date"], params
            assert all(len(key) == 7 for key in fast.counts["date"]), params
    # and browsing, the months hold every published article dated to the month or the day, and only those
    browse = search(SearchParams(per_page=1, date_facet="month"), resolvers=resolvers)
    to_the_month = Article.objects.filter(is_published=True, precision__in=("month", "day")).count()
    assert 0 < sum(browse.counts["date"].values()) == to_the_month < browse.count

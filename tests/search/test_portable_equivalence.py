"""The portable path (haystack's SearchQuerySet only, `ARCHIVE_SEARCH_PATH=portable`) answers as the fast path.

On the generated archive of tests/search/test_fast_equivalence.py (a few hundred articles over several
segments), every query shape with 0, 1 and 2 facet filters, multi-selects, date drill-downs and ranges, in
every sort order: the same total, pages, facet counts (multi-select included), undated bucket, date level and
notices; the same page in relevance order (ids, and scores up to a constant); in date order the same dates in the
same order (articles of the same date are in the engine's own order). No suggestion on this path (README).
"""

from __future__ import annotations

import pytest

from archive.models import Article
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

"""`matching_ids(params, limit=N) -> (total, ids)`: every match of a search in its order, for exports.

The same query parsing, filters and order as `search()`, without the page, the facets or the snippets, and
without a time limit: an export must never be a partial answer that looks complete.
"""

from __future__ import annotations

import logging

import numpy as np

from archive.search import facets as facet_counts
from archive.search import faults, portable
from archive.search.query import QueryError, parse_query
from archive.search.service import _facet_filters
from archive.search.types import SORTS, SearchParams

__all__ = ["QueryError", "matching_ids"]

logger = logging.getLogger(__name__)


def matching_ids(params: SearchParams, *, limit: int, resolvers=None, engine: str = "fast") -> tuple[int, list[int]]:
    """The number of articles that match and the ids of the first `limit` of them, in the search's order.

    `engine="whoosh"` answers from Whoosh's own searcher (the Whoosh path); the fast path falls back to it
    by itself, as `search()` does; `engine="portable"` (taken by itself on an engine other than Whoosh, as
    for `search()`) asks haystack's SearchQuerySet. Raises `QueryError` for a query that cannot be run
    and `IndexUnavailable` when the index cannot be read. Ids may include articles unpublished since the
    index last changed: the caller loads published articles only.
    """
    from archive.search import reader

    try:
        schema = reader.schema()
    except faults.READ_ERRORS as error:
        raise faults.IndexUnavailable(faults.describe(error)) from error
    parsed = parse_query(params.q, schema=schema, resolvers=resolvers)
    filters = list(_facet_filters(params).values())
    sort = "newest" if parsed.query is None and params.sort not in SORTS else params.effective_sort  # as search()
    faults.refuse_known_damage()
    engine = portable.path_for(engine)
    if engine == "portable":
        try:
            return portable.matching(parsed, params, limit)
        except faults.READ_ERRORS as error:
            raise faults.IndexUnavailable(faults.describe(error)) from error
    if engine == "fast":
        try:
            return _fast(parsed, filters, sort, limit)
        except Exception:  # as search(): never fail what the slower path can answer
            logger.exception("The fast search path failed for an export; answering from Whoosh's searcher.")
    with faults.damage_reported():
        return _whoosh(parsed, filters, sort, limit)


def _fast(parsed, filters, sort: str, limit: int) -> tuple[int, list[int]]:
    from archive.search import engine, snapshot

    snap = snapshot.current()
    if parsed.query is None:
        matches = engine.Matches(snap.live, np.ones(snap.size) if sort == "relevance" else None)
    else:
        matches = engine.evaluate(snap, parsed.query, scored=sort == "relevance")
    masks = [engine.filter_mask(snap, query) for query in filters]
    selected = facet_counts.combine(snap, [matches.mask, *masks])
    total = int(np.count_nonzero(selected))
    chosen = engine.top(snap, selected, matches.scores, sort=sort, limit=min(limit, total))
    ids = [article_id for article_id in snap.article_ids([docnum for docnum, _ in chosen]) if article_id is not None]
    return total, ids


def _whoosh(parsed, filters, sort: str, limit: int) -> tuple[int, list[int]]:
    from whoosh import query as wq

    from archive.search import reader

    user_query = parsed.query if parsed.query is not None else wq.Every()
    with reader.searcher() as searcher:
        total = facet_counts.whoosh_count_matches(searcher, user_query, filters)
        if not total or limit <= 0:
            return total, []
        hits = facet_counts.whoosh_page_of_hits(
            searcher, user_query, filters, sort=sort, offset=0, limit=min(limit, total)
        )
    return total, [article_id for article_id, _ in hits]

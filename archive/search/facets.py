"""Counting matches and facet values, on exact (unstemmed) fields.

The fast path works on an `IndexSnapshot` (per-document arrays of the live index generation):
the query's matches and each filter are boolean masks, a facet's counts are one `bincount` over
its (document, value) pairs masked by the query and every filter but the facet's own, and a page
is a partial sort. `whoosh_*` below are the same answers from Whoosh's own searcher: the fallback
when the fast path cannot run, and the reference the fast path is tested against.
"""

from __future__ import annotations

import numpy as np
from whoosh import collectors, sorting
from whoosh import query as wq

from archive.search import engine
from archive.search.snapshot import IndexSnapshot

# -- the fast path ---------------------------------------------------------------------------------


def filter_masks(snapshot: IndexSnapshot, filters: dict[str, wq.Query]) -> dict[str, np.ndarray]:
    return {name: engine.filter_mask(snapshot, q) for name, q in filters.items()}


def combine(snapshot: IndexSnapshot, masks) -> np.ndarray:
    """Documents in every mask (the live documents when there is none)."""
    out = snapshot.live
    for mask in masks:
        out = out & mask
    return out


def fast_facet_counts(
    snapshot: IndexSnapshot,
    matches: np.ndarray,
    masks: dict[str, np.ndarray],
    *,
    facet_fields: dict[str, str],
    own_masks: dict[str, np.ndarray] | None = None,
) -> dict[str, dict[str, int]]:
    """Counts per value for each facet, with every filter applied but the facet's own.

    `own_masks` replaces a facet's own filter instead of dropping it (the date drill-down keeps
    the chosen year while listing its months).
    """
    own_masks = own_masks or {}
    counts: dict[str, dict[str, int]] = {}
    shared = None
    for facet, fieldname in facet_fields.items():
        if facet not in masks and facet not in own_masks:
            if shared is None:
                shared = combine(snapshot, [matches, *masks.values()])
            selected = shared
        else:
            others = [mask for name, mask in masks.items() if name != facet]
            if facet in own_masks:
                others.append(own_masks[facet])
            selected = combine(snapshot, [matches, *others])
        counts[facet] = snapshot.counts(fieldname, selected)
    return counts


# -- Whoosh's own answers ------------------------------------------------------------------------

# Sorts dated documents (key "0") before undated ones ("1"), whatever the column's own encoding of 0 is.
DATED_FIRST = sorting.QueryFacet({"0": wq.NumericRange("date_sort", 1, None), "1": wq.NumericRange("date_sort", 0, 0)})


def _combined(filters: list[wq.Query]) -> wq.Query | None:
    if not filters:
        return None
    return filters[0] if len(filters) == 1 else wq.And(filters)


def whoosh_count_matches(searcher, user_query: wq.Query, filters: list[wq.Query]) -> int:
    combined = _combined(filters)
    if combined is None and isinstance(user_query, wq.Every):
        return searcher.doc_count()
    return len(searcher.search(user_query, filter=combined, limit=None, scored=False))


def whoosh_page_of_docnums(
    searcher, user_query: wq.Query, filters: list[wq.Query], *, sort: str, offset: int, limit: int
) -> list[tuple[int, float | None]]:
    """(Whoosh doc number, score) for one page, in the requested order.

    Relevance uses a top-N collector without matcher replacement: Whoosh 2.7's replacement (its
    default) can skip a document that belongs in the top N (seen with `(oil OR gas) AND price`);
    without it the page is exactly the best-scored documents, as an exhaustive search ranks them.
    """
    combined = _combined(filters)
    if sort == "relevance":
        collector = collectors.TopCollector(limit=offset + limit, replace=0)
        if combined is not None:
            allow = searcher._filter_to_comb(combined)
            if not allow:  # Whoosh's FilterCollector takes an empty set for "no filter": every match came back
                return []
            collector = collectors.FilterCollector(collector, allow=allow)
        searcher.search_with_collector(user_query, collector)
        results = collector.results()
    else:
        if sort == "newest":
            facet = sorting.FieldFacet("date_sort", reverse=True)
        else:  # oldest first, the undated (0) last: dated before undated, then by date
            facet = sorting.MultiFacet([DATED_FIRST, sorting.FieldFacet("date_sort")])
        results = searcher.search(user_query, filter=combined, limit=offset + limit, sortedby=[facet])
    return [(hit.docnum, hit.score if sort == "relevance" else None) for hit in results[offset : offset + limit]]


def whoosh_page_of_hits(
    searcher, user_query: wq.Query, filters: list[wq.Query], *, sort: str, offset: int, limit: int
) -> list[tuple[int, float | None]]:
    """(article id, score) for one page, in the requested order."""
    page = whoosh_page_of_docnums(searcher, user_query, filters, sort=sort, offset=offset, limit=limit)
    return [(int(searcher.stored_fields(docnum)["django_id"]), score) for docnum, score in page]


def whoosh_facet_counts(
    searcher,
    user_query: wq.Query,
    filters: dict[str, wq.Query],
    *,
    facet_fields: dict[str, str],
    own_filters: dict[str, wq.Query] | None = None,
) -> dict[str, dict[str, int]]:
    """Counts per value for each facet, with every filter applied but the facet's own (Whoosh's grouping)."""
    own_filters = own_filters or {}
    counts: dict[str, dict[str, int]] = {}
    # Facets whose own filter is absent share one grouped search.
    shared = [f for f in facet_fields if f not in filters and f not in own_filters]
    groups: dict[str, list[str]] = {}
    if shared:
        groups[""] = shared
    for facet in facet_fields:
        if facet not in shared:
            groups[facet] = [facet]
    for own, facets in groups.items():
        applied = [q for name, q in filters.items() if name != own]
        if own and own in own_filters:
            applied.append(own_filters[own])
        grouped = {
            facet: sorting.FieldFacet(facet_fields[facet], allow_overlap=True, maptype=sorting.Count)
            for facet in facets
        }
        results = searcher.search(user_query, filter=_combined(applied), limit=1, scored=False, groupedby=grouped)
        for facet in facets:
            counts[facet] = {key: n for key, n in results.groups(facet).items() if key}
    return counts

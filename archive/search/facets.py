"""Counting matches and facet values on a Whoosh searcher, on exact (unstemmed) fields.

Kept separate from the service so a faster engine (per-document arrays, see the performance
issue) can replace these functions without touching callers.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh import sorting


def _combined(filters: list[wq.Query]) -> wq.Query | None:
    if not filters:
        return None
    return filters[0] if len(filters) == 1 else wq.And(filters)


def count_matches(searcher, user_query: wq.Query, filters: list[wq.Query]) -> int:
    combined = _combined(filters)
    if combined is None and isinstance(user_query, wq.Every):
        return searcher.doc_count()
    return len(searcher.search(user_query, filter=combined, limit=None, scored=False))


def page_of_hits(
    searcher, user_query: wq.Query, filters: list[wq.Query], *, sort: str, offset: int, limit: int
) -> list[tuple[int, float | None]]:
    """(article id, score) for one page, in the requested order."""
    kwargs = {"filter": _combined(filters), "limit": offset + limit}
    if sort == "newest":
        kwargs["sortedby"] = [sorting.FieldFacet("date_sort", reverse=True)]
    elif sort == "oldest":
        kwargs["sortedby"] = [sorting.FieldFacet("date_sort")]
    results = searcher.search(user_query, **kwargs)
    page = []
    for hit in results[offset : offset + limit]:
        score = hit.score if sort == "relevance" else None
        page.append((int(hit["django_id"]), score))
    return page


def facet_counts(
    searcher,
    user_query: wq.Query,
    filters: dict[str, wq.Query],
    *,
    facet_fields: dict[str, str],
    own_filters: dict[str, wq.Query] | None = None,
) -> dict[str, dict[str, int]]:
    """Counts per value for each facet, with every filter applied but the facet's own.

    `own_filters` replaces a facet's own filter instead of dropping it (the date drill-down
    keeps the chosen year while listing its months).
    """
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


def date_label(key: str) -> str:
    """ "2023" -> "2023", "2023-06" -> "Jun 2023", "2023-06-20" -> "20 Jun 2023"."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    parts = key.split("-")
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    return key


def labelled(counts: dict[str, dict[str, int]], params) -> dict:
    """Counts -> FacetValue lists with display labels from the database, most frequent first."""
    from archive.models import Country, Organisation, Source
    from archive.search.service import FacetValue

    labels = {
        "country": dict(Country.objects.filter(code__in=counts.get("country", {})).values_list("code", "name")),
        "organisation": {
            o.slug: f"{o.acronym} — {o.name}" if o.acronym else o.name
            for o in Organisation.objects.approved().filter(slug__in=counts.get("organisation", {}))
        },
        "source": dict(Source.objects.filter(slug__in=counts.get("source", {})).values_list("slug", "name")),
    }
    out: dict[str, list] = {}
    for facet, values in counts.items():
        if facet == "date":
            selected = {params.date} if params.date else set()
            out[facet] = [FacetValue(v, date_label(v), n, v in selected) for v, n in sorted(values.items())]
            continue
        chosen = set(params.selected(facet))
        items = [
            FacetValue(value, labels[facet].get(value, value), n, value in chosen)
            for value, n in values.items()
            if value in labels[facet]  # e.g. a proposed organisation is not a facet
        ]
        # Selected values stay listed even when the other filters leave them no results.
        for value in chosen - {item.value for item in items}:
            if value in labels[facet]:
                items.append(FacetValue(value, labels[facet][value], 0, True))
        items.sort(key=lambda item: (-item.count, item.label.lower()))
        out[facet] = items
    return out

"""`search(params) -> SearchResult`: the one entry point the page, the API and the feeds use.

Facet semantics: within a facet, selected values combine with OR; across facets with AND. Each
facet's counts are computed with every other filter applied but its own, so a user can widen a
selection. The date facet drills down: years, then the months of a chosen year, then its days.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace

import numpy as np
from django.conf import settings
from whoosh import query as wq

from archive.dates import MAX_SORT_KEY, UNDATED, date_sort_key, period_level
from archive.search import facets as facet_counts
from archive.search import faults, lookups, portable
from archive.search.highlight import snippet_pieces
from archive.search.query import ParsedQuery, QueryError, answer_notices, parse_query
from archive.search.types import FACET_FIELDS, SORTS, Hit, SearchParams, SearchResult

logger = logging.getLogger(__name__)

# "Enough": a query that finds this many articles or more gets no spelling suggestion.
SUGGEST_BELOW = 3


UNDATED_FILTER = wq.NumericRange("date_sort", 0, 0)  # no date sorts as 0


def _date_filter(params: SearchParams) -> wq.Query | None:
    parts: list[wq.Query] = []
    if params.date == UNDATED:
        parts.append(UNDATED_FILTER)
    elif params.date:
        parts.append(wq.Term(period_level(params.date), params.date))
    if params.date_from or params.date_to:
        # An article whose date lies wholly within: its first day from `from` on (the undated never), its last
        # day (a month's, a year's: date_end) up to `to`, as the date facet holds a period's articles.
        low = date_sort_key(params.date_from) if params.date_from else 1
        parts.append(wq.NumericRange("date_sort", low, MAX_SORT_KEY))
        if params.date_to:
            parts.append(wq.NumericRange("date_end", 1, date_sort_key(params.date_to)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _facet_filters(params: SearchParams) -> dict[str, wq.Query]:
    """One filter per facet with a selection: its values OR'ed."""
    filters: dict[str, wq.Query] = {}
    for facet, fieldname in FACET_FIELDS.items():
        values = params.selected(facet)
        if values:
            filters[facet] = wq.Or([wq.Term(fieldname, v) for v in values])
    date_filter = _date_filter(params)
    if date_filter is not None:
        filters["date"] = date_filter
    return filters


def _date_drill_down_filter(params: SearchParams) -> wq.Query | None:
    """The date facet lists the children of the chosen period: a chosen day shows its month's days.

    Undated chosen: the years, as with no date chosen, so the reader can switch to one.
    """
    parts = []
    if params.date == UNDATED:
        pass
    elif len(params.date) >= 7:
        parts.append(wq.Term("month", params.date[:7]))
    elif len(params.date) == 4:
        parts.append(wq.Term("year", params.date))
    range_only = _date_filter(SearchParams(date_from=params.date_from, date_to=params.date_to))
    if range_only is not None:
        parts.append(range_only)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def snippet_for(article, parsed: ParsedQuery) -> list[tuple[str, bool]]:
    """From the body; from the standfirst when only the standfirst has the words searched for.

    `body_head` (the start of the body, when the list loaded only that) is used in place of the body.
    """
    body = snippet_pieces(getattr(article, "body_head", None) or article.body, parsed)
    if any(matched for _, matched in body) or not article.standfirst:
        return body
    standfirst = snippet_pieces(" · ".join(article.standfirst), parsed)
    return standfirst if any(matched for _, matched in standfirst) else body


def _better_spelling(vocabulary, parsed: ParsedQuery, count: int, schema, resolvers, count_matches) -> str:
    """A corrected query (in the user's syntax) that finds more than the one typed, or ""."""
    from archive.search import spelling

    try:
        corrected_text = spelling.correct_query(parsed.cleaned, vocabulary)
        if corrected_text == parsed.cleaned:
            return ""
        corrected = parse_query(corrected_text, schema=schema, resolvers=resolvers)
    except QueryError:
        return ""
    if corrected.query is None or count_matches(corrected.query) <= count:
        return ""
    return corrected_text


def _place_page(result: SearchResult, params: SearchParams) -> None:
    """Pages from the rows (one per copy group); a page past the end shows the last one, with a notice."""
    result.pages = max(1, math.ceil(result.groups / result.per_page))
    result.page = min(max(1, params.page), result.pages)
    if params.page > result.pages and result.count:
        only = "There is only 1 page" if result.pages == 1 else f"There are only {result.pages} pages"
        result.past_end_notice = f"{only}; showing the last one."
        result.notices.append(result.past_end_notice)


TIME_LIMIT_NOTICE = (
    "This search took too long to finish, so the results, count and filters below cover only part of the "
    "archive. Try fewer words, a longer prefix before *, or a filter."
)


def _run_fast(
    result: SearchResult,
    parsed: ParsedQuery,
    filters: dict,
    resolvers,
    time_limit: float = 0.0,
    *,
    with_facets: bool = True,
) -> list[tuple[int, float | None]]:
    """The count, the page's (article id, score) and every facet's counts, from the snapshot's arrays.

    Matching stops `time_limit` seconds (0: none) after the snapshot is open: a fresh worker's first
    search opens it (about 2 s at a million articles), which is not the query's cost.
    """
    from archive.search import engine, grouping, snapshot

    params = result.params
    snap = result.snapshot = snapshot.current()
    deadline = engine.deadline_after(time_limit)
    sort = params.effective_sort
    if parsed.query is None:
        matches = engine.Matches(snap.live, np.ones(snap.size) if sort == "relevance" else None)
    else:
        matches = engine.evaluate(snap, parsed.query, scored=sort == "relevance", deadline=deadline)
    if matches.partial:
        result.partial = True
        result.notices.append(TIME_LIMIT_NOTICE)
    masks = facet_counts.filter_masks(snap, filters)
    selected = facet_counts.combine(snap, [matches.mask, *masks.values()])
    result.count = int(np.count_nonzero(selected))
    rows = grouping.snapshot_rows(snap, selected, matches.scores, every_version=params.all_versions)
    result.groups = rows.count
    _place_page(result, params)
    offset = (result.page - 1) * result.per_page
    page = engine.top(snap, rows.mask, rows.scores, sort=sort, limit=offset + result.per_page, offset=offset)
    shown = [rows.row(docnum) for docnum, _ in page]
    ids = snap.article_ids([representative for representative, _ in shown])
    hits = [(article_id, score) for article_id, (_, score) in zip(ids, page, strict=True) if article_id is not None]
    for article_id, (_, others) in zip(ids, shown, strict=True):
        if article_id is not None and others:
            result.versions[article_id] = [i for i in snap.article_ids(others) if i is not None]
    if parsed.query is not None and result.count < SUGGEST_BELOW and not result.partial:

        def count_matches(corrected) -> int:
            mask = engine.evaluate(snap, corrected, scored=False).mask
            return int(np.count_nonzero(facet_counts.combine(snap, [mask, *masks.values()])))

        from archive.search import spelling

        vocabulary = spelling.snapshot_vocabulary(snap)
        result.suggestion = _better_spelling(vocabulary, parsed, result.count, snap.schema, resolvers, count_matches)
    result.date_level = params.date_facet_level
    if not with_facets:
        return hits
    drill_down = _date_drill_down_filter(params)
    result.counts = facet_counts.fast_facet_counts(
        snap,
        matches.mask,
        masks,
        facet_fields={**FACET_FIELDS, "date": result.date_level},
        own_masks={"date": engine.filter_mask(snap, drill_down)} if drill_down is not None else {},
    )
    if result.params.lists_undated:  # the undated bucket beside the years, counted as they are
        others = [mask for name, mask in masks.items() if name != "date"]
        undated = facet_counts.combine(snap, [matches.mask, *others, snap.date_sort == 0])
        _add_undated(result, int(np.count_nonzero(undated)))
    return hits


def _whoosh_rows_page(result: SearchResult, searcher, user_query, filters: dict) -> list[tuple[int, float | None]]:
    """Whoosh's own matches collapsed to one row per copy group, and the page of rows."""
    from archive.search import engine, grouping

    sort = result.params.effective_sort
    combined = facet_counts._combined(list(filters.values()))
    rows, columns = grouping.whoosh_rows(searcher, user_query, combined, scored=sort == "relevance")
    result.groups = rows.count
    _place_page(result, result.params)
    offset = (result.page - 1) * result.per_page
    page = engine.top(columns, rows.mask, rows.scores, sort=sort, limit=offset + result.per_page, offset=offset)

    def article_id(docnum: int) -> int:
        return int(searcher.stored_fields(docnum)["django_id"])

    hits = []
    for docnum, score in page:
        representative, others = rows.row(docnum)
        hits.append((article_id(representative), score))
        if others:
            result.versions[hits[-1][0]] = [article_id(d) for d in others]
    return hits


def _add_undated(result: SearchResult, count: int) -> None:
    if count or result.params.date == UNDATED:
        result.counts.setdefault("date", {})[UNDATED] = count


def _run_whoosh(result: SearchResult, parsed: ParsedQuery, filters: dict, resolvers) -> list[tuple[int, float | None]]:
    """The same answers from Whoosh's own searcher (when the fast path cannot run)."""
    from archive.search import grouping, reader

    params = result.params
    user_query = parsed.query if parsed.query is not None else wq.Every()
    with reader.searcher() as searcher:
        result.count = facet_counts.whoosh_count_matches(searcher, user_query, list(filters.values()))

        def every_match_a_row() -> list[tuple[int, float | None]]:
            result.groups = result.count
            _place_page(result, params)
            return facet_counts.whoosh_page_of_hits(
                searcher,
                user_query,
                list(filters.values()),
                sort=params.effective_sort,
                offset=(result.page - 1) * result.per_page,
                limit=result.per_page,
            )

        hits = grouping.rows_of(
            all_versions=params.all_versions,
            count_grouped=lambda: grouping.whoosh_count_grouped(
                searcher, user_query, facet_counts._combined(list(filters.values()))
            ),
            grouped=lambda _: _whoosh_rows_page(result, searcher, user_query, filters),
            ungrouped=every_match_a_row,
        )
        if parsed.query is not None and result.count < SUGGEST_BELOW:

            def count_matches(corrected) -> int:
                return facet_counts.whoosh_count_matches(searcher, corrected, list(filters.values()))

            from archive.search import spelling

            vocabulary = spelling.reader_vocabulary(searcher.reader())
            result.suggestion = _better_spelling(
                vocabulary, parsed, result.count, searcher.schema, resolvers, count_matches
            )
        result.date_level = params.date_facet_level
        drill_down = _date_drill_down_filter(params)
        result.counts = facet_counts.whoosh_facet_counts(
            searcher,
            user_query,
            dict(filters),
            facet_fields={**FACET_FIELDS, "date": result.date_level},
            own_filters={"date": drill_down} if drill_down is not None else {},
        )
        if params.lists_undated:
            others = [q for name, q in filters.items() if name != "date"]
            _add_undated(result, facet_counts.whoosh_count_matches(searcher, user_query, [*others, UNDATED_FILTER]))
    return hits


def _other_versions(versions: dict[int, list[int]]) -> dict:
    """The public articles listed as a row's other versions (title, outlet, date, link: no body)."""
    from archive.search import listing

    return listing.load_versions([article_id for others in versions.values() for article_id in others])


def search(
    params: SearchParams,
    *,
    resolvers=None,
    engine: str = "fast",
    time_limit: float | None = None,
    with_facets: bool = True,
    with_tags: bool = True,
) -> SearchResult:
    """Run a search: results for the page, the total, every facet's counts, snippets.

    `engine="whoosh"` answers from Whoosh's own searcher instead of the snapshot's arrays (the
    fallback, also used to check the fast path); the fast path falls back to it by itself when
    the index cannot be read that way. `engine="portable"` answers through haystack's SearchQuerySet
    only (`portable.py`): the path for an engine other than Whoosh, taken by itself then (or when
    `ARCHIVE_SEARCH_PATH=portable`). `result.engine` names the path that answered. Matching stops
    after `time_limit` seconds (default `settings.ARCHIVE_SEARCH_TIME_LIMIT`; 0 = none) and the
    result says it is partial. A feed shows neither facets nor tags: `with_facets=False` leaves the counts
    out (on the fast path) and `with_tags=False` loads the articles without their tags.
    Raises `faults.IndexUnavailable` when the index cannot be read at all (damaged files).
    """
    limit = settings.ARCHIVE_SEARCH_TIME_LIMIT if time_limit is None else time_limit
    from archive.search import listing, reader

    result = SearchResult(params=params)
    try:
        schema = reader.schema()  # sets up the backend (and an empty live index on a new data dir)
    except faults.READ_ERRORS as error:
        raise faults.IndexUnavailable(faults.describe(error)) from error
    try:
        parsed = parse_query(params.q, schema=schema, resolvers=resolvers)
    except QueryError as error:
        result.error = str(error)
        return result
    result.notices.extend(answer_notices(parsed))
    if parsed.query is None and params.sort not in SORTS and params.effective_sort != "newest":
        # Nothing left of the words ("title:" alone): the empty search, in its order (newest first), as the feed
        params = result.params = replace(params, sort="newest")
    filters = _facet_filters(params)
    faults.refuse_known_damage()
    hits = None
    engine = portable.path_for(engine)  # not Whoosh, or ARCHIVE_SEARCH_PATH=portable
    if engine == "portable":
        with faults.damage_reported():
            hits = portable.run(result, parsed, _place_page)
        result.engine = "portable"
    if engine == "fast":
        notices_before = list(result.notices)
        try:
            hits = _run_fast(result, parsed, filters, resolvers, limit, with_facets=with_facets)
            result.engine = "fast"
        except Exception:  # never fail a search the slower path can answer
            logger.exception("The fast search path failed; answering from Whoosh's searcher.")
            result.notices = notices_before
            result.snapshot, result.partial = None, False
    if hits is None:
        with faults.damage_reported():
            hits = _run_whoosh(result, parsed, filters, resolvers)
        result.engine = "whoosh"

    articles = listing.load_articles([article_id for article_id, _ in hits], tags=with_tags)
    versions = _other_versions(result.versions)
    for article_id, score in hits:
        article = articles.get(article_id)
        if article is None:  # in the index but no longer public: never show it
            continue
        others = [versions[i] for i in result.versions.get(article_id, ()) if i in versions]
        group = getattr(article, "copy_group_id", None)
        result.hits.append(Hit(article_id, score, snippet_for(article, parsed), article, group, others))
    labels = lookups.snapshot_labels(result.snapshot) if result.snapshot is not None else None
    result.facets = lookups.labelled(result.counts, params, labels)
    return result

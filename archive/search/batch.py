"""`batch_search(queries, params) -> [BatchAnswer]`: many queries under the same filters, for watch lists.

Each query gets what `search()` would say of it (the same parsing, filters, total, year facet and relevance
order) but only its total, its hits per year and its first few results' article ids (a story's copies are one
result, its representative, as on the search page; with `versions=all` each article is its own): no page,
snippets, other facets or spelling suggestion. The work that `search()` would repeat for every query is done
once: one snapshot, the filters' masks, the schema. A query that cannot be run (refused by the parser, too long)
is answered with its message; the others still run. Each query has the search page's time limit; one that
passes it is answered with what was matched and says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from archive.dates import UNDATED
from archive.search import facets as facet_counts
from archive.search import faults
from archive.search.query import ParsedQuery, QueryError, answer_notices, parse_query
from archive.search.service import UNDATED_FILTER, _facet_filters
from archive.search.types import SearchParams

__all__ = ["BatchAnswer", "batch_search"]

logger = logging.getLogger(__name__)

PARTIAL_NOTICE = "This query took too long: the total and years cover only part of the archive."
# A whole batch stops starting queries after this many seconds (well inside gunicorn's worker timeout); the
# queries left are reported on their lines as not run.
BUDGET_SECONDS = 60.0
OUT_OF_TIME = "Not run: the batch ran out of time before this query. Run it again in a shorter list."


@dataclass
class BatchAnswer:
    query: str
    total: int = 0
    years: dict[str, int] = field(default_factory=dict)  # "1987" -> hits; "undated" for articles without a date
    top_ids: list[int] = field(default_factory=list)  # the first `top` results (one per story), by relevance
    error: str = ""  # the query could not be run: why (nothing else is set)
    notices: list[str] = field(default_factory=list)
    partial: bool = False


def batch_search(
    queries: list[str],
    params: SearchParams | None = None,
    *,
    top: int = 3,
    resolvers=None,
    engine: str = "fast",
    time_limit: float | None = None,
    budget: float = BUDGET_SECONDS,
) -> list[BatchAnswer]:
    """One answer per query, in order, with the filters of `params` (its `q`, sort and page are ignored).

    Each query has `time_limit` (default: the search page's); after `budget` seconds for the whole list the
    queries left are not started and say so. Raises `IndexUnavailable` when the index cannot be read at all.
    Top ids may include articles unpublished since the index last changed: the caller loads published ones only.
    """
    from archive.search import reader

    params = params or SearchParams()
    limit = settings.ARCHIVE_SEARCH_TIME_LIMIT if time_limit is None else time_limit
    try:
        schema = reader.schema()
    except faults.READ_ERRORS as error:
        raise faults.IndexUnavailable(faults.describe(error)) from error
    answers: list[BatchAnswer] = []
    parsed: list[ParsedQuery | None] = []
    for text in queries:
        answer = BatchAnswer(query=text)
        try:
            one = parse_query(text, schema=schema, resolvers=resolvers)
        except QueryError as error:
            answer.error, one = str(error), None
        else:
            if one.query is None:
                answer.error, one = "An empty query: nothing to search for.", None
            else:
                answer.notices.extend(answer_notices(one))  # as the search page says them
        answers.append(answer)
        parsed.append(one)
    filters = list(_facet_filters(params).values())  # every filter applies to the years too
    faults.refuse_known_damage()
    from archive.search import portable

    engine = portable.path_for(engine)
    if engine == "portable":
        try:
            for answer, one in zip(answers, parsed, strict=True):
                if one is not None:
                    answer.total, answer.years, answer.top_ids = portable.batch_answer(one, params, top)
        except faults.READ_ERRORS as error:
            raise faults.IndexUnavailable(faults.describe(error)) from error
        return answers
    if engine == "fast":
        try:
            _fast(answers, parsed, filters, top, limit, budget, every_version=params.all_versions)
            return answers
        except Exception:  # as search(): never fail what the slower path can answer
            logger.exception("The fast search path failed for a batch; answering from Whoosh's searcher.")
            for answer in answers:
                answer.total, answer.years, answer.top_ids, answer.partial = 0, {}, [], False
                answer.error = "" if answer.error == OUT_OF_TIME else answer.error
                answer.notices = [n for n in answer.notices if n != PARTIAL_NOTICE]
    with faults.damage_reported():
        _whoosh(answers, parsed, filters, top, every_version=params.all_versions)
    return answers


def _fast(
    answers: list[BatchAnswer],
    parsed: list,
    filters: list,
    top: int,
    limit: float,
    budget: float,
    *,
    every_version: bool,
) -> None:
    from archive.search import engine, grouping, snapshot

    stop = engine._clock() + budget
    snap = snapshot.current()
    # The filters' mask, computed once for every query.
    allowed = facet_counts.combine(snap, [engine.filter_mask(snap, q) for q in filters])
    for answer, one in zip(answers, parsed, strict=True):
        if one is None:
            continue
        now = engine._clock()
        if now > stop:
            answer.error = OUT_OF_TIME
            continue
        deadline = min(now + limit, stop) if limit else stop  # on the clock the engine reads deadlines on
        matches = engine.evaluate(snap, one.query, scored=True, deadline=deadline)
        if matches.partial:
            answer.partial = True
            answer.notices.append(PARTIAL_NOTICE)
        selected = matches.mask & allowed
        answer.total = int(np.count_nonzero(selected))
        if not answer.total:
            continue
        answer.years = dict(sorted(snap.counts("year", selected).items()))
        undated = int(np.count_nonzero(selected & (snap.date_sort == 0)))
        if undated:
            answer.years[UNDATED] = undated
        # The best rows as search() shows them: a story's copies are one row, at its representative.
        rows = grouping.snapshot_rows(snap, selected, matches.scores, every_version=every_version)
        chosen = engine.top(snap, rows.mask, rows.scores, sort="relevance", limit=top)
        ids = snap.article_ids([rows.row(docnum)[0] for docnum, _ in chosen])
        answer.top_ids = [article_id for article_id in ids if article_id is not None]


def _whoosh(answers: list[BatchAnswer], parsed: list, applied: list, top: int, *, every_version: bool) -> None:
    from archive.search import reader

    # Under names no facet has: whoosh_facet_counts drops a facet's own filter, and the years keep the range.
    named = {f"filter{i}": q for i, q in enumerate(applied)}
    with reader.searcher() as searcher:
        for answer, one in zip(answers, parsed, strict=True):
            if one is None:
                continue
            answer.total = facet_counts.whoosh_count_matches(searcher, one.query, applied)
            if not answer.total:
                continue
            counts = facet_counts.whoosh_facet_counts(searcher, one.query, named, facet_fields={"date": "year"})
            answer.years = dict(sorted(counts.get("date", {}).items()))
            undated = facet_counts.whoosh_count_matches(searcher, one.query, [*applied, UNDATED_FILTER])
            if undated:
                answer.years[UNDATED] = undated
            answer.top_ids = _whoosh_best(searcher, one.query, applied, top, every_version)


def _whoosh_best(searcher, user_query, applied: list, top: int, every_version: bool) -> list[int]:
    """The best `top` rows' article ids from Whoosh's own searcher: a story's copies one row, as search() shows."""
    from archive.search import engine, grouping

    combined = facet_counts._combined(applied)

    def grouped(_: int) -> list[int]:
        rows, columns = grouping.whoosh_rows(searcher, user_query, combined, scored=True)
        chosen = engine.top(columns, rows.mask, rows.scores, sort="relevance", limit=top)
        return [int(searcher.stored_fields(rows.row(docnum)[0])["django_id"]) for docnum, _ in chosen]

    def ungrouped() -> list[int]:
        hits = facet_counts.whoosh_page_of_hits(searcher, user_query, applied, sort="relevance", offset=0, limit=top)
        return [article_id for article_id, _ in hits]

    return grouping.rows_of(
        all_versions=every_version,
        count_grouped=lambda: grouping.whoosh_count_grouped(searcher, user_query, combined),
        grouped=grouped,
        ungrouped=ungrouped,
    )

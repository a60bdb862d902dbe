"""The portable path: the same search through django-haystack's public `SearchQuerySet` API only.

Whoosh is served by the fast path (the snapshot's arrays); this path is for any other haystack engine
(Solr, Elasticsearch 7 / OpenSearch), chosen automatically when the configured engine is not Whoosh,
or forced with `ARCHIVE_SEARCH_PATH=portable`. It asks the engine, per search:

* the count and the page: the user's query as haystack `SQ` objects built from the parsed query (the
  words as the user typed them, so the engine analyses them once), the filters as `narrow()` queries
  (filters, not scored: the page's order is the query's alone) rendered by the engine's own query class;
* each facet's counts: a field facet on the exact fields, with every filter but the facet's own (one
  extra faceted query per facet with a selection: the multi-select rule), the date level (years, the
  months of a year, the days of a month) as a field facet on the exact year/month/day field;
* the undated bucket: a count with `date_sort` 0 narrowed in.

Oldest first lists the dated articles, then the undated (as the fast path does): two queries, since an
engine's sort cannot put 0 last. Ties (the same date, the same score) are in the engine's own order.
No "did you mean" here: spelling suggestions are the fast path's (they read the index's own terms).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from haystack import connections
from haystack.inputs import Exact
from haystack.query import SQ, SearchQuerySet
from whoosh import query as wq

from archive.dates import MAX_SORT_KEY, UNDATED, date_sort_key, period_level
from archive.search import grouping
from archive.search.query import EXACT_FIELDS, ParsedQuery, analyse
from archive.search.types import FACET_FIELDS, SearchParams, SearchResult

PATHS = ("auto", "fast", "portable")
_QUOTED = re.compile(r'"([^"]*)"')


class Untranslatable(ValueError):
    """A query node the portable path cannot express (never produced by our parser; a guard)."""


def wanted() -> bool:
    """Whether searches go the portable way: forced by the setting, or the engine is not Whoosh."""
    choice = getattr(settings, "ARCHIVE_SEARCH_PATH", "auto")
    if choice == "portable":
        return True
    if choice == "fast":
        return False
    return not whoosh_engine()


def path_for(engine: str) -> str:
    """The path a reader takes when asked for `engine`: "fast" becomes "portable" when `wanted()`."""
    return "portable" if engine == "fast" and wanted() else engine


def whoosh_engine() -> bool:
    """Whether the configured haystack engine is Whoosh (ours or haystack's own)."""
    from haystack.backends.whoosh_backend import WhooshEngine

    return isinstance(connections["default"], WhooshEngine)


# -- the user's query as SQ --------------------------------------------------------------------------


def _field(fieldname: str) -> str:
    return "content" if fieldname == "text" else fieldname


def user_query(parsed: ParsedQuery) -> SQ | None:
    """The parsed query as haystack SQ objects (None: match everything)."""
    if parsed.query is None or isinstance(parsed.query, wq.Every):  # "-country:narnia": all but nothing
        return None
    phrases = [(tuple(analyse_words(typed)), typed) for typed in _QUOTED.findall(parsed.text)]
    return _translate(parsed.query, parsed.text, phrases)


def analyse_words(text: str) -> list[str]:
    return [word for word in (analyse(part) for part in text.split()) if word]


def _original(node: wq.Query, text: str) -> str:
    """The word as typed ("prices", not the index's "price"): the engine analyses it itself."""
    start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
    if start is None or end is None or node.fieldname in EXACT_FIELDS:
        return node.text
    typed = text[start:end]
    return typed if typed.lower().startswith(node.text[:1]) else node.text


def _translate(node: wq.Query, text: str, phrases) -> SQ:
    if isinstance(node, wq.And):
        return _combine([_translate(child, text, phrases) for child in node.subqueries], "and")
    if isinstance(node, wq.Or):
        return _combine([_translate(child, text, phrases) for child in node.subqueries], "or")
    if isinstance(node, wq.AndNot):
        return _translate(node.a, text, phrases) & ~_translate(node.b, text, phrases)
    if isinstance(node, wq.Not):
        return ~_translate(node.query, text, phrases)
    if isinstance(node, wq.Phrase):  # the quoted words as typed, found by their index forms
        typed = next((typed for words, typed in phrases if list(words) == list(node.words)), " ".join(node.words))
        return SQ(**{_field(node.fieldname): Exact(typed)})
    if isinstance(node, wq.Prefix):
        return SQ(**{f"{_field(node.fieldname)}__startswith": node.text})
    if isinstance(node, wq.Term):
        if node.fieldname in EXACT_FIELDS:
            return SQ(**{node.fieldname: Exact(node.text)})
        return SQ(**{_field(node.fieldname): _original(node, text)})
    raise Untranslatable(type(node).__name__)


def _combine(parts: list[SQ], how: str) -> SQ:
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part if how == "and" else combined | part
    return combined


# -- filters as narrow() queries ---------------------------------------------------------------------


def _rendered(condition: SQ) -> str:
    """A filter in the engine's own query syntax, for `narrow()`."""
    backend_query = connections["default"].get_query()
    backend_query.add_filter(condition)
    return backend_query.build_query()


def _date_condition(params: SearchParams) -> SQ | None:
    parts = []
    if params.date == UNDATED:
        parts.append(SQ(date_sort=0))
    elif params.date:
        parts.append(SQ(**{period_level(params.date): Exact(params.date)}))
    if params.date_from or params.date_to:
        low = date_sort_key(params.date_from) if params.date_from else 1
        parts.append(SQ(date_sort__range=[low, MAX_SORT_KEY]))  # wholly within: service._date_filter
        if params.date_to:
            parts.append(SQ(date_end__range=[1, date_sort_key(params.date_to)]))
    return _combine(parts, "and") if parts else None


def filter_conditions(params: SearchParams) -> dict[str, SQ]:
    """One condition per facet with a selection (its values OR'ed), and the date's."""
    conditions = {}
    for facet, fieldname in FACET_FIELDS.items():
        values = params.selected(facet)
        if values:
            conditions[facet] = _combine([SQ(**{fieldname: Exact(value)}) for value in values], "or")
    date = _date_condition(params)
    if date is not None:
        conditions["date"] = date
    return conditions


def _drill_down(params: SearchParams) -> SQ | None:
    """The date facet lists the children of the chosen period (as the fast path's drill-down)."""
    parts = []
    if params.date and params.date != UNDATED:
        parts.append(SQ(month=Exact(params.date[:7])) if len(params.date) >= 7 else SQ(year=Exact(params.date)))
    ranged = _date_condition(SearchParams(date_from=params.date_from, date_to=params.date_to))
    if ranged is not None:
        parts.append(ranged)
    return _combine(parts, "and") if parts else None


def _queryset(words: SQ | None, conditions: list[SQ]) -> SearchQuerySet:
    from archive.models import Article

    sqs = SearchQuerySet().models(Article)
    sqs = sqs.filter(words) if words is not None else sqs.all()
    if conditions:
        # One narrow() for all the filters: haystack's Whoosh backend intersects several narrows itself and,
        # when the intersection is empty, filters nothing at all (Whoosh reads an empty filter as none).
        sqs = sqs.narrow(_rendered(_combine(conditions, "and")))
    return sqs


# -- the search --------------------------------------------------------------------------------------


def _facet_counts(words: SQ | None, conditions: dict[str, SQ], params: SearchParams, level: str) -> dict:
    fields = {**FACET_FIELDS, "date": level}
    drill = _drill_down(params)
    counts: dict[str, dict[str, int]] = {}
    shared = [facet for facet in fields if facet not in conditions and not (facet == "date" and drill is not None)]
    groups = {"": shared} if shared else {}
    groups.update({facet: [facet] for facet in fields if facet not in shared})
    for own, facets in groups.items():
        applied = [condition for name, condition in conditions.items() if name != own]
        if own == "date" and drill is not None:
            applied.append(drill)
        sqs = _queryset(words, applied)
        for facet in facets:
            sqs = sqs.facet(fields[facet])
        answered = sqs.facet_counts().get("fields", {})
        for facet in facets:
            counts[facet] = {str(value): n for value, n in answered.get(fields[facet], []) if value and n}
    return counts


def _page(words: SQ | None, conditions: list[SQ], sort: str, offset: int, limit: int) -> list[tuple[int, float | None]]:
    hits = _page_hits(words, conditions, sort, offset, limit)
    return [(int(hit.pk), hit.score if sort == "relevance" else None) for hit in hits]


def _page_hits(words: SQ | None, conditions: list[SQ], sort: str, offset: int, limit: int) -> list:
    """The engine's hits (haystack SearchResults: pk, score, stored fields) for one page, in the search's order."""
    if sort == "oldest":  # the dated oldest first, then the undated
        dated = _queryset(words, [*conditions, SQ(date_sort__gte=1)]).order_by("date_sort")
        n_dated = dated.count()
        hits = _slice(dated, offset, limit) if offset < n_dated else []
        if len(hits) < limit:
            undated = _queryset(words, [*conditions, SQ(date_sort=0)])
            hits += _slice(undated, max(0, offset - n_dated), limit - len(hits))
        return hits
    sqs = _queryset(words, conditions)
    if sort == "newest":
        return _slice(sqs.order_by("-date_sort"), offset, limit)
    return _slice(sqs, offset, limit)


def _slice(sqs: SearchQuerySet, offset: int, limit: int) -> list:
    if limit <= 0:
        return []
    return [hit for hit in sqs[offset : offset + limit] if hit is not None]


def _row_key(sort: str, date: int) -> tuple:
    """A row's place by date (ascending): its representative's date, undated last in both orders (as the fast path)."""
    if sort == "newest":
        return (-date,)
    return (date == 0, date)


def _rows(
    result: SearchResult, words: SQ | None, conditions: list[SQ], n_grouped: int, place_page: Callable
) -> list[tuple[int, float | None]]:
    """One row per copy group (grouping.py's rule in Python): the `n_grouped` grouped matches are read whole,
    the rest only as far as the page. By relevance a row sits where its best version comes in the engine's own
    order of every match; by date at its representative's date."""
    sort = result.params.effective_sort
    grouped = _queryset(words, [*conditions, SQ(copy_group__gte=1)])
    groups: dict[int, list] = {}
    for hit in _slice(grouped, 0, n_grouped):
        groups.setdefault(int(hit.copy_group), []).append(hit)
    for members in groups.values():
        members.sort(key=lambda h: (int(h.date_sort) == 0, int(h.date_sort), int(h.copy_order)))
    result.groups = result.count - n_grouped + len(groups)
    place_page(result, result.params)
    offset, limit = (result.page - 1) * result.per_page, result.per_page
    rows: list[tuple[int, float | None]] = []  # (the row's first hit or representative, score)
    if sort == "relevance":
        placed: set[int] = set()
        # Enough of the engine's order for offset + limit rows, however many versions come before them.
        for hit in _slice(_queryset(words, conditions), 0, offset + limit + n_grouped - len(groups)):
            group = int(hit.copy_group or 0)
            if group in placed:
                continue
            if group:
                placed.add(group)
            rows.append((int(groups[group][0].pk) if group else int(hit.pk), hit.score))
            if len(rows) == offset + limit:
                break
    else:
        keyed = [(_row_key(sort, int(m[0].date_sort)), int(m[0].pk)) for m in groups.values()]
        loose = _page_hits(words, [*conditions, SQ(copy_group=0)], sort, 0, offset + limit)
        keyed += [(_row_key(sort, int(h.date_sort)), int(h.pk)) for h in loose]
        keyed.sort(key=lambda row: row[0])  # stable: the engine's own order within a date
        rows = [(article_id, None) for _, article_id in keyed]
    page = rows[offset : offset + limit]
    others = {int(m[0].pk): [int(h.pk) for h in m[1:]] for m in groups.values() if len(m) > 1}
    for article_id, _ in page:
        if article_id in others:
            result.versions[article_id] = others[article_id]
    return page


def _page_of_rows(
    result: SearchResult, words: SQ | None, applied: list[SQ], place_page: Callable
) -> list[tuple[int, float | None]]:
    """The page's rows, one per copy group unless `versions=all` (`result.count` is set)."""
    params = result.params

    def every_match_a_row() -> list[tuple[int, float | None]]:
        place_page(result, params)
        return _page(words, applied, params.effective_sort, (result.page - 1) * result.per_page, result.per_page)

    return grouping.rows_of(
        all_versions=params.all_versions,
        count_grouped=lambda: _queryset(words, [*applied, SQ(copy_group__gte=1)]).count(),
        grouped=lambda n_grouped: _rows(result, words, applied, n_grouped, place_page),
        ungrouped=every_match_a_row,
    )


def run(result: SearchResult, parsed: ParsedQuery, place_page: Callable[[SearchResult, SearchParams], None]):
    """Fill `result` (count, page, facet counts) through SearchQuerySet; the page's (article id, score)."""
    params = result.params
    if parsed.query is wq.NullQuery:  # a query that can match nothing ("country:narnia")
        place_page(result, params)
        result.date_level = params.date_facet_level
        result.counts = {facet: {} for facet in (*FACET_FIELDS, "date")}
        return []
    words = user_query(parsed)
    conditions = filter_conditions(params)
    result.count = result.groups = _queryset(words, list(conditions.values())).count()
    hits = _page_of_rows(result, words, list(conditions.values()), place_page)
    result.date_level = params.date_facet_level
    result.counts = _facet_counts(words, conditions, params, result.date_level)
    if params.lists_undated:
        others = [condition for name, condition in conditions.items() if name != "date"]
        undated = _queryset(words, [*others, SQ(date_sort=0)]).count()
        if undated or params.date == UNDATED:
            result.counts.setdefault("date", {})[UNDATED] = undated
    return hits


# -- the other readers: exports, entity pages, related articles ---------------------------------------


def matching(parsed: ParsedQuery, params: SearchParams, limit: int) -> tuple[int, list[int]]:
    """`matching_ids` through SearchQuerySet: the total and the first `limit` ids in the search's order."""
    if parsed.query is wq.NullQuery:
        return 0, []
    words = user_query(parsed)
    conditions = list(filter_conditions(params).values())
    total = _queryset(words, conditions).count()
    hits = _page(words, conditions, params.effective_sort, 0, min(limit, total))
    return total, [article_id for article_id, _ in hits]


def entity_condition(fieldname: str, value: str) -> SQ:
    return SQ(**{fieldname: Exact(value)})


def count(conditions: list[SQ]) -> int:
    return _queryset(None, conditions).count()


def field_counts(conditions: list[SQ], fieldnames: dict[str, str]) -> dict[str, dict[str, int]]:
    """Articles per value of each field (name -> index field) among those meeting every condition."""
    sqs = _queryset(None, conditions)
    for fieldname in fieldnames.values():
        sqs = sqs.facet(fieldname)
    answered = sqs.facet_counts().get("fields", {})
    return {
        name: {str(value): n for value, n in answered.get(fieldname, []) if value and n}
        for name, fieldname in fieldnames.items()
    }


def more_like_this(article_id: int, limit: int) -> list[int] | None:
    """Candidates from the engine's own "more like this" (haystack's public API; Solr's MLT handler,
    Elasticsearch's more_like_this query). None when the article is not in the index."""
    from archive.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return None
    hits = SearchQuerySet().models(Article).more_like_this(article)[:limit]
    return [int(hit.pk) for hit in hits if hit is not None and int(hit.pk) != article_id]


def batch_answer(parsed: ParsedQuery, params: SearchParams, top: int) -> tuple[int, dict[str, int], list[int]]:
    """One watch-list query through SearchQuerySet: its total, hits per year ("undated" too), best ids."""
    if parsed.query is wq.NullQuery:
        return 0, {}, []
    words = user_query(parsed)
    conditions = list(filter_conditions(params).values())
    sqs = _queryset(words, conditions)
    total = sqs.count()
    if not total:
        return 0, {}, []
    years = {
        str(year): n for year, n in sqs.facet("year").facet_counts().get("fields", {}).get("year", []) if year and n
    }
    undated = _queryset(words, [*conditions, SQ(date_sort=0)]).count()
    if undated:
        years[UNDATED] = undated
    # The first page of `top` rows by relevance, as search() pages them (a story's copies one row).
    first = SearchResult(params=replace(params, sort="relevance", page=1, per_page=top), count=total)
    hits = _page_of_rows(first, words, conditions, place_page=lambda *_: None)
    return total, years, [article_id for article_id, _ in hits]

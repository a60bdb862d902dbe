"""`search(params) -> SearchResult`: the one entry point the page, the API and the feeds use.

Facet semantics: within a facet, selected values combine with OR; across facets with AND. Each
facet's counts are computed with every other filter applied but its own, so a user can widen a
selection. The date facet drills down: years, then the months of a chosen year, then its days.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.conf import settings
from whoosh import query as wq

from archive.sanitize import highlighted
from archive.search import facets as facet_counts
from archive.search.highlight import snippet_pieces
from archive.search.query import ParsedQuery, QueryError, parse_query

SORTS = ("relevance", "newest", "oldest")
SUGGEST_BELOW = 3  # offer a spelling suggestion when a query finds fewer results than this
FACETS = ("country", "organisation", "source", "date")
# Request parameter -> index field.
FACET_FIELDS = {"country": "countries", "organisation": "organisations", "source": "source"}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    countries: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date: str = ""  # "", "2023", "2023-06" or "2023-06-20"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = ""  # "" = relevance for a query, newest when browsing
    page: int = 1
    per_page: int = 0  # 0 = settings.ARCHIVE_RESULTS_PER_PAGE

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS:
            return self.sort
        return "relevance" if self.q.strip() else "newest"

    def selected(self, facet: str) -> tuple[str, ...]:
        return {"country": self.countries, "organisation": self.organisations, "source": self.sources}[facet]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    article_id: int
    score: float | None
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # snippet text, each piece matched or not
    article: object = None  # the Article, loaded from the database

    @property
    def snippet(self) -> str:
        """The snippet as safe HTML: escaped text, matches in <mark>."""
        return highlighted(self.pieces)

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.pieces)


@dataclass
class SearchResult:
    params: SearchParams
    count: int = 0
    page: int = 1
    pages: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    date_level: str = "year"  # what the date facet lists: year, month or day
    notices: list[str] = field(default_factory=list)
    error: str = ""
    parsed: ParsedQuery | None = None
    suggestion: str = ""  # "Did you mean …": a close spelling that finds more

    @property
    def per_page(self) -> int:
        return self.params.per_page or settings.ARCHIVE_RESULTS_PER_PAGE

    @property
    def start_index(self) -> int:
        """The number of the first result on this page (1-based)."""
        return (self.page - 1) * self.per_page + 1


def _date_filter(params: SearchParams) -> wq.Query | None:
    parts: list[wq.Query] = []
    if params.date:
        level = {4: "year", 7: "month", 10: "day"}[len(params.date)]
        parts.append(wq.Term(level, params.date))
    if params.date_from or params.date_to:
        low = _sort_key(params.date_from) if params.date_from else 1
        high = _sort_key(params.date_to) if params.date_to else 99991231
        parts.append(wq.NumericRange("date_sort", low, high))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _sort_key(value: dt.date) -> int:
    return value.year * 10000 + value.month * 100 + value.day


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
    """The date facet lists the children of the chosen period: a chosen day shows its month's days."""
    parts = []
    if len(params.date) >= 7:
        parts.append(wq.Term("month", params.date[:7]))
    elif len(params.date) == 4:
        parts.append(wq.Term("year", params.date))
    range_only = _date_filter(SearchParams(date_from=params.date_from, date_to=params.date_to))
    if range_only is not None:
        parts.append(range_only)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _date_level(params: SearchParams) -> str:
    return {0: "year", 4: "month", 7: "day", 10: "day"}[len(params.date)]


def snippet_for(article, parsed: ParsedQuery) -> list[tuple[str, bool]]:
    """From the body; from the standfirst when only the standfirst has the words searched for."""
    body = snippet_pieces(article.body, parsed)
    if any(matched for _, matched in body) or not article.standfirst:
        return body
    standfirst = snippet_pieces(" · ".join(article.standfirst), parsed)
    return standfirst if any(matched for _, matched in standfirst) else body


def _better_spelling(searcher, parsed: ParsedQuery, filters, count: int, resolvers) -> str:
    """A corrected query string that finds more than the one typed, or ""."""
    try:
        correction = searcher.correct_query(parsed.query, parsed.text, maxdist=2, prefix=1)
    except Exception:  # a correction is a nicety: never let it break a search
        return ""
    if correction.string == parsed.text:
        return ""
    try:
        corrected = parse_query(correction.string, schema=searcher.schema, resolvers=resolvers)
    except QueryError:
        return ""
    if corrected.query is None or facet_counts.count_matches(searcher, corrected.query, filters) <= count:
        return ""
    return correction.string


def search(params: SearchParams, *, resolvers=None) -> SearchResult:
    """Run a search: results for the page, the total, every facet's counts, snippets."""
    from archive.models import Article
    from archive.search import reader

    result = SearchResult(params=params)
    schema = reader.schema()
    try:
        parsed = parse_query(params.q, schema=schema, resolvers=resolvers)
    except QueryError as error:
        result.error = str(error)
        return result
    result.parsed = parsed
    user_query = parsed.query if parsed.query is not None else wq.Every()
    filters = _facet_filters(params)
    sort = params.effective_sort
    per_page = result.per_page

    with reader.searcher() as searcher:
        result.count = facet_counts.count_matches(searcher, user_query, list(filters.values()))
        result.pages = max(1, math.ceil(result.count / per_page))
        result.page = min(max(1, params.page), result.pages)
        if params.page > result.pages and result.count:
            result.notices.append(f"There are only {result.pages} pages; showing the last one.")
        hits = facet_counts.page_of_hits(
            searcher,
            user_query,
            list(filters.values()),
            sort=sort,
            offset=(result.page - 1) * per_page,
            limit=per_page,
        )
        if parsed.query is not None and result.count < SUGGEST_BELOW:
            result.suggestion = _better_spelling(searcher, parsed, list(filters.values()), result.count, resolvers)
        result.date_level = _date_level(params)
        facet_filters = dict(filters)
        drill_down = _date_drill_down_filter(params)
        counted = facet_counts.facet_counts(
            searcher,
            user_query,
            facet_filters,
            facet_fields={**FACET_FIELDS, "date": result.date_level},
            own_filters={"date": drill_down} if drill_down is not None else {},
        )

    articles = Article.objects.published().with_tags().in_bulk([article_id for article_id, _ in hits])
    for article_id, score in hits:
        article = articles.get(article_id)
        if article is None:  # in the index but no longer public: never show it
            continue
        result.hits.append(Hit(article_id, score, snippet_for(article, parsed), article))
    result.facets = facet_counts.labelled(counted, params)
    return result

"""What a search is asked and what it answers: the parameters, the result and its parts.

Plain data, no search machinery: the service, the facet counting, the labels, forms, views, the API
and the template tags all use these without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString

from archive.dates import drill_down_level
from archive.sanitize import highlighted, highlighted_all

SORTS = ("relevance", "newest", "oldest")
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
    all_versions: bool = False  # `versions=all`: every copy of a story its own row (grouping.py)
    # "month": the date facet counts every month of the range (a search's timeline) instead of drilling down.
    date_facet: str = ""

    @property
    def date_facet_level(self) -> str:
        """What the date facet lists: each month when asked (`date_facet="month"`), else the level under the
        chosen period (the years, a year's months or a month's days)."""
        return self.date_facet or drill_down_level(self.date)

    @property
    def lists_undated(self) -> bool:
        """Whether the date facet has an "Undated" bucket: beside the years, unless a from/to range is set
        (no undated article is within one: the bucket's link would find nothing)."""
        return self.date_facet_level == "year" and not (self.date_from or self.date_to)

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS:
            return self.sort
        return "relevance" if self.q.strip() else "newest"

    @property
    def filtered(self) -> bool:
        """Whether any filter narrows the search (a facet value, a period or a date bound)."""
        return bool(self.countries or self.organisations or self.sources or self.date or self.date_from or self.date_to)

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
    copy_group: int | None = None  # the article's copy group (None: no known copy)
    other_versions: list = field(default_factory=list)  # the group's other matching Articles, representative order
    snippet_html: SafeString | None = field(default=None, repr=False)  # `snippet`, made for the whole page at once

    @property
    def snippet(self) -> str:
        """The snippet as safe HTML: escaped text, matches in <mark>."""
        return self.snippet_html if self.snippet_html is not None else highlighted(self.pieces)

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.pieces)


@dataclass
class SearchResult:
    params: SearchParams
    count: int = 0  # articles (facet counts are per article too)
    groups: int = 0  # rows: copy groups and articles without a copy (= count with `all_versions`); pages count these
    page: int = 1
    pages: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    date_level: str = "year"  # what the date facet lists: year, month or day
    notices: list[str] = field(default_factory=list)
    error: str = ""
    suggestion: str = ""  # "Did you mean …": a close spelling that finds more
    past_end_notice: str = ""  # the page asked for is past the last: the notice that the last is shown instead
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count, before labels
    engine: str = ""  # "fast" (the snapshot's arrays), "whoosh" (Whoosh's own searcher) or "portable" (SearchQuerySet)
    partial: bool = False  # the time limit passed: results, count and facets cover part of the index
    snapshot: object = field(default=None, repr=False)  # the IndexSnapshot the fast path answered from
    versions: dict[int, list[int]] = field(default_factory=dict, repr=False)  # a row's id -> its other versions' ids

    @property
    def per_page(self) -> int:
        return self.params.per_page or settings.ARCHIVE_RESULTS_PER_PAGE

    @property
    def start_index(self) -> int:
        """The number of the first result on this page (1-based)."""
        return (self.page - 1) * self.per_page + 1

    def mark_snippets(self) -> None:
        """Every hit's snippet as HTML, the page's in one bleach call (`snippet` then reads it, not one call a hit)."""
        for hit, html in zip(self.hits, highlighted_all([hit.pieces for hit in self.hits]), strict=True):
            hit.snippet_html = html

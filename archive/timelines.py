"""A search's timeline: its articles month by month, each month's share of all the archive's articles, and up to
four other queries' months beside it under the same filters (the "attention over time" of a query, as the entity
pages show it for a country, an organisation or a source).

The counts are the search's own date facet asked month by month over its whole range (`SearchParams.date_facet`),
so a timeline, the search page's date facet and the search's results never disagree; each month's total is the
whole archive's (`month_totals`, the denominators of the entity pages' share). A search with words under a country,
an organisation or a source is also counted against the filters' own articles each month (`TimelinePage.filtered`,
the same filters without the words): "oil" as a share of the month's articles about the United States.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.text import slugify

from archive.dates import UNDATED
from archive.entity_pages import Comparison
from archive.forms import left_out, only_keys, params_from_query, printable, used_query
from archive.search import RESOLVERS, MonthAttention, SearchParams, date_label, monthly_attention, search
from archive.search_export import spreadsheet_csv

# The search page's parameters a timeline reads: the query and the filters (not the sort, the page or the versions).
TIMELINE_KEYS = ("q", "country", "org", "source", "date", "from", "to")
MAX_COMPARE_CHARS = 500
MAX_COMPARED = 4  # queries drawn as lines over the bars: more would not be told apart


@dataclass
class Timeline:
    """One query's months under the page's filters."""

    q: str
    query: QueryDict  # the search's parameters: its links
    count: int = 0  # the search's matches, those without a month included
    months: list[MonthAttention] = field(default_factory=list)
    error: str = ""  # a query that cannot be run (the search's own message)
    filters: str = ""  # its filters in words ("Pakistan, IMF"): its name when it has no words
    suggestion: str = ""  # "Did you mean …": the search's close spelling that finds more

    @property
    def name(self) -> str:
        return f"“{self.q}”" if self.q else (self.filters or "All articles")

    @property
    def compare_value(self) -> str:
        return self.q

    @property
    def without_month(self) -> int:
        """Matches dated to the year only, or not dated: not on a monthly chart."""
        return self.count - sum(month.count for month in self.months)

    @property
    def search_url(self) -> str:
        return reverse("archive:search") + (f"?{self.query.urlencode()}" if self.query else "")

    @property
    def month_search(self) -> str:
        """A month's search is this followed by `date=2023-06`."""
        query = self.query.copy()
        query.pop("date", None)
        return reverse("archive:search") + "?" + (f"{query.urlencode()}&" if query else "")


@dataclass
class TimelinePage:
    timeline: Timeline
    compared: Comparison | None = None
    filters: list[str] = field(default_factory=list)  # the filters in words ("United States", "2023")
    notices: list[str] = field(default_factory=list)
    # A search with words under a country, organisation or source: the filters' own articles a month (no words).
    filtered: dict[str, int] | None = None
    filtered_name: str = ""  # those filters in words, "United States, IMF"
    left_out: list[str] = field(default_factory=list)  # values the search leaves out: the file refuses them

    @property
    def months(self) -> list[tuple[MonthAttention, ...]]:
        """Each month as (the page's, then each compared query's)."""
        if self.compared is not None:
            return list(self.compared.months)
        return [(month,) for month in self.timeline.months]

    def within_filters(self) -> TimelinePage:
        """The page with each month's total the filtered articles that month, not all the archive's: every share
        out of the articles under the search's filters (unchanged when the page has none to count against)."""
        if self.filtered is None:
            return self
        filtered = self.filtered

        def rebased(months) -> list[MonthAttention]:
            return [MonthAttention(month.month, month.count, filtered.get(month.month, 0)) for month in months]

        timeline = replace(self.timeline, months=rebased(self.timeline.months))
        compared = None
        if self.compared is not None:
            rows = [tuple(rebased(row)) for row in self.compared.months]
            others = self.compared.others
            others = [replace(other, months=[row[n] for row in rows]) for n, other in enumerate(others, 1)]
            compared = Comparison(others, rows)
        return replace(self, timeline=timeline, compared=compared)


def _months_within(period: str, counts: dict[str, int]) -> dict[str, int]:
    """The months of a chosen period (`date=`): the date facet counts every month, the period's own filter left
    out as a facet does; the timeline of "undated" has none."""
    if not period:
        return counts
    if period == UNDATED:
        return {}
    return {month: n for month, n in counts.items() if month.startswith(period[:7])}


def _timeline(params: SearchParams, query: QueryDict) -> tuple[Timeline, dict[str, int], list[str], list[str]]:
    """(the timeline without its months, its articles per month, the search's notices, its active filters in
    words). Raises IndexUnavailable."""
    result = search(replace(params, per_page=1, date_facet="month"), resolvers=RESOLVERS, with_tags=False)
    counts = _months_within(params.date, {key: n for key, n in result.counts.get("date", {}).items() if len(key) == 7})
    if len(params.date) == 10 and result.count:
        counts = {params.date[:7]: result.count}  # a day's articles are all in its month
    timeline = Timeline(
        q=params.q, query=query, count=result.count, error=result.error or "", suggestion=result.suggestion
    )
    filters = [
        item.label for facet, items in result.facets.items() if facet != "date" for item in items if item.selected
    ]
    return timeline, counts, result.notices, filters


def timeline_page(data: QueryDict) -> TimelinePage:
    """The page of a search's timeline (`data`: the request's parameters), compared with the `compare` queries when
    given (up to MAX_COMPARED). Bad parameters are left out with a notice, as on the search page. Raises
    IndexUnavailable."""
    asked = only_keys(data, TIMELINE_KEYS)
    params, notices, form = params_from_query(asked)
    query = used_query(asked, params)  # the links carry no value that was ignored
    timeline, counts, search_notices, filters = _timeline(params, query)
    page = TimelinePage(timeline, notices=[*notices, *search_notices], filters=filters)
    page.left_out = left_out(notices, form)
    timeline.filters = ", ".join(filters)
    if params.q and (params.countries or params.organisations or params.sources) and not timeline.error:
        # The same filters without the words: what "oil" in the United States is a share of.
        _, page.filtered, _, _ = _timeline(replace(params, q=""), query)
        page.filtered_name = ", ".join(filters)
    page.filters += _period_words(params)
    lines, series = [timeline], [counts]
    for other in _compared_queries(data, params.q, page.notices):
        other_query = query.copy()
        other_query["q"] = other
        theirs, their_counts, their_notices, _ = _timeline(replace(params, q=other), other_query)
        page.notices += [f"“{other[:60]}”: {notice}" for notice in their_notices]
        if theirs.suggestion:  # a line at zero reads as no attention at all
            page.notices.append(f"“{other[:60]}”: did you mean “{theirs.suggestion}”?")
        if theirs.error:
            page.notices.append(f"Nothing to compare with: “{other[:60]}” cannot be searched. {theirs.error}")
        else:
            lines.append(theirs)
            series.append(their_counts)
    # Every line over the same months (every month from the first any has to the last), the totals read once.
    attention = monthly_attention(*series)
    for line, months in zip(lines, attention, strict=True):
        line.months = months
    if len(lines) > 1:
        page.compared = Comparison(lines[1:], list(zip(*attention, strict=True)))
    return page


def _compared_queries(data: QueryDict, q: str, notices: list[str]) -> list[str]:
    """The `compare` queries: each once, not the page's own, at most MAX_COMPARED (the rest named in a notice)."""
    asked = [printable(value)[:MAX_COMPARE_CHARS] for value in data.getlist("compare")]
    queries = list(dict.fromkeys(value for value in asked if value and value != q))
    if len(queries) > MAX_COMPARED:
        left_out = queries[MAX_COMPARED:]
        left = ", ".join(f"“{value[:60]}”" for value in left_out[:3])
        if len(left_out) > 3:  # six hundred quoted back made the page the request's echo
            left += f" and {len(left_out) - 3} more"
        notices.append(f"A chart compares at most {MAX_COMPARED} searches: {left} left out.")
    return queries[:MAX_COMPARED]


def _period_words(params: SearchParams) -> list[str]:
    words = [date_label(params.date)] if params.date else []
    if params.date_from or params.date_to:
        start = params.date_from.isoformat() if params.date_from else "the first"
        end = params.date_to.isoformat() if params.date_to else "the last"
        words.append(f"{start} to {end}")
    return words


def csv_text(page: TimelinePage) -> str:
    """The page's numbers as CSV (a BOM first, so spreadsheet software reads UTF-8): one row a month, each share as
    a fraction to six places; each compared query's two columns numbered in the order compared. Under filters to
    count against, each line's share of the filtered articles follows, and those articles."""
    others = len(page.compared.others) if page.compared else 0
    compared = [f"compared_{n}_{column}" for n in range(1, others + 1) for column in ("articles", "share_of_month")]
    header = ["month", "articles", "share_of_month", *compared, "all_articles"]
    if page.filtered is not None:
        header += ["share_of_filtered", *(f"compared_{n}_share_of_filtered" for n in range(1, others + 1))]
        header.append("filtered_articles")
    within = page.within_filters().months
    rows = []
    for row_of_month, row_within in zip(page.months, within, strict=True):
        mine, *theirs = row_of_month
        row = [mine.month, mine.count, f"{mine.share:.6f}"]
        for other in theirs:
            row += [other.count, f"{other.share:.6f}"]
        row.append(mine.total)
        if page.filtered is not None:
            row += [f"{line.share:.6f}" for line in row_within]
            row.append(row_within[0].total)
        rows.append(row)
    lines = [page.timeline, *(page.compared.others if page.compared else [])]
    if any(line.without_month for line in lines):
        # The articles no month holds (dated to the year only, or not at all): each line's column sums to its count.
        off_chart = ["without month", lines[0].without_month, ""]
        for other in lines[1:]:
            off_chart += [other.without_month, ""]
        rows.append(off_chart + [""] * (len(header) - len(off_chart)))
    return "".join(spreadsheet_csv(header, rows))


def csv_filename(page: TimelinePage) -> str:
    """The file's name: the queries, then the filters ("timeline-oil-gold-pakistan.csv"), so that downloads of
    several entities' timelines are told apart."""
    queries = [page.timeline.q, *(other.q for other in (page.compared.others if page.compared else []))]
    parts = [*queries, page.timeline.filters]
    return "-".join(["timeline", *(word for word in (slugify(part)[:40] for part in parts) if word)]) + ".csv"


def search_pairs(query: QueryDict) -> list[tuple[str, str]]:
    """The search's parameters a timeline carries, in the order of TIMELINE_KEYS (its links and its forms)."""
    return [(key, value) for key in TIMELINE_KEYS for value in query.getlist(key)]


def timeline_url(query: QueryDict, *, url_name: str = "archive:timeline", compare: Sequence[str] = ()) -> str:
    """The timeline page (or its CSV, `url_name="archive:timeline-export"`, or its JSON, `"api:timeline"`) of a
    search's parameters, compared with the `compare` queries."""
    pairs = [*search_pairs(query), *(("compare", value) for value in compare)]
    return reverse(url_name) + ("?" + urlencode(pairs) if pairs else "")


def _series(line: Timeline, months: list[MonthAttention], within: list[MonthAttention] | None, absolute) -> dict:
    return {
        "q": line.q,
        "articles": line.count,
        "articles_without_month": line.without_month,
        "search_url": absolute(line.search_url),
        "months": [
            {
                "month": m.month,
                "articles": m.count,
                "all_articles": m.total,
                "share": round(m.share, 6),
                "filtered_articles": within[n].total if within else None,
                "share_of_filtered": round(within[n].share, 6) if within else None,
            }
            for n, m in enumerate(months)
        ],
    }


def timeline_dict(page: TimelinePage, absolute=lambda path: path) -> dict:
    """The timeline page as plain data for the API; `absolute` turns a path into a full URL."""
    compare = page.compared.values if page.compared else []
    others = page.compared.others if page.compared else []
    within = page.within_filters().months if page.filtered is not None else None

    def line(n: int, rows: list[tuple[MonthAttention, ...]] | None) -> list[MonthAttention] | None:
        return [row[n] for row in rows] if rows is not None else None

    return {
        "timeline": _series(page.timeline, line(0, page.months), line(0, within), absolute),
        "compared": [
            _series(other, line(n, page.months), line(n, within), absolute) for n, other in enumerate(others, 1)
        ],
        "filtered": page.filtered_name or None,
        "filters": page.filters,
        "notices": page.notices,
        "error": page.timeline.error or None,
        "url": absolute(timeline_url(page.timeline.query, compare=compare)),
        "csv_url": absolute(timeline_url(page.timeline.query, url_name="archive:timeline-export", compare=compare)),
    }

"""Template helpers: facet links and the one way bodies become HTML."""

from __future__ import annotations

from django import template
from django.http import QueryDict

from archive import sanitize
from archive.search import date_label, date_periods, text_highlighter

register = template.Library()


@register.filter
def paragraphs(text: str, query: str = ""):
    """A body as paragraphs; with a query (the search the reader came from), its words marked."""
    return sanitize.paragraphs(text, text_highlighter(query) if query else None)


def _current(context) -> QueryDict:
    """The page's own parameters, without the values it ignored (the view's `query`), else the request's."""
    query = context.get("query")
    return query if query is not None else context["request"].GET


def _with(query: QueryDict, **changes) -> str:
    query = query.copy()
    query.pop("page", None)  # a new filter starts at page 1
    for key, values in changes.items():
        if values is None:
            query.pop(key, None)
        else:
            query.setlist(key, values)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def toggle_filter(context, name: str, value: str) -> str:
    """The URL that adds `value` to the `name` filter, or removes it when already selected."""
    query = _current(context)
    values = query.getlist(name)
    values = [v for v in values if v != value] if value in values else [*values, value]
    return _with(query, **{name: values})


@register.simple_tag(takes_context=True)
def set_filter(context, name: str, value: str = "") -> str:
    """The URL with `name` set to one value (or removed when empty), e.g. a date drill-down."""
    return _with(_current(context), **{name: [value] if value else None})


@register.simple_tag(takes_context=True)
def clear_filters(context) -> str:
    """Keep the query and sort, drop every filter."""
    query = _current(context)
    kept = QueryDict(mutable=True)
    for key in ("q", "sort"):
        if query.get(key):
            kept[key] = query[key]
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else "?"


HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT, HISTOGRAM_GAP = 240, 80, 2


@register.inclusion_tag("archive/includes/histogram.html", takes_context=True)
def date_histogram(context, values) -> dict:
    """Bars for the date facet, drawn server-side as SVG; each bar links to its drill-down."""
    values = date_periods(list(values or []))
    peak = max((item.count for item in values), default=0)
    width = HISTOGRAM_WIDTH / len(values) if values else 0
    bars = []
    for index, item in enumerate(values):
        height = round(HISTOGRAM_HEIGHT * item.count / peak, 1) if peak else 0
        if not item.count:
            height = 0
        bars.append(
            {
                "item": item,
                "x": round(index * width, 1),
                "y": round(HISTOGRAM_HEIGHT - height, 1),
                "width": round(max(width - HISTOGRAM_GAP, 1), 1),
                "height": max(height, 1) if item.count else 0,
                "href": set_filter(context, "date", item.value),
            }
        )
    return {
        "bars": bars,
        "width": HISTOGRAM_WIDTH,
        "height": HISTOGRAM_HEIGHT,
        "first": values[0].label if values else "",
        "last": values[-1].label if len(values) > 1 else "",
    }


@register.filter
def period_label(key: str) -> str:
    """A date facet key as the date list shows it ("2023-06" -> "Jun 2023"): one label format everywhere."""
    return date_label(key) if key else ""


@register.filter
def safe_url(url: str) -> str:
    """Only http(s) URLs become links; anything else (javascript:, data:) is shown as text only."""
    return url if str(url).lower().startswith(("http://", "https://")) else ""


@register.simple_tag(takes_context=True)
def page_links(context, result) -> list[dict]:
    """Numbered page links around the current page, with gaps marked by None."""
    pages, current = result.pages, result.page
    wanted = {1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)}
    links, previous = [], 0
    for number in sorted(wanted):
        if number - previous > 1:
            links.append(None)
        query = _current(context).copy()
        query["page"] = number
        links.append({"number": number, "href": f"?{query.urlencode()}", "current": number == current})
        previous = number
    return links

"""Template helpers of the entity pages: links to an entity's page, and the attention chart (also a search's
timeline's)."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe

from archive.entity_pages import entity_url

register = template.Library()

# The search page's parameter names (and the entity kinds themselves) -> entity kind.
KIND_OF = {"country": "country", "org": "organisation", "organisation": "organisation", "source": "source"}
CHART_WIDTH, CHART_HEIGHT, CHART_GAP = 720, 160, 1


@register.simple_tag
def entity_link(kind: str, key: str) -> str:
    """The entity page of a facet value or tag (`kind`: country, org, organisation or source)."""
    return entity_url(KIND_OF[kind], key)


@register.simple_tag
def combined_search(page, other_kind: str, other_key: str) -> str:
    return page.combined_url(other_kind, other_key)


def bar_height(count: float, peak: float, scale: str) -> float:
    """A bar's height: proportional to the count (or percentage), or to log(1 + count) on the log scale."""
    if not count or not peak:
        return 0.0
    if scale == "log":
        return CHART_HEIGHT * math.log1p(count) / math.log1p(peak)
    return CHART_HEIGHT * count / peak


@register.inclusion_tag("archive/includes/attention_chart.html")
def attention_chart(page, scale: str = "linear", measure: str = "articles", compared=None, filtered: str = "") -> dict:
    """Articles per month as server-drawn SVG bars, each linking to that month's search; empty months drawn flat.
    `page` (an entity page, or a search's timeline) gives its `name`, `months` and `month_search`.
    `measure="share"`: each bar the month's share of all articles about the entity (its normalised attention, which
    a month with more articles in the archive does not inflate); `"within"` (a filtered search's timeline, its
    months' totals the articles under its `filtered` filters): the share of those. `compared`
    (entity_pages.Comparison): other entities' or queries' months, each drawn as a line over the bars, all on one
    scale, over the months any has."""
    if compared is not None:
        months = [row[0] for row in compared.months]
        series = [[row[n] for row in compared.months] for n in range(1, len(compared.others) + 1)]
    else:
        months, series = page.months, []
    value = (lambda month: month.count) if measure == "articles" else (lambda month: 100 * month.share)
    peak = max((value(m) for m in (*months, *(m for line in series for m in line))), default=0)
    width = CHART_WIDTH / len(months) if months else 0
    month_search = page.month_search  # + "date=<the month>": reversed once, not once a month
    bars = []
    for index, month in enumerate(months):
        height = round(bar_height(value(month), peak, scale), 1)
        bars.append(
            {
                "month": month,
                "percent": f"{100 * month.share:.1f}",
                "x": round(index * width, 2),
                "y": round(CHART_HEIGHT - max(height, 1), 1),
                "width": round(max(width - CHART_GAP, 0.5), 2),
                "height": max(height, 1),
                "href": month_search + urlencode({"date": month.month}),
                "others": [line[index] for line in series],
            }
        )
    lines = []
    for other, line in zip(compared.others if compared is not None else [], series, strict=True):
        points = [
            {
                "x": round((index + 0.5) * width, 2),
                "y": round(CHART_HEIGHT - bar_height(value(month), peak, scale), 1),
                "month": month,
            }
            for index, month in enumerate(line)
        ]
        lines.append({"name": other.name, "points": points, "line": " ".join(f"{p['x']},{p['y']}" for p in points)})
    return {
        "page": page,
        "bars": bars,
        "lines": lines,
        "scale": scale,
        "measure": measure,
        "filtered": filtered,  # what each share is out of, with measure="within"
        "peak": intcomma(peak) if measure == "articles" else f"{peak:.1f}%",
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "first": months[0].label if months else "",
        "last": months[-1].label if months else "",
    }


# A chart's bar and a table's row for each month (a century of months in the million-article benchmark): the markup
# of the template loops they replaced, each value escaped as the template escaped it, the numbers grouped as
# `intcomma` groups them (tests/web/test_attention_markup.py compares the two byte for byte). format_html and
# intcomma per value were two thirds of a million-article entity page.
_BAR = (
    '<a href="{href}" tabindex="-1"><rect x="{x}" y="{y}" width="{width}" height="{height}"><title>{label}: {count} '
    "of {total} ({percent}%)</title></rect></a>\n    "
)
_EMPTY_BAR = '<rect class="empty" x="{x}" y="{y}" width="{width}" height="1"><title>{label}: 0</title></rect>\n    '
_CELLS = "<td>{count}</td><td>{percent}%</td><td>{total}</td></tr>\n    "
_ROW = '<tr><th scope="row"><a href="{href}">{label}</a></th>' + _CELLS
_EMPTY_ROW = '<tr class="zero"><th scope="row">{label}</th>' + _CELLS
# Compared with other entities or queries: each one's articles and share after the page's own ({others}).
_COMPARED_CELLS = "<td>{count}</td><td>{percent}%</td>{others}<td>{total}</td></tr>\n    "
_COMPARED_ROW = '<tr><th scope="row"><a href="{href}">{label}</a></th>' + _COMPARED_CELLS
_COMPARED_EMPTY_ROW = '<tr class="zero"><th scope="row">{label}</th>' + _COMPARED_CELLS
_OTHER_CELLS = "<td>{count}</td><td>{percent:.1f}%</td>"
_POINT = '<circle cx="{x}" cy="{y}" r="3"><title>{label}: {count} of {total} ({percent}%)</title></circle>\n    '


def thousands() -> Callable[[int], str]:
    """`intcomma` for whole numbers in the active language, its format settings looked up once, not per number:
    Python's own grouping by threes where the language groups so (8× cheaper than Django's `numberformat`, a
    chart writes two numbers a month), `intcomma` itself for any other grouping."""
    separator, grouping = get_format("THOUSAND_SEPARATOR"), get_format("NUMBER_GROUPING")
    if grouping == 3:
        return lambda number: f"{number:,}".replace(",", separator)
    return intcomma


def _months(bars, with_articles: str, without: str) -> SafeString:
    group = thousands()
    with_others = "{others}" in with_articles  # the compared table's rows: the others' cells

    def others(bar) -> str:
        if not with_others:
            return ""
        cells = (_OTHER_CELLS.format(count=group(other.count), percent=100 * other.share) for other in bar["others"])
        return "".join(cells)

    return mark_safe(  # noqa: S308 - every value below is escaped or a number formatted here
        "".join(
            (with_articles if bar["month"].count else without).format(
                href=escape(bar["href"]),
                label=escape(bar["month"].label),
                count=group(bar["month"].count),
                total=group(bar["month"].total),
                percent=bar["percent"],
                others=others(bar),
                x=bar["x"],
                y=bar["y"],
                width=bar["width"],
                height=bar["height"],
            )
            for bar in bars
        )
    )


@register.simple_tag
def attention_bars(bars) -> SafeString:
    """The chart's SVG bars: a link for a month with articles, a flat empty bar for one without."""
    return _months(bars, _BAR, _EMPTY_BAR)


@register.simple_tag
def attention_rows(bars) -> SafeString:
    """The numbers table's rows, one a month, the month linked to its search when it has articles (and the
    compared entities' or queries' articles and shares beside the page's own)."""
    if bars and bars[0]["others"]:
        return _months(bars, _COMPARED_ROW, _COMPARED_EMPTY_ROW)
    return _months(bars, _ROW, _EMPTY_ROW)


@register.simple_tag
def compared_points(points) -> SafeString:
    """A compared entity's or query's months as points on its line, each with its numbers as a tooltip."""
    group = thousands()
    return mark_safe(  # noqa: S308 - every value below is escaped or a number formatted here
        "".join(
            _POINT.format(
                x=point["x"],
                y=point["y"],
                label=escape(point["month"].label),
                count=group(point["month"].count),
                total=group(point["month"].total),
                percent=f"{100 * point['month'].share:.1f}",
            )
            for point in points
        )
    )

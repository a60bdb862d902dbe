"""Template helpers of the entity pages: links to an entity's page, and the attention chart."""

from __future__ import annotations

import math

from django import template

from archive.entity_pages import entity_url, search_url

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


def bar_height(count: int, peak: int, scale: str) -> float:
    """A bar's height: proportional to the count, or to log(1 + count) on the log scale."""
    if not count or not peak:
        return 0.0
    if scale == "log":
        return CHART_HEIGHT * math.log1p(count) / math.log1p(peak)
    return CHART_HEIGHT * count / peak


@register.inclusion_tag("archive/includes/attention_chart.html")
def attention_chart(page, scale: str = "linear") -> dict:
    """Articles per month as server-drawn SVG bars, each linking to that month's search; empty months drawn flat."""
    months = page.profile.months if page.profile else []
    peak = max((m.count for m in months), default=0)
    width = CHART_WIDTH / len(months) if months else 0
    bars = []
    for index, month in enumerate(months):
        height = round(bar_height(month.count, peak, scale), 1)
        bars.append(
            {
                "month": month,
                "percent": f"{100 * month.share:.1f}",
                "x": round(index * width, 2),
                "y": round(CHART_HEIGHT - max(height, 1), 1),
                "width": round(max(width - CHART_GAP, 0.5), 2),
                "height": max(height, 1),
                "href": search_url(page.kind, page.key, date=month.month),
            }
        )
    return {
        "page": page,
        "bars": bars,
        "scale": scale,
        "peak": peak,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "first": months[0].label if months else "",
        "last": months[-1].label if months else "",
    }

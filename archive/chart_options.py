"""The attention chart's choices, read from a request and written into the links that switch them: the measure
(articles, their share of all the month's articles, or on a filtered search's timeline their share of the month's
articles under its filters), the scale (linear or logarithmic) and what is compared. Shared by the entity pages and
a search's timeline, whose links also carry the search itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

SCALES = ("linear", "log")
MEASURES = ("articles", "share")  # the chart's bars: the articles, or their share of the month's
# A search under filters (a country, an organisation, a source) can also be measured against the filters' own
# articles: "oil" in the United States as a share of the month's articles about the United States.
FILTERED_MEASURES = (*MEASURES, "within")
MEASURE_LABELS = {"articles": "articles", "share": "share of the month", "within": "share of the filtered articles"}
DEFAULTS = ("linear", "articles")


def chosen(data: Mapping[str, str], measures: Sequence[str] = MEASURES) -> tuple[str, str, list[str]]:
    """(scale, measure) asked for, an unknown value (or one not among `measures`) read as the default and named in
    the notices (a link typed by hand, or a "within" measure kept from a filtered search)."""
    scale, measure = data.get("scale", ""), data.get("measure", "")
    notices = []
    if scale and scale not in SCALES:
        notices.append(f"Ignored the scale “{scale[:20]}”: choose {' or '.join(SCALES)}; showing linear.")
    if measure and measure not in measures:
        if measure in FILTERED_MEASURES:
            notices.append(
                "A share of the filtered articles needs a filter (a country, an organisation or a source);"
                " showing articles."
            )
        else:
            notices.append(f"Ignored the measure “{measure[:20]}”: choose {', '.join(measures)}; showing articles.")
    return (scale if scale in SCALES else "linear"), (measure if measure in measures else "articles"), notices


def chart_query(scale: str, measure: str, compare: Sequence[str] = (), *, keep: Sequence[tuple[str, str]] = ()) -> str:
    """A page's address for a choice of chart (`?scale=log&measure=share&compare=country:RU`), the defaults left
    out, after the parameters to `keep` (a timeline's search); one `compare` for each thing compared."""
    # Only the choices are left out at their defaults: a compared query may well be the word "linear".
    choices = [(key, value) for key, value in (("scale", scale), ("measure", measure)) if value not in DEFAULTS]
    return "?" + urlencode([*keep, *choices, *(("compare", value) for value in compare if value)], safe=":")


def switch_links(
    scale: str,
    measure: str,
    compare: Sequence[str] = (),
    *,
    keep: Sequence[tuple[str, str]] = (),
    measures: Sequence[str] = MEASURES,
) -> dict:
    """The "Show:" and "Scale:" links, each keeping the other choice: (label, href, current) each."""
    return {
        "scale_links": [
            (label, chart_query(value, measure, compare, keep=keep), value == scale)
            for value, label in zip(SCALES, ("linear", "logarithmic"), strict=True)
        ],
        "measure_links": [
            (MEASURE_LABELS[value], chart_query(scale, value, compare, keep=keep), value == measure)
            for value in measures
        ],
        "stop_comparing": chart_query(scale, measure, keep=keep),
    }

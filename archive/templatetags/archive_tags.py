"""Template helpers: facet links and the one way bodies become HTML."""

from __future__ import annotations

import math
import re
from html import escape
from urllib.parse import quote_plus

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from archive import sanitize
from archive.advanced_search import advanced_search_url
from archive.citations import written_names
from archive.concordance import concordance_url
from archive.dates import UNDATED
from archive.search import date_label, date_periods, text_highlighter
from archive.timelines import timeline_url

register = template.Library()


def _html(value) -> str:
    """A value as format_html writes it (conditional_escape: our own safe markup kept, anything else escaped),
    without the lazy-string checks that made escaping half the cost of a facet list or a result's tag chips."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


@register.filter
def paragraphs(text: str, query: str = ""):
    """A body as paragraphs; with a query (the search the reader came from), its words marked."""
    return sanitize.paragraphs(text, text_highlighter(query) if query else None)


# A language tag as imports keep it ("fr", "pt-BR", "zh-Hant"); other values say nothing of a language.
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
# Languages written right to left (their usual scripts): their words are laid out from the right.
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


def language_attributes(language: str) -> tuple[str, bool]:
    """(` lang="fr"`, or ` lang="ar" dir="rtl"`; and whether it is written right to left) for words in
    `language`; ("", False) for English, the pages' own language, or a value that names no language."""
    code = (language or "").lower()
    if code == "en" or not _LANGUAGE_TAG.fullmatch(code):
        return "", False
    rtl = code.split("-", 1)[0] in RIGHT_TO_LEFT
    return f' lang="{code}"' + (' dir="rtl"' if rtl else ""), rtl


@register.filter
def lang_of(article) -> SafeString:
    """` lang="fr"` for an article's own words (title, text) when they are not in the pages' language, so a
    screen reader speaks them in theirs (WCAG 3.1.2), with ` dir="rtl"` for a language written right to left
    (Arabic laid out from the right, its full stops at the sentence's end); nothing for English or no language."""
    return mark_safe(language_attributes(getattr(article, "language", ""))[0])  # noqa: S308 - a checked tag


def _current(context) -> QueryDict:
    """The page's own parameters, without the values it ignored (the view's `query`), else the request's."""
    query = context.get("query")
    return query if query is not None else context["request"].GET


def _encoded(key: str, values: list, encoding: str) -> list[str]:
    # As QueryDict.urlencode writes each pair (urlencode's quote_plus of the encoded key and value, without a
    # dictionary and urlencode's type checks for each of a facet list's links).
    name = quote_plus(key.encode(encoding))
    return [f"{name}={quote_plus(str(value).encode(encoding))}" for value in values]


def _filter_parts(context, name: str) -> tuple[str, str, list[str], str]:
    """What every link changing `name` on this page shares: the query's other parameters, encoded, before and
    after `name`'s place (page dropped: a new filter starts at page 1), and its values. Worked out once per
    render: a facet list has a link a value, the date facet two a period (its bar and its line)."""
    query = _current(context)
    key = ("filter_parts", id(query), name)
    cached = context.render_context.get(key)
    if cached is None or cached[0] is not query:
        before: list[str] = []
        after: list[str] = []
        side = before
        for other, values in query.lists():
            if other == name:
                side = after
            elif other != "page":
                side.extend(_encoded(other, values, query.encoding))
        cached = (query, "&".join(before), "&".join(after), query.getlist(name), query.encoding)
        context.render_context[key] = cached
    return cached[1:]


def _link(context, name: str, values: list[str]) -> str:
    """The page's URL with `values` for `name` (in its place, or last when new; none: removed) and no page: what
    copying the query, setting the list and encoding it all writes, without doing so for every link."""
    before, after, _, encoding = _filter_parts(context, name)
    encoded = "&".join(part for part in (before, *_encoded(name, values, encoding), after) if part)
    return f"?{encoded}" if encoded else "?"


@register.filter
def byline_names(author: str) -> str:
    """A byline's writers as a list shows them after "by" ("By Ann Lee and Bo Wu": "Ann Lee and Bo Wu"), named as
    the article's page and its citations name them."""
    names = written_names(author)
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


@register.simple_tag(takes_context=True)
def toggle_filter(context, name: str, value: str) -> str:
    """The URL that adds `value` to the `name` filter, or removes it when already selected."""
    values = _filter_parts(context, name)[2]
    return _link(context, name, [v for v in values if v != value] if value in values else [*values, value])


@register.simple_tag(takes_context=True)
def set_filter(context, name: str, value: str = "") -> str:
    """The URL with `name` set to one value (or removed when empty), e.g. a date drill-down."""
    return _link(context, name, [value] if value else [])


@register.simple_tag(takes_context=True)
def without_date_bound(context, bound: str) -> str:
    """The URL without the "from" (or "to") date the page shows, the other bound kept as the page reads it: dates
    given the wrong way round are swapped (`forms.params_from_query`), so the parameter named `bound` may hold the
    other one."""
    params = context["params"]
    query = _current(context).copy()
    for key in ("page", "from", "to", "date_from", "date_to"):  # the advanced form's names too
        query.pop(key, None)
    kept = params.date_to if bound == "from" else params.date_from
    if kept:
        query["to" if bound == "from" else "from"] = kept.isoformat()
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


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
LOG_SCALE_FROM = 20  # the largest bar this many times the smallest: heights on a log scale, so none vanishes


def _bar_heights(counts: list[int]) -> tuple[list[float], bool]:
    """Bar heights for the counts, and whether they are on a log scale (every count but 0 stays visible)."""
    peak = max(counts, default=0)
    low = min((count for count in counts if count), default=0)
    log = bool(low) and peak / low >= LOG_SCALE_FROM
    if not peak:
        return [0.0] * len(counts), False
    if log:
        top = math.log1p(peak)
        return [max(round(HISTOGRAM_HEIGHT * math.log1p(c) / top, 1), 2) if c else 0 for c in counts], True
    return [max(round(HISTOGRAM_HEIGHT * c / peak, 1), 1) if c else 0 for c in counts], False


# The histogram's markup, each value escaped or formatted here: its template's loop over some thirty bars cost more
# than the rest of the date facet. A picture of the list below it, which holds the same links and counts: hidden
# from assistive technology, and its bars out of the tab order, so a keyboard or a screen reader meets each period
# once, in the list.
_HISTOGRAM = (
    '<figure class="histogram">\n  <svg viewBox="0 0 {width} {height}" width="100%" height="{height}" '
    'aria-hidden="true" focusable="false">{bars}\n  </svg>\n  <figcaption><span>{first}</span>{log}{last}'
    "</figcaption>\n</figure>\n"
)
_BAR = (
    '\n    <a href="{href}" tabindex="-1">\n      <rect x="{x}" y="{y}" width="{width}" height="{height}"{selected}>'
    "<title>{label}: {count}</title></rect>\n    </a>"
)
_EMPTY_BAR = '\n    <rect class="empty" x="{x}" y="{y}" width="{width}" height="1"><title>{label}: 0</title></rect>'


@register.simple_tag(takes_context=True)
def date_histogram(context, values) -> SafeString:
    """Bars for the date facet's periods (every one in the range, zeros too), drawn server-side as SVG; each
    bar links to its drill-down. The undated bucket is listed, not drawn: it has no place on a time axis."""
    from archive.templatetags.entity_tags import thousands

    values = [item for item in date_periods(list(values or [])) if item.value != UNDATED]
    if not values:
        return mark_safe("")
    heights, log = _bar_heights([item.count for item in values])
    step = HISTOGRAM_WIDTH / len(values)
    width = round(max(step - HISTOGRAM_GAP, 1), 1)
    count = thousands() if settings.USE_THOUSAND_SEPARATOR else str
    bars = "".join(
        _BAR.format(
            href=_html(set_filter(context, "date", item.value)),
            x=round(index * step, 1),
            y=round(HISTOGRAM_HEIGHT - height, 1),
            width=width,
            height=height,
            selected=' class="selected"' if item.selected else "",
            label=_html(item.label),
            count=count(item.count),
        )
        if item.count
        else _EMPTY_BAR.format(x=round(index * step, 1), y=HISTOGRAM_HEIGHT - 1, width=width, label=_html(item.label))
        for index, (item, height) in enumerate(zip(values, heights, strict=True))
    )
    return mark_safe(  # noqa: S308 - our markup around values each escaped here (or a number formatted here)
        _HISTOGRAM.format(
            width=HISTOGRAM_WIDTH,
            height=HISTOGRAM_HEIGHT,
            bars=bars,
            first=_html(values[0].label),
            log='<span class="scale">log scale</span>' if log else "",
            last=f"<span>{_html(values[-1].label)}</span>" if len(values) > 1 else "",
        )
    )


_DATE_ITEM = (
    '\n    <li{li_class}>\n      <a href="{href}"{current}><span class="label">{label}</span> '
    '<span class="count">{count}</span></a>\n    </li>'
)
_EMPTY_DATE_ITEM = '\n    <li class="zero"><span class="label">{label}</span> <span class="count">0</span></li>'


def _date_item_class(item) -> str:
    classes = ("selected" if item.selected else "") + (" undated" if item.value == UNDATED else "")
    return f' class="{classes}"' if classes else ""


@register.simple_tag(takes_context=True)
def date_items(context, values) -> SafeString:
    """The date list's <li>: every period between the first and the last (empty ones at zero, not links), the
    undated bucket last; each a link to its drill-down (the same markup its template loop wrote, built here)."""
    from archive.templatetags.entity_tags import thousands

    count = thousands() if settings.USE_THOUSAND_SEPARATOR else str
    return mark_safe(  # noqa: S308 - our markup around values each escaped here (or a number formatted here)
        "".join(
            _DATE_ITEM.format(
                li_class=_date_item_class(item),
                href=_html(set_filter(context, "date", item.value)),
                current=' aria-current="true"' if item.selected else "",
                label=_html(item.label),
                count=count(item.count),
            )
            if item.count or item.selected
            else _EMPTY_DATE_ITEM.format(label=_html(item.label))
            for item in date_periods(list(values or []))
        )
    )


_PARTS = {"year": "months", "month": "days"}


@register.simple_tag
def dated_only_to_period(result) -> str:
    """A drilled period's note: how many of its articles are dated to it alone ("1987"), so its months
    ("Mar 1987", …) add up to fewer; "" when they add up to all of them, or the counts cover part of the index."""
    period = result.params.date
    if not period or period == UNDATED or result.partial or len(period) not in (4, 7):
        return ""
    level = "year" if len(period) == 4 else "month"
    placed = sum(count for value, count in result.counts.get("date", {}).items() if value != UNDATED)
    alone = result.count - placed
    if alone <= 0:
        return ""
    from archive.templatetags.entity_tags import thousands

    count = thousands() if settings.USE_THOUSAND_SEPARATOR else str
    articles = "1 article of {label} is" if alone == 1 else "{alone} articles of {label} are"
    return (articles + " dated to the {level} only: counted in it, in none of its {parts}.").format(
        alone=count(alone), label=date_label(period), level=level, parts=_PARTS[level]
    )


@register.simple_tag
def search_query(q: str, filters: str = "") -> str:
    """A search's query string from its words and its filters (already a query string): a batch line's search,
    which its query and its best articles (as their way back, `?back=`) link to."""
    return "&".join(part for part in (f"q={quote_plus(q)}", filters) if part)


@register.filter
def in_quotes(query: str) -> str:
    """A query as a sentence quotes it: “oil prices”; a query that is one "phrase" in its own quotes once
    (“third world debt”, not “"third world debt"”)."""
    text = str(query)
    if len(text) > 1 and text[0] == text[-1] == '"' and text.count('"') == 2:
        text = text[1:-1]
    return f"“{text}”"


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
        links.append(
            {
                "number": number,
                "href": f"?{query.urlencode()}",
                "current": number == current,
                "near": abs(number - current) <= 1,  # what a phone shows beside "page N of M"
            }
        )
        previous = number
    return links


# One facet value of the search page's lists (templates/archive/includes/facet.html): a page lists some two
# hundred, and the template engine took a third of the page's time on them; the same markup, written here
# with each value escaped (`_html`), in a variant per state: selected or not, the eleventh (which
# opens "Show N more"), the last after a tenth (which closes it).
_FACET_ITEM = """
    {more}
    <li{li_class}{{names}}>
      <a href="{{href}}"{current}>
        <span class="box" aria-hidden="true">{box}</span>
        <span class="visually-hidden">{action}</span>
        <span class="label">{{label}}</span>
        <span class="count">{{count}}</span>
      </a>
      <a class="profile" href="{{profile}}" aria-label="{{label}}: profile page" title="Profile page">i</a>
    </li>
    {end}
    """
_FACET_MORE = (
    '</ul><details class="more"><summary><span class="when-closed">Show {more} more</span>'
    '<span class="when-open">Show fewer</span></summary><ul>'
)
_FACET_ITEMS = {
    (selected, opens, closes): _FACET_ITEM.format(
        more=_FACET_MORE if opens else "",
        li_class=' class="selected"' if selected else "",
        current=' aria-current="true"' if selected else "",
        box="☑" if selected else "☐",
        action="Remove filter: " if selected else "Add filter: ",
        end="</ul></details>" if closes else "",
    )
    for selected in (False, True)
    for opens in (False, True)
    for closes in (False, True)
}


@register.simple_tag(takes_context=True)
def facet_items(context, name: str, values) -> SafeString:
    """The <li> of each value of a facet list, the eleventh on in a "Show N more" <details>; its `data-names` (code,
    acronym, other names) are matched by the list's filter box (static/archive/facets.js) as its label is."""
    from archive.entity_pages import entity_urls, other_names
    from archive.templatetags.entity_tags import KIND_OF, thousands

    values = list(values or [])
    profile_url = entity_urls(KIND_OF[name])
    # Only a list long enough to get the filter box (facet.html) needs them.
    names = other_names(KIND_OF[name], [item.value for item in values]) if len(values) > 10 else {}
    # What {{ item.count }} writes, its format settings looked up once: the number, grouped in the active
    # language only with USE_THOUSAND_SEPARATOR (render_value_in_context looked them up for every value).
    count = thousands() if settings.USE_THOUSAND_SEPARATOR else str
    return mark_safe(  # noqa: S308 - our markup around values each escaped here (or a number formatted here)
        "".join(
            _FACET_ITEMS[bool(item.selected), number == 11, number == len(values) and number > 10].format(
                more=len(values) - 10,
                href=_html(toggle_filter(context, name, item.value)),
                label=_html(item.label),
                count=count(item.count),
                profile=_html(profile_url(item.value)),
                names=f' data-names="{_html(names[item.value])}"' if item.value in names else "",
            )
            for number, item in enumerate(values, start=1)
        )
    )


# A search result's country or organisation chips, each followed by its profile link: the markup of the loop that
# included includes/profile_link.html once per tag (an include a tag, some forty a page, cost more than the rest
# of the result list), each value escaped as the template did.
_CHIPS = {
    kind: f'<a class="chip{extra}" href="{{search}}?{param}={{key}}">{{label}}</a><a class="profile" '
    'href="{profile}" aria-label="{label}: profile page" title="Profile page">i</a>\n'
    for kind, extra, param in (("country", "", "country"), ("organisation", " org", "org"))
}


@register.simple_tag
def tag_chips(kind: str, tags) -> SafeString:
    """The chips of a result's active country tags (`kind` "country") or organisation tags ("organisation")."""
    from archive.entity_pages import entity_urls, search_path

    search = _html(search_path())
    profile_url = entity_urls(kind)
    if kind == "country":
        pairs = ((tag.country.code, tag.country.name) for tag in tags)
    else:
        pairs = ((tag.organisation.slug, tag.organisation.label) for tag in tags)
    return mark_safe(  # noqa: S308 - our markup around values each escaped here
        "".join(
            _CHIPS[kind].format(search=search, key=_html(key), label=_html(label), profile=_html(profile_url(key)))
            for key, label in pairs
        )
    )


@register.simple_tag
def timeline_link(query: QueryDict) -> str:
    """The search's timeline page: its articles month by month (archive/timelines.py)."""
    return timeline_url(query)


@register.simple_tag
def concordance_link(query: QueryDict) -> str:
    """The search's key words in context (archive/concordance.py)."""
    return concordance_url(query)


@register.simple_tag
def advanced_search_link(query: QueryDict) -> str:
    """The advanced search form, filled in with the search (archive/advanced_search.py)."""
    return advanced_search_url(query)

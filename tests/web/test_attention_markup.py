"""entity_tags.attention_bars/attention_rows write the chart's bars and table rows as the loops they replaced did."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.utils import translation

from archive.entity_pages import search_url
from archive.search import EntityProfile, MonthAttention
from archive.templatetags.entity_tags import attention_chart

# The loops of templates/archive/includes/attention_chart.html that the two tags took the place of.
BAR_LOOP = """{% for bar in bars %}{% if bar.month.count %}<a href="{{ bar.href }}" tabindex="-1"><rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.width }}" height="{{ bar.height }}"><title>{{ bar.month.label }}: {{ bar.month.count|intcomma }} of {{ bar.month.total|intcomma }} ({{ bar.percent }}%)</title></rect></a>{% else %}<rect class="empty" x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.width }}" height="1"><title>{{ bar.month.label }}: 0</title></rect>{% endif %}
    {% endfor %}"""  # noqa: E501
ROW_LOOP = """{% for bar in bars %}<tr{% if not bar.month.count %} class="zero"{% endif %}><th scope="row">{% if bar.month.count %}<a href="{{ bar.href }}">{{ bar.month.label }}</a>{% else %}{{ bar.month.label }}{% endif %}</th><td>{{ bar.month.count|intcomma }}</td><td>{{ bar.percent }}%</td><td>{{ bar.month.total|intcomma }}</td></tr>
    {% endfor %}"""  # noqa: E501


def _with_loops() -> Template:
    """The chart's template as it was: the same around the bars and rows, the loops in place of the tags."""
    source = get_template("archive/includes/attention_chart.html").template.source
    assert source.count("{% attention_bars bars %}\n") == 1 and source.count("{% attention_rows bars %}\n") == 1
    return Template(
        source.replace("{% attention_bars bars %}\n", BAR_LOOP + "\n").replace(
            "{% attention_rows bars %}\n", ROW_LOOP + "\n"
        )
    )


def _page(counts: list[int], kind: str = "organisation", key: str = "imf & co") -> SimpleNamespace:
    months = [
        MonthAttention(f"{1987 + n // 12:04d}-{n % 12 + 1:02d}", count, count * 7 + n * 1234)
        for n, count in enumerate(counts)
    ]
    profile = EntityProfile(kind=kind, value=key, count=sum(counts), months=months)
    return SimpleNamespace(
        kind=kind,
        key=key,
        name='A "quoted" <b>name</b> & co',
        profile=profile,
        months=months,
        month_search=search_url(kind, key) + "&",
    )


@pytest.mark.parametrize("scale", ["linear", "log"])
@pytest.mark.parametrize(
    "counts",
    [[1], [0, 3, 0], [5, 0, 0, 12, 1234567, 0, 2], [n * n % 7 for n in range(150)]],
    ids=["1", "3", "7", "150"],
)
def test_the_chart_and_table_are_the_loops_markup(counts, scale):
    # GIVEN an entity's months (empty ones, counts to group by thousands, a name to escape) on either scale
    page = _page(counts)
    chart = attention_chart(page, scale)
    # WHEN the chart is written by the tags and by the loops they replaced
    new = render_to_string("archive/includes/attention_chart.html", chart)
    old = _with_loops().render(Context(chart))
    # THEN the two are the same, byte for byte
    assert new == old
    assert new.count("<rect") == len(counts) and new.count("<tr") == len(counts) + 1
    assert new.count('class="empty"') == counts.count(0)


@pytest.mark.parametrize("language", ["de", "fr", "hi", "en-gb"])
def test_numbers_are_grouped_as_intcomma_groups_them_in_any_language(language):
    # GIVEN months with counts in the millions, in languages that group digits their own way
    page = _page([1234567, 0, 12345678])
    chart = attention_chart(page, "linear")
    # WHEN the chart is written in that language
    with translation.override(language):
        html = render_to_string("archive/includes/attention_chart.html", chart)
        expected = [(intcomma(m.count), intcomma(m.total)) for m in page.profile.months]
    # THEN the table's counts are grouped as intcomma groups them there
    assert re.findall(r"<td>([^<]*)</td><td>[^<]*%</td><td>([^<]*)</td>", html) == expected
    # AND the chart's coordinates stay SVG numbers (the loop wrote "12,5" in German: no valid SVG)
    rects = " ".join(re.findall(r"<rect ([^>]*)>", html))
    coordinates = re.findall(r'(?:x|y|width|height)="([^"]*)"', rects)
    assert len(coordinates) == 12 and all(re.fullmatch(r"\d+(\.\d+)?", value) for value in coordinates)


def test_each_month_links_to_its_search():
    # GIVEN a country's months WHEN the chart is drawn THEN each bar links to the entity's search for that month
    page = _page([2, 0, 1], kind="country", key="PK")
    for bar in attention_chart(page, "linear")["bars"]:
        assert bar["href"] == search_url("country", "PK", date=bar["month"].month)

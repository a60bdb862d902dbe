"""archive_tags.facet_items writes a facet list's values as the template loop it replaced did, byte for byte, and
the other names a long list's filter box matches."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template import Context, Template

from archive.search import FacetValue

# The loop of templates/archive/includes/facet.html before {% facet_items %} took its place.
LOOP = """{% load archive_tags entity_tags %}{% for item in values %}
    {% if forloop.counter == 11 %}</ul><details class="more"><summary><span class="when-closed">Show {{ values|length|add:-10 }} more</span><span class="when-open">Show fewer</span></summary><ul>{% endif %}
    <li{% if item.selected %} class="selected"{% endif %}>
      <a href="{% toggle_filter name item.value %}"{% if item.selected %} aria-current="true"{% endif %}>
        <span class="box" aria-hidden="true">{% if item.selected %}☑{% else %}☐{% endif %}</span>
        <span class="visually-hidden">{% if item.selected %}Remove filter: {% else %}Add filter: {% endif %}</span>
        <span class="label">{{ item.label }}</span>
        <span class="count">{{ item.count }}</span>
      </a>
      <a class="profile" href="{% entity_link name item.value %}" aria-label="{{ item.label }}: profile page" title="Profile page">i</a>
    </li>
    {% if forloop.last and forloop.counter > 10 %}</ul></details>{% endif %}
    {% endfor %}"""  # noqa: E501
TAG = "{% load archive_tags %}{% facet_items name values %}"


def _values(count: int, selected: set[int]) -> list[FacetValue]:
    labels = ["Côte d'Ivoire", 'A "quoted" <b>label</b> & co', "Fed", "中国"]
    return [
        FacetValue(f"v{n}-{'&' if n % 3 else 'x'}", labels[n % len(labels)], 12345 * n, n in selected)
        for n in range(count)
    ]


@pytest.fixture
def no_other_names(monkeypatch):
    """Values no entity of the database has: no other names (the loop wrote none)."""
    from archive import entity_pages

    monkeypatch.setattr(entity_pages, "other_names", lambda kind, keys: {})


@pytest.mark.parametrize("count", [0, 1, 9, 10, 11, 12, 25])
@pytest.mark.parametrize("name", ["country", "org", "source"])
def test_facet_items_are_the_loops_markup(count, name, no_other_names):
    # GIVEN a facet's values (some selected, labels to escape) and the page's query
    values = _values(count, selected={0, 10, 11})
    query = QueryDict("q=oil+%26+gas&country=v0-x&page=2&sort=newest")
    # WHEN the list is written by the tag and by the loop it replaced
    new = Template(TAG).render(Context({"name": name, "values": values, "query": query}))
    old = Template(LOOP).render(Context({"name": name, "values": values, "query": query}))
    # THEN the two are the same, byte for byte
    assert new == old
    assert new.count("<li") == count


@pytest.mark.parametrize("count", [10, 11])
def test_a_list_long_enough_to_filter_gives_each_value_its_other_names_escaped(count, monkeypatch):
    from archive import entity_pages

    # GIVEN a country list's values, one with other names holding markup
    asked = []
    other = 'uk · "britain" <b>'
    monkeypatch.setattr(entity_pages, "other_names", lambda kind, keys: asked.append(kind) or {"v1-&": other})
    values = _values(count, selected=set())
    # WHEN the list is written
    html = Template(TAG).render(Context({"name": "country", "values": values, "query": QueryDict("q=oil")}))
    # THEN a list long enough for the filter box (more than ten) carries them for it, escaped; a shorter one does
    # not ask for them
    if count > 10:
        assert asked == ["country"]
        assert '<li data-names="uk · &quot;britain&quot; &lt;b&gt;">' in html and html.count("data-names") == 1
    else:
        assert asked == [] and "data-names" not in html


@pytest.mark.parametrize("language", ["en-gb", "de", "fr", "hi"])
@pytest.mark.parametrize("grouped", [False, True])
def test_facet_counts_are_written_as_the_loop_wrote_them_in_every_language(settings, language, grouped, no_other_names):
    from django.utils import translation

    # GIVEN counts in the thousands and millions, a language, and thousands grouped or not
    settings.USE_THOUSAND_SEPARATOR = grouped
    values = [FacetValue("a", "A", 1234567), FacetValue("b", "B", 12345), FacetValue("c", "C", 7)]
    context = {"name": "country", "values": values, "query": QueryDict("q=oil")}
    # WHEN the list is written by the tag and by the loop it replaced
    with translation.override(language):
        new, old = Template(TAG).render(Context(context)), Template(LOOP).render(Context(context))
    # THEN the counts read the same, grouped only when the setting says so
    assert new == old
    assert ("1234567" in new) is not (grouped and language != "hi")  # Django's Hindi formats group no digits

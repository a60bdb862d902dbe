"""archive_tags.toggle_filter and set_filter: a facet's links, worked out once per render, are the URLs that
copying the query, setting the filter's list and encoding it all would make."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template import Context

from archive.templatetags.archive_tags import set_filter, toggle_filter


def _with(query: QueryDict, name: str, values: list[str]) -> str:
    """The link the long way: a copy of the query with the list set (none: removed) and the page dropped."""
    query = query.copy()
    query.pop("page", None)
    if values:
        query.setlist(name, values)
    else:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


QUERIES = [
    "",
    "q=oil",
    "page=3",
    "q=oil&country=US&page=2&sort=newest",
    "country=US&country=GB&q=%22interest+rates%22&org=fed",
    "org=opec&country=JP&q=caf%C3%A9+%26+bar&date=1987-03",
    "q=a%2Bb%3Dc&country=&source=reuters",
]


@pytest.mark.parametrize("raw", QUERIES)
def test_toggle_filter_is_the_query_with_the_value_toggled(raw):
    # GIVEN a page's query and one render's context
    query = QueryDict(raw)
    context = Context({"query": query})
    for name in ("country", "org", "source"):
        for value in ("US", "GB", "fed", "Côte d'Ivoire & co", ""):
            # WHEN a facet value's link is made (the shared parts reused after the first)
            url = toggle_filter(context, name, value)
            # THEN it is the query with the value added, or removed when selected, page dropped
            values = query.getlist(name)
            expected = _with(query, name, [v for v in values if v != value] if value in values else [*values, value])
            assert url == expected, (raw, name, value)


@pytest.mark.parametrize("raw", QUERIES)
def test_set_filter_is_the_query_with_the_one_value_set(raw):
    # GIVEN a page's query and one render's context
    query = QueryDict(raw)
    context = Context({"query": query})
    for name in ("date", "country", "q"):
        for value in ("1987", "1987-03", "US", "Côte d'Ivoire & co", ""):
            # WHEN a drill-down link is made THEN it is the query with that one value (none: removed), page dropped
            assert set_filter(context, name, value) == _with(query, name, [value] if value else []), (raw, name)


def test_toggle_filter_reads_the_request_when_the_view_gave_no_query(rf):
    # GIVEN a context with only the request (another page's facet list)
    request = rf.get("/?country=US&page=4&q=oil")
    context = Context({"request": request})
    # WHEN / THEN the links follow the request's own parameters
    assert toggle_filter(context, "country", "US") == "?q=oil"
    assert toggle_filter(context, "country", "GB") == "?country=US&country=GB&q=oil"

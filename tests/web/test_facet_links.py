"""archive_tags.toggle_filter: a facet's links, worked out once per render, are the URLs `_with` makes."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template import Context

from archive.templatetags.archive_tags import _with, toggle_filter

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
            expected = _with(
                query, **{name: [v for v in values if v != value] if value in values else [*values, value]}
            )
            assert url == expected, (raw, name, value)


def test_toggle_filter_reads_the_request_when_the_view_gave_no_query(rf):
    # GIVEN a context with only the request (another page's facet list)
    request = rf.get("/?country=US&page=4&q=oil")
    context = Context({"request": request})
    # WHEN / THEN the links follow the request's own parameters
    assert toggle_filter(context, "country", "US") == "?q=oil"
    assert toggle_filter(context, "country", "GB") == "?country=US&country=GB&q=oil"

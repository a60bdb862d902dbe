"""Template helpers: facet links and the one way bodies become HTML."""

from __future__ import annotations

from django import template
from django.http import QueryDict

from archive import sanitize

register = template.Library()


@register.filter
def paragraphs(text: str):
    return sanitize.paragraphs(text)


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
    query = context["request"].GET
    values = query.getlist(name)
    values = [v for v in values if v != value] if value in values else [*values, value]
    return _with(query, **{name: values})


@register.simple_tag(takes_context=True)
def set_filter(context, name: str, value: str = "") -> str:
    """The URL with `name` set to one value (or removed when empty), e.g. a date drill-down."""
    return _with(context["request"].GET, **{name: [value] if value else None})


@register.simple_tag(takes_context=True)
def clear_filters(context) -> str:
    """Keep the query and sort, drop every filter."""
    query = context["request"].GET
    kept = QueryDict(mutable=True)
    for key in ("q", "sort"):
        if query.get(key):
            kept[key] = query[key]
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else "?"

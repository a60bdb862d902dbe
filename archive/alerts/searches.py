"""The search an alert follows: kept as the search page's own query string, without page and sort."""

from __future__ import annotations

import re
from dataclasses import replace

from django.http import QueryDict
from django.urls import reverse

from archive.forms import params_from_query, search_in_words, standing_params
from archive.search import RESOLVERS, SearchParams, search

# The search page's filters an alert keeps (sort and page say nothing about what matches).
KEYS = ("q", "country", "org", "source", "date", "from", "to")


def query_of(params: SearchParams) -> str:
    """The validated search as a query string, in one order: the same search gives the same text."""
    query = QueryDict(mutable=True)
    if params.q:
        query["q"] = params.q
    query.setlist("country", list(params.countries))
    query.setlist("org", list(params.organisations))
    query.setlist("source", list(params.sources))
    for key, value in (("date", params.date), ("from", params.date_from), ("to", params.date_to)):
        if value:
            query[key] = str(value)
    return query.urlencode()


def from_request(data: QueryDict) -> tuple[str, list[str], str]:
    """The search named by request parameters, with what the search page would say of it: (the query, its notices,
    why it cannot run or ""). Unknown values are dropped, as the search page drops them, and said so; a query the
    search refuses (`*oil`) is not one to follow."""
    kept = QueryDict(mutable=True)
    for key in KEYS:
        if key in data:
            kept.setlist(key, data.getlist(key))
    params, notices, _ = params_from_query(kept)
    result = search(replace(params, per_page=1), resolvers=RESOLVERS, with_facets=False, with_tags=False)
    return query_of(params), [*notices, *result.notices], result.error


_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"AND", "OR", "NOT"})  # operators only in capitals: "or" is a word


def identity(query: str) -> str:
    """What makes two stored searches the same alert: their query strings with the words of `q` in lower case,
    as the index reads them ("Wheat" and "wheat" find the same articles), AND, OR and NOT kept. A `q` with a field
    (`country:US`, `title:(Oil OR Gas)`) is left as typed: a field's values need not fold alike."""
    data = QueryDict(query, mutable=True)
    words = data.get("q", "")
    if words and ":" not in words:
        data["q"] = _WORD.sub(lambda word: word[0] if word[0] in _OPERATORS else word[0].lower(), words)
    return data.urlencode()


def params_of(query: str) -> SearchParams:
    """The stored search, newest first (the order a mail lists its articles in); a filter value no longer known
    is kept, so the alert finds nothing rather than every new article (`standing_params`)."""
    return replace(standing_params(QueryDict(query)), sort="newest", page=1)


def search_path(query: str) -> str:
    return reverse("archive:search") + (f"?{query}" if query else "")


def newest_first_path(query: str) -> str:
    """The search in a mail's order. The search has no "entered since" filter: this lists every match, the new
    ones among them, and a mail that links it for the articles it could not list says so."""
    return reverse("archive:search") + "?" + "&".join(part for part in (query, "sort=newest") if part)


def describe(query: str) -> str:
    """A short plain-text name for the search: its words, then its filters by name and its period
    ("“oil” · Japan · from 1 March 1987")."""
    params, _, _ = params_from_query(QueryDict(query))
    return " · ".join(search_in_words(params, quoted=True)) or "every new article"

"""The search an alert follows: kept as the search page's own query string, without page and sort."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from django.http import QueryDict
from django.urls import reverse

from archive.forms import params_from_query, search_in_words, standing_params
from archive.search import RESOLVERS, QueryError, SearchParams, folded, index_schema, parse_query, search

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
    """What makes two stored searches the same alert: what the search compares. Its filters as the search resolves
    them (`org=atpc` merged into the ITC is `org=itc`; `country=us` is US), in one order; the words of `q` composed,
    lower-cased and with their accents folded, as the index reads them ("Belém", "belem"), AND, OR and NOT kept;
    and a `q` that parses to nothing (`title:` alone) is no `q`, the empty search. A `q` with a field (`country:US`,
    `title:(Oil OR Gas)`) is left as typed: a field's values need not fold alike."""
    params = params_of(query)
    params = replace(
        params,
        q=_same_words(params.q),
        countries=tuple(sorted(set(params.countries))),
        organisations=tuple(sorted(set(params.organisations))),
        sources=tuple(sorted(set(params.sources))),
    )
    return query_of(params)


def _same_words(text: str) -> str:
    """`q` as `identity` compares it; the parse decides only whether it is the empty search."""
    text = unicodedata.normalize("NFC", text).strip()  # "é" typed as "e" and a combining accent is one letter
    try:
        if parse_query(text, schema=index_schema()).query is None:
            return ""
    except QueryError:
        return text  # no alert follows it: the form refuses it
    if ":" in text:
        return text
    return _WORD.sub(lambda word: word[0] if word[0] in _OPERATORS else folded(word[0].lower()), text)


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

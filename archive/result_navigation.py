"""An article reached from a search: its place among the results, and the results just before and after it.

The article page's "← Previous result · Result 3 of 65 · Next result →", so that a reader can go through a
search's results one article after the other. The search comes with the article link (`?back=`, its page
included): one search of that page, without facets or tags, finds the article and its neighbours; at a page's
edge one more search gives the neighbour on the page before or after, and the link carries that page, so the
way back leads to where the reader now is. An article that is not on that page (the archive changed since, or
it was opened as another version of a result) has no place and no links.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from archive.search import SearchParams, SearchResult, search


@dataclass(frozen=True)
class Neighbour:
    title: str
    url: str  # the article's permalink with the search (and page) to come back to


@dataclass(frozen=True)
class ResultPlace:
    number: int  # the article's result number in the search (1-based, as the search page numbers them)
    total: int  # the search's results: one a story, or one an article with every version
    previous: Neighbour | None
    next: Neighbour | None


def place_in_results(params: SearchParams, state: QueryDict, article_id: int) -> ResultPlace | None:
    """Where the article `article_id` is among the results of `params` (the search `state` holds), or None."""
    result = _page(params, params.page)
    ids = [hit.article_id for hit in result.hits]
    if result.error or article_id not in ids:
        return None
    at = ids.index(article_id)
    if at > 0:
        previous = _neighbour(result, at - 1, state)
    elif result.page > 1:
        before = _page(params, result.page - 1)
        previous = _neighbour(before, len(before.hits) - 1, state) if before.hits else None
    else:
        previous = None
    if at < len(ids) - 1:
        following = _neighbour(result, at + 1, state)
    elif result.page < result.pages:
        after = _page(params, result.page + 1)
        following = _neighbour(after, 0, state) if after.hits else None
    else:
        following = None
    return ResultPlace(result.start_index + at, result.groups, previous, following)


def _page(params: SearchParams, page: int) -> SearchResult:
    return search(dataclasses.replace(params, page=page), with_facets=False, with_tags=False)


def _neighbour(result: SearchResult, index: int, state: QueryDict) -> Neighbour:
    article = result.hits[index].article
    back = state.copy()
    back.pop("page", None)
    if result.page > 1:
        back["page"] = str(result.page)
    return Neighbour(article.title, f"{article.get_absolute_url()}?{urlencode({'back': back.urlencode()})}")

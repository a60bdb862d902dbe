"""GET /api/search/: the same search as the page, as JSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from archive import conditional
from archive.api.core import LIMITED, described, errors
from archive.api.schemas import SearchFailure, SearchResponse
from archive.exporters import published_text
from archive.forms import params_from_query
from archive.search import FACETS, RESOLVERS, Hit, SearchResult
from archive.search import search as run_search

router = Router(tags=["search"])


# A range holds the articles whose date lies wholly within it (the batch's body says the same).
FROM_DESCRIPTION = (
    "YYYY-MM-DD, inclusive: articles whose date lies wholly from this day on (YYYY-MM or YYYY: from its first day)."
)
TO_DESCRIPTION = (
    "YYYY-MM-DD, inclusive: articles whose date lies wholly up to this day (a date known to the month or the "
    "year only when all of it does; YYYY-MM or YYYY: to its last day)."
)


class SearchFilters(Schema):
    """A search's query and filters, all optional. Declared as text: archive/forms.py validates them and turns
    a bad value into a notice (as on the page), so an unknown country or a date "1987-02-30" is never an error."""

    q: str | None = Field(
        None,
        json_schema_extra={"example": "Russia"},
        description='The query: words, "phrases", OR, NOT, -word, prefix*, title:, ...',
    )
    country: list[str] = Field(
        [], json_schema_extra={"example": ["PK"]}, description="ISO 3166-1 alpha-2 code; repeat for several (OR)."
    )
    org: list[str] = Field([], description="Organisation slug; repeat for several (OR).")
    source: list[str] = Field([], description="Source slug; repeat for several (OR).")
    date: str | None = Field(
        None,
        json_schema_extra={"example": "2023"},
        description="YYYY, YYYY-MM or YYYY-MM-DD; or `undated`: the articles whose date is not known (the date "
        "facet's `undated` value).",
    )
    date_from: str | None = Field(None, alias="from", description=FROM_DESCRIPTION)
    date_to: str | None = Field(None, alias="to", description=TO_DESCRIPTION)


class SortedSearch(SearchFilters):
    """The query and filters, and the order."""

    sort: str | None = Field(
        None,
        json_schema_extra={"example": "newest"},
        description="relevance, newest or oldest (default: relevance with a query, newest without).",
    )


class SearchQuery(SortedSearch):
    """The search page's parameters, all optional: the query and filters, the order, the page and the versions."""

    page: str | None = Field(
        None,
        json_schema_extra={"example": "1"},
        description="1-based page number; 20 results a page (a page past the last holds none, with a notice).",
    )
    versions: str | None = Field(
        None,
        json_schema_extra={"example": "all"},
        description="all: every version of a story as its own result (default: one result per copy group, "
        "the earliest version, with the others under other_versions).",
    )


def _facets(result: SearchResult) -> dict:
    return {
        facet: [
            {"value": item.value, "label": item.label, "count": item.count, "selected": item.selected}
            if facet != "date"
            else {"value": item.value, "count": item.count, "selected": item.selected}
            for item in result.facets.get(facet, [])
        ]
        for facet in FACETS
    }


def _summary(hit: Hit, site: str) -> dict:
    article = hit.article
    return {
        "id": article.pk,
        "title": article.title,
        "url": (permalink := f"{site}{article.get_absolute_url()}"),
        "permalink": permalink,
        "published": published_text(article),
        "precision": article.precision,
        "source": article.source.name if article.source_id else None,
        "author": article.author,
        "dateline": article.dateline_place,
        "language": article.language,
        "countries": [tag.country.code for tag in article.active_country_tags()],
        "organisations": [tag.organisation.slug for tag in article.active_organisation_tags()],
        # Plain text: API clients escape and render it themselves.
        "snippet": hit.snippet_text,
        "matches": [text for text, matched in hit.pieces if matched],
        "copy_group": hit.copy_group,
        "other_versions": {
            "count": len(hit.other_versions),
            "items": [_version(other, site) for other in hit.other_versions],
        },
    }


def _version(article, site: str) -> dict:
    return {
        "id": article.pk,
        "url": f"{site}{article.get_absolute_url()}",
        "title": article.title,
        "source": article.source.name if article.source_id else None,
        "published": published_text(article),
    }


@router.get(
    "/search/",
    response={200: SearchResponse, 304: None, 400: SearchFailure, **errors(412, *LIMITED, 503)},
    operation_id="search",
    summary="Search the archive",
    url_name="search",
    exclude_unset=True,  # `partial`, `suggestion` and `error` appear only when they say something
    openapi_extra=described(retry_after=(*LIMITED, 503)),
)
@decorate_view(conditional.kept_until_change)
def search(request: HttpRequest, response: HttpResponse, filters: Query[SearchQuery]):
    """Articles matching the query and filters, one page at a time, with facet counts. The answer carries an
    ETag (and a Last-Modified): sent back in If-None-Match (If-Modified-Since), it gets 304 Not Modified while
    the answer is unchanged."""
    # `filters` describes the parameters; the form reads the request itself, as the page does.
    params, notices, _ = params_from_query(request.GET)
    result = run_search(params, resolvers=RESOLVERS)
    site = request.build_absolute_uri("/").removesuffix("/")  # once: per URL it validated the host each time
    notices += result.notices
    hits, page = result.hits, result.page
    if result.past_end_notice:  # a client pages until a page comes back empty: the last one again never would
        only, _ = result.past_end_notice.split(";", 1)
        notices = [notice for notice in notices if notice != result.past_end_notice]
        notices.append(f"{only}: page {params.page} is past the end.")
        hits, page = [], params.page
    body = {
        "count": result.count,
        "groups": result.groups,
        "page": page,
        "pages": result.pages,
        "results": [_summary(hit, site) for hit in hits],
        "facets": _facets(result),
        "notices": notices,
    }
    if result.engine:
        body["engine"] = result.engine
    if result.partial:
        body["partial"] = True
    if result.suggestion:
        body["suggestion"] = result.suggestion
    if result.error:
        body["error"] = result.error
        return Status(400, body)
    if result.partial:  # cut short by the time limit: not an answer to keep until the next change
        # `response` is the one ninja answers with: its headers are the answer's.
        conditional.not_to_keep(response)
    return Status(200, body)

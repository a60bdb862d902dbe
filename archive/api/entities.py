"""GET /api/countries/, /api/organisations/, /api/sources/, /api/writers/ (the lists) and /api/countries/<code>/,
/api/organisations/<slug>/, /api/sources/<slug>/, /api/writers/<slug>/ (an entity page) as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view

from archive import conditional
from archive.api.core import LIMITED, described, errors
from archive.api.schemas import EntityList, EntityProfile
from archive.entity_pages import list_dict, list_options, profile_dict
from archive.errors import error_response
from archive.profiles import list_rows, profile_page

router = Router(tags=["entities"])

RESPONSES = {200: EntityProfile, 304: None, **errors(404, 412, *LIMITED, 503)}
LIST_RESPONSES = {200: EntityList, 304: None, **errors(412, *LIMITED, 503)}
EXTRA = described(retry_after=(*LIMITED, 503))
# As the entity pages: 304 for a client's current copy (ETag, Last-Modified), and the answer kept until the index,
# the entities' records or the code change (archive/conditional.py).
KEPT = decorate_view(conditional.kept_until_change)


class ListQuery(Schema):
    """The lists' parameters, as on /countries/: declared as text, an unknown order is a notice, not an error."""

    q: str | None = Field(
        None,
        json_schema_extra={"example": "pak"},
        description="Keep those whose name, code, acronym, web domain or other names contain this (any case).",
    )
    sort: str | None = Field(
        None, json_schema_extra={"example": "count"}, description="name (the default) or count (most articles first)."
    )


def _list(request: HttpRequest, kind: str) -> dict:
    q, sort, notices = list_options(request.GET)
    rows = list_rows(kind, q=q, sort=sort)
    return list_dict(kind, rows, sort, notices, request.build_absolute_uri)


@router.get("/countries/", response=LIST_RESPONSES, openapi_extra=EXTRA, operation_id="countries", url_name="countries")
@KEPT
def countries(request: HttpRequest, options: Query[ListQuery]):
    """Every country with its number of articles (those without any included), by name or by count."""
    return _list(request, "country")


@router.get(
    "/organisations/",
    response=LIST_RESPONSES,
    openapi_extra=EXTRA,
    operation_id="organisations",
    url_name="organisations",
)
@KEPT
def organisations(request: HttpRequest, options: Query[ListQuery]):
    """Every approved organisation with its number of articles, by name or by count."""
    return _list(request, "organisation")


@router.get("/sources/", response=LIST_RESPONSES, openapi_extra=EXTRA, operation_id="sources", url_name="sources")
@KEPT
def sources(request: HttpRequest, options: Query[ListQuery]):
    """Every source (outlet) with its web domain and number of articles, by name or by count."""
    return _list(request, "source")


@router.get("/writers/", response=LIST_RESPONSES, openapi_extra=EXTRA, operation_id="writers", url_name="writers")
@KEPT
def writers(request: HttpRequest, options: Query[ListQuery]):
    """Every writer a published article's byline names, with the outlets they wrote for (`short`, most articles
    first), the other spellings of their name (`aliases`) and their number of articles; `url` is their page,
    `search_url` the search of their bylines (`author:"…"`, newest first). By family name or by count; `q` keeps
    the names or outlets holding it."""
    return _list(request, "writer")


def _profile(request: HttpRequest, kind: str, key: str, what: str):
    page = profile_page(kind, key)
    if page is None:
        return error_response(request, 404, f"No {what} “{key[:60]}”.")
    return profile_dict(page, request.build_absolute_uri)


@router.get("/countries/{code}/", response=RESPONSES, openapi_extra=EXTRA, operation_id="country", url_name="country")
@KEPT
def country(request: HttpRequest, code: str = Path(..., example="PK", description="ISO 3166-1 alpha-2 code.")):
    """A country's profile: its articles per month with their share of all articles, the countries,
    organisations and sources that appear with it, and its latest articles. The answer carries an ETag (and a
    Last-Modified): sent back in If-None-Match (If-Modified-Since), it gets 304 Not Modified while unchanged."""
    return _profile(request, "country", code, "country has the code")


@router.get(
    "/organisations/{slug}/",
    response=RESPONSES,
    openapi_extra=EXTRA,
    operation_id="organisation",
    url_name="organisation",
)
@KEPT
def organisation(request: HttpRequest, slug: str = Path(..., example="imf", description="The organisation's slug.")):
    """An approved organisation's profile (as for a country, with its own country)."""
    return _profile(request, "organisation", slug, "organisation has the slug")


@router.get("/sources/{slug}/", response=RESPONSES, openapi_extra=EXTRA, operation_id="source", url_name="source")
@KEPT
def source(request: HttpRequest, slug: str = Path(..., example="dawn", description="The source's slug.")):
    """A source's (outlet's) profile."""
    return _profile(request, "source", slug, "source has the slug")


@router.get("/writers/{slug}/", response=RESPONSES, openapi_extra=EXTRA, operation_id="writer", url_name="writer")
@KEPT
def writer(
    request: HttpRequest,
    slug: str = Path(..., example="cal-mankowski", description="The writer's slug: the words of their name."),
):
    """A writer's profile, counted from the search of their bylines (`author:"…"`): their articles per month with
    their share of all articles, the countries, organisations and sources of those articles, and the latest."""
    return _profile(request, "writer", slug, "writer is known as")

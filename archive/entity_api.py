"""Entity profiles as JSON: /api/countries/<code>/, /api/organisations/<slug>/, /api/sources/<slug>/.

`entity_json` returns plain data (or None), so the views stay one line each and can move under
another API layer unchanged.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from archive.entity_pages import entity_page, profile_dict
from archive.errors import error_response


def entity_json(kind: str, key: str, absolute=lambda path: path) -> dict | None:
    """The profile of one entity as a dict, or None when nothing has that code or slug."""
    page = entity_page(kind=kind, key=key)
    return profile_dict(page, absolute) if page is not None else None


def _answer(request: HttpRequest, kind: str, key: str, what: str):
    body = entity_json(kind, key, request.build_absolute_uri)
    if body is None:
        return error_response(request, 404, f"No {what} “{key[:60]}”.")
    return JsonResponse(body)


def country(request: HttpRequest, code: str) -> JsonResponse:
    return _answer(request, "country", code, "country has the code")


def organisation(request: HttpRequest, slug: str) -> JsonResponse:
    return _answer(request, "organisation", slug, "organisation has the slug")


def source(request: HttpRequest, slug: str) -> JsonResponse:
    return _answer(request, "source", slug, "source has the slug")

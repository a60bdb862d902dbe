"""The one NinjaAPI instance: its OpenAPI 3.1 document, and errors in the archive's JSON shape.

Every error under /api/ keeps the body archive/errors.py gives it (`{"error", "status"}`); ninja's own shapes
(`{"detail": ...}`, 422) never reach a client. The rate limit (429) and the security headers come from the
middleware, before and after ninja, as for every other page.
"""

from __future__ import annotations

import copy
import functools

import orjson
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from archive.api.schemas import Error
from archive.errors import error_response, search_unavailable
from archive.search import IndexUnavailable

DESCRIPTION = (
    'The news archive\'s search and articles as JSON. Errors answer `{"error", "status"}` with HTTP 400 (a '
    "query that cannot be run also carries the search body), 404, 405 (with Allow), 429 (with Retry-After; a "
    "per-client limit shared with the search page and feeds) and 503 (the search index cannot be read just now; "
    "Retry-After)."
)


class ArchiveAPI(NinjaAPI):
    def get_content_type(self) -> str:
        # As Django's JsonResponse (and our error bodies) say it: JSON is UTF-8 by definition (RFC 8259).
        return "application/json"

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        """The document, made once per process and URL prefix: ninja builds it again from every operation's
        schemas on each request for /api/openapi.json (~20 ms), and the operations cannot change while the
        process runs."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._openapi_documents:
            self._openapi_documents[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return copy.deepcopy(self._openapi_documents[path_prefix])  # a caller may change what it gets

    @functools.cached_property
    def _openapi_documents(self) -> dict:
        return {}


class ArchiveJSONRenderer(BaseRenderer):
    """JSON through orjson, the renderer ninja's documentation shows: a search answer (20 results, ~200 facet
    values, ~28 kB) took ~0.3 ms in `json.dumps`, a tenth of that here. Whatever orjson does not write itself,
    it hands to ninja's own encoder, and so do dates and times, so those read exactly as before (Django's
    forms: milliseconds, "Z" for UTC). Non-ASCII text is written as UTF-8 rather than as \\u escapes."""

    media_type = "application/json"
    _fallback = NinjaJSONEncoder()

    def render(self, request: HttpRequest, data, *, response_status: int) -> bytes:
        return orjson.dumps(
            data, default=self._fallback.default, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
        )


api = ArchiveAPI(
    title="News archive API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    # ninja's Swagger and Redoc pages load their scripts from a CDN, which our CSP (script-src 'self') refuses
    # and production cannot reach: /api/ documents the API and links the OpenAPI document instead.
    docs_url=None,
    renderer=ArchiveJSONRenderer(),
)


def errors(*statuses: int) -> dict[int, type[Error]]:
    """Response schemas for the error statuses an operation can answer (add to its `response=`)."""
    return {status: Error for status in statuses}


# The rate limit can answer any limited path, so every operation lists 429.
LIMITED = (429,)


def described(*, retry_after: tuple[int, ...] = (), files: dict[str, str | dict] | None = None) -> dict:
    """An operation's `openapi_extra`: what ninja cannot derive from `response=`.

    `retry_after`: the statuses that carry a Retry-After header (429, 503). `files`: a 200 that is not JSON
    (a download or a stream the view returns itself as an HttpResponse or StreamingHttpResponse), as
    {media type: description}, or {media type: schema} for a JSON file (a `+json` type is read as JSON by
    clients and by schemathesis, so a string schema would be wrong); leave 200 out of `response=` then, or ninja
    would document it as JSON too.
    """
    responses: dict[int, dict] = {
        status: {
            "headers": {
                "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
            }
        }
        for status in retry_after
    }
    if files:
        responses[200] = {
            "description": "OK",
            "content": {
                media_type: {"schema": text if isinstance(text, dict) else {"type": "string", "description": text}}
                for media_type, text in files.items()
            },
        }
    return {"responses": responses} if responses else {}


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404)


@api.exception_handler(IndexUnavailable)
def _index_unavailable(request: HttpRequest, exc: IndexUnavailable) -> HttpResponse:
    return search_unavailable(request)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Parameters are declared leniently (archive/forms.py turns bad values into notices), so this is a
    # request that does not fit at all (a required parameter missing): a 400 in our shape, not ninja's 422,
    # saying which parameters.
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', ())[1:]) or 'request'}: {error.get('msg', 'invalid')}"
        for error in exc.errors
    )
    return error_response(request, 400, f"The request could not be understood ({problems}).")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc))

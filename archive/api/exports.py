"""GET /api/search/export?…&format=csv|jsonl|ris|bibtex[&include=body]: every article a search finds, as a file.

The view validates, plans the export (the cap is checked before a byte is sent: a search that finds more than
ARCHIVE_EXPORT_LIMIT is refused, never cut short) and streams the file (archive/search_export.py).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from ninja import Field, Query, Router

from archive.api.core import LIMITED, described, errors
from archive.api.schemas import ExportRefusal
from archive.api.search import SearchQuery
from archive.errors import search_unavailable
from archive.forms import params_from_query
from archive.search import IndexUnavailable, QueryError
from archive.search_export import FORMATS, ExportTooLarge, export_chunks, plan_export

router = Router(tags=["export"])

INCLUDES = ("", "body")


class ExportQuery(SearchQuery):
    """The search page's parameters (every page: `page` is ignored), the file's format, and the full text."""

    format: str = Field(
        ..., json_schema_extra={"enum": list(FORMATS), "example": "csv"}, description="csv, jsonl, ris or bibtex."
    )
    include: str | None = Field(
        None, json_schema_extra={"enum": ["body"]}, description="`body`: the articles' full text too."
    )


def _refused(message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, "status": 400, **extra}, status=400)


@router.get(
    "/search/export",
    response={400: ExportRefusal, **errors(*LIMITED, 503)},  # the 200 is the file, described below
    openapi_extra=described(
        retry_after=(*LIMITED, 503),
        files={
            "text/csv": "UTF-8 with a BOM, one header row, lists joined with '; ', formula-like cells neutralised.",
            "application/x-ndjson": "JSON Lines: one article a line.",
            "application/x-research-info-systems": "RIS references.",
            "application/x-bibtex": "BibTeX entries.",
        },
    ),
    operation_id="export",
    summary="Export every article a search finds",
    url_name="export",
)
def export(request: HttpRequest, filters: Query[ExportQuery]) -> HttpResponse:
    """Every article matching the query and filters, in the search's order, with id, permalink, title,
    published date and precision, source, URL, author, dateline, countries and organisations (and the body
    with `include=body`), streamed. The `X-Export-Total` header says how many."""
    query = request.GET.copy()
    query.pop("page", None)  # an export holds every page
    fmt = query.pop("format", [""])[-1]
    include = query.pop("include", [""])[-1]
    if fmt not in FORMATS:
        return _refused(f"Unknown format “{fmt[:20]}”: use one of {', '.join(FORMATS)}.", formats=list(FORMATS))
    if include not in INCLUDES:
        return _refused(f"Unknown include “{include[:20]}”: the only one is “body”.")
    params, notices, _ = params_from_query(query)
    if notices:  # the search page would ignore these values; a file should not silently differ from the link
        return _refused(" ".join(notices), notices=notices)
    try:
        plan = plan_export(params, format=fmt, include_body=include == "body")
    except QueryError as error:
        return _refused(str(error))
    except ExportTooLarge as error:
        return _refused(str(error), total=error.total, limit=error.limit)
    except IndexUnavailable:
        return search_unavailable(request)
    site = request.build_absolute_uri("/").removesuffix("/")  # once: per article it validated the host each time
    response = StreamingHttpResponse(
        export_chunks(plan, absolute=lambda path: site + path), content_type=plan.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
    response["X-Export-Total"] = str(plan.total)
    return response

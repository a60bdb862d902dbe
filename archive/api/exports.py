"""GET /api/search/export?…&format=csv|jsonl|ris|bibtex|csljson[&include=body]: every article a search finds, as a file;
GET /api/articles/export?ids=12,5,40&format=…: the articles a reader selected, in the same formats.

The view validates, plans the export (the cap is checked before a byte is sent: a search that finds more than
ARCHIVE_EXPORT_LIMIT is refused, never cut short) and streams the file (archive/search_export.py).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from archive.api.core import LIMITED, described, errors
from archive.api.schemas import ExportRefusal
from archive.api.search import SortedSearch
from archive.errors import search_unavailable
from archive.forms import left_out, params_from_query, refusal
from archive.search import IndexUnavailable, QueryError
from archive.search_export import FORMATS, ExportPlan, ExportTooLarge, export_chunks, plan_export
from archive.selection import SELECTION_LIMIT, SelectionError, plan_selection, selected_ids

router = Router(tags=["export"])

INCLUDES = ("", "body")


class FileQuery(Schema):
    format: str = Field(
        ...,
        json_schema_extra={"enum": list(FORMATS), "example": "csv"},
        description="csv, jsonl, ris, bibtex or csljson.",
    )
    include: str | None = Field(
        None, json_schema_extra={"enum": ["body"]}, description="`body`: the articles' full text too."
    )


class ExportQuery(SortedSearch, FileQuery):
    """The search page's query, filters and order (every page, and every version of each story: a `page` or
    `versions` given is ignored), the file's format, and the full text."""


class SelectionQuery(FileQuery):
    """The articles' ids, the file's format, and the full text."""

    ids: str = Field(
        ...,
        json_schema_extra={"example": "1,2", "pattern": f"^[0-9]{{1,12}}(,[0-9]{{1,12}}){{0,{SELECTION_LIMIT - 1}}}$"},
        description=f"Article ids, comma-separated, in the order wanted (at most {SELECTION_LIMIT}).",
    )


FILES: dict[str, str | dict] = {
    "text/csv": "UTF-8 with a BOM, one header row, lists joined with '; ', formula-like cells neutralised.",
    "application/x-ndjson": "JSON Lines: one article a line.",
    "application/x-research-info-systems": "RIS references.",
    "application/x-bibtex": "BibTeX entries.",
    "application/vnd.citationstyles.csl+json": {
        "type": "array",
        "items": {"type": "object"},
        "description": "CSL-JSON: one array of article-newspaper items.",
    },
}


def _refused(message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, "status": 400, **extra}, status=400)


def _file_options(query) -> tuple[str, str] | JsonResponse:
    """The format and include asked for (taken out of `query`), or the refusal of an unknown one."""
    fmt = query.pop("format", [""])[-1]
    include = query.pop("include", [""])[-1]
    if fmt not in FORMATS:
        return _refused(f"Unknown format “{fmt[:20]}”: use one of {', '.join(FORMATS)}.", formats=list(FORMATS))
    if include not in INCLUDES:
        return _refused(f"Unknown include “{include[:20]}”: the only one is “body”.")
    return fmt, include


def _streamed(request: HttpRequest, plan: ExportPlan) -> StreamingHttpResponse:
    site = request.build_absolute_uri("/").removesuffix("/")  # once: per article it validated the host each time
    response = StreamingHttpResponse(
        export_chunks(plan, absolute=lambda path: site + path), content_type=plan.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
    response["X-Export-Total"] = str(plan.total)
    return response


@router.get(
    "/search/export",
    response={400: ExportRefusal, **errors(*LIMITED, 503)},  # the 200 is the file, described below
    openapi_extra=described(
        retry_after=(*LIMITED, 503),
        files=FILES,
    ),
    operation_id="export",
    summary="Export every article a search finds",
    url_name="export",
)
def export(request: HttpRequest, filters: Query[ExportQuery]) -> HttpResponse:
    """Every article matching the query and filters, in the search's order, with id, permalink, title,
    published date and precision, source, URL, author, dateline, countries and organisations by code and by
    name (and the body with `include=body`), streamed. The `X-Export-Total` header says how many."""
    query = request.GET.copy()
    query.pop("page", None)  # an export holds every page
    options = _file_options(query)
    if isinstance(options, JsonResponse):
        return options
    fmt, include = options
    params, notices, form = params_from_query(query)
    # Values the search page would leave out: a file should not silently differ from the link. (A value read as
    # what it names, a month as its days, a merged organisation as the kept one, is searched: nothing is left out.)
    if refusals := left_out(notices, form):
        return _refused(refusal(refusals), notices=refusals)
    try:
        plan = plan_export(params, format=fmt, include_body=include == "body")
    except QueryError as error:
        return _refused(str(error))
    except ExportTooLarge as error:
        return _refused(str(error), total=error.total, limit=error.limit)
    except IndexUnavailable:
        return search_unavailable(request)
    return _streamed(request, plan)


@router.get(
    "/articles/export",
    response={400: ExportRefusal, **errors(*LIMITED)},  # the 200 is the file, described below
    openapi_extra=described(retry_after=LIMITED, files=FILES),
    operation_id="export-selected",
    summary="Export chosen articles",
    url_name="export-selected",
)
def export_selected(request: HttpRequest, options: Query[SelectionQuery]) -> HttpResponse:
    """The articles whose ids are given, in that order, with the same fields and formats as a search's export
    (an id that is not a published article is left out). The `X-Export-Total` header says how many."""
    query = request.GET.copy()
    options = _file_options(query)
    if isinstance(options, JsonResponse):
        return options
    fmt, include = options
    try:
        ids = selected_ids(query.getlist("ids"))
    except SelectionError as error:
        return _refused(str(error))
    if not ids:
        return _refused("No articles are selected: give their ids, comma-separated, as `ids`.")
    return _streamed(request, plan_selection(ids, format=fmt, include_body=include == "body"))

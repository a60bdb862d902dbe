"""The batch search page (/batch/) and its CSV (/batch/export.csv): a watch list in, one row per query out.

A plain POST form (CSRF, multipart for the file) that works without JavaScript; the CSV button posts the same
form to the export URL. The work is in archive/batch.py.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from archive.batch import (
    FILTER_KEYS,
    MAX_FILE_BYTES,
    TOP,
    BatchInputError,
    BatchReport,
    check_size,
    csv_chunks,
    filter_params,
    limit,
    read_lines,
    read_upload,
    run_batch,
)
from archive.errors import search_unavailable
from archive.forms import filter_choices, refusal
from archive.search import IndexUnavailable, SearchParams


def _queries(request: HttpRequest) -> tuple[list[str], list[str]]:
    """(queries, notices): the uploaded file when one is chosen, else the pasted lines. Raises BatchInputError."""
    upload = request.FILES.get("file")
    if upload is not None:
        # Never more than the limit and a byte into memory: read_upload refuses the rest by its size.
        return read_upload(upload.name or "", upload.read(MAX_FILE_BYTES + 1))
    return read_lines(request.POST.get("queries", "")), []


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    data = request.POST if request.method == "POST" else QueryDict()
    context = {
        "limit": limit(),
        "top": TOP,
        "chosen": {key: data.get(key, "") for key in FILTER_KEYS},
        **filter_choices(),
        **context,
    }
    return render(request, "archive/batch.html", context, status=status)


def _prepare(request: HttpRequest, *, for_file: bool = False) -> tuple[list[str], SearchParams, list[str]]:
    """(queries, params, notices); raises BatchInputError, for a file also when a filter was left out (its totals
    would be the whole archive's, under columns that read as filtered)."""
    queries, notices = _queries(request)
    params, filter_notices, left_out = filter_params(request.POST)
    if for_file and left_out:
        raise BatchInputError(refusal(left_out))
    check_size(queries)
    return queries, params, notices + filter_notices


@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, {"pasted": ""})
    try:
        queries, params, notices = _prepare(request)
    except BatchInputError as error:
        return _page(request, {"error": str(error), "pasted": request.POST.get("queries", "")}, status=400)
    try:
        report: BatchReport = run_batch(queries, params)
    except IndexUnavailable:
        return search_unavailable(request)
    # The queries run go back into the box (a file's too), so "Download CSV" sends the same batch again.
    context = {"report": report, "notices": notices, "pasted": "\n".join(queries), "filters": _search_filters(params)}
    return _page(request, context)


def _search_filters(params: SearchParams) -> str:
    """The filters used, as the search page's query string: each row's query links to its search with them."""
    query = QueryDict(mutable=True)
    for key, values in (("country", params.countries), ("org", params.organisations), ("source", params.sources)):
        query.setlist(key, list(values))
    for key, value in (("from", params.date_from), ("to", params.date_to)):
        if value:
            query[key] = value.isoformat()
    return query.urlencode()


@require_POST
def batch_export(request: HttpRequest) -> HttpResponse:
    try:
        queries, params, _ = _prepare(request, for_file=True)
    except BatchInputError as error:
        return _page(request, {"error": str(error), "pasted": request.POST.get("queries", "")}, status=400)
    try:
        report = run_batch(queries, params)
    except IndexUnavailable:
        return search_unavailable(request)
    site = request.build_absolute_uri("/").removesuffix("/")
    response = StreamingHttpResponse(
        csv_chunks(report, absolute=lambda path: site + path), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="batch-search-{timezone.localdate():%Y-%m-%d}.csv"'
    return response

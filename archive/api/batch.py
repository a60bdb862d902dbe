"""POST /api/batch/ and /api/batch/export: a watch list of queries, one answer (or CSV row) per query.

The same service as the batch page (archive/batch.py): up to ARCHIVE_BATCH_LIMIT queries under one set of
filters; a longer list is refused whole with its count and the limit; a query that cannot be run is reported on
its own line while the others run.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse, QueryDict, StreamingHttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from archive.api.core import LIMITED, described, errors
from archive.api.schemas import BatchRefusal, BatchResponse
from archive.api.search import FROM_DESCRIPTION, TO_DESCRIPTION
from archive.batch import BatchInputError, BatchReport, check_size, csv_chunks, filter_params, limit, run_batch
from archive.forms import printable, refusal

router = Router(tags=["batch"])


class BatchRequest(Schema):
    """The queries and the filters every one of them is run with (all filters optional)."""

    queries: list[str] = Field(
        ...,
        min_length=1,
        json_schema_extra={"example": ["Pakistan", '"foreign minister"', "org:opec"]},
        description="One query per item, as on the search page. At most ARCHIVE_BATCH_LIMIT (default 500).",
    )
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 codes (OR).")
    org: list[str] = Field([], description="Organisation slugs (OR).")
    source: list[str] = Field([], description="Source slugs (OR).")
    date_from: str | None = Field(None, alias="from", description=FROM_DESCRIPTION)
    date_to: str | None = Field(None, alias="to", description=TO_DESCRIPTION)


def _refused(error: BatchInputError) -> JsonResponse:
    body: dict = {"error": str(error), "status": 400}
    if error.count is not None:
        body.update(count=error.count, limit=error.limit)
    return JsonResponse(body, status=400)


def _prepare(body: BatchRequest, *, for_file: bool = False) -> tuple[list[str], object, list[str]]:
    """(queries, params, notices); raises BatchInputError, for a file also when a filter was left out (as the
    search export). Filters go through the search page's validation."""
    data = QueryDict(mutable=True)
    for key, values in (("country", body.country), ("org", body.org), ("source", body.source)):
        data.setlist(key, values)
    for key, value in (("from", body.date_from), ("to", body.date_to)):
        if value:
            data[key] = value
    params, notices, left_out = filter_params(data)
    if for_file and left_out:
        raise BatchInputError(refusal(left_out))
    queries = [printable(query) for query in body.queries]
    check_size(queries)
    return queries, params, notices


def _article(article, request: HttpRequest) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published,
        "url": request.build_absolute_uri(article.path),
    }


def _body(report: BatchReport, notices: list[str], request: HttpRequest) -> dict:
    return {
        "count": len(report.rows),
        "limit": limit(),
        "notices": notices,
        "years": report.years,
        "results": [
            {
                "query": row.query,
                "ran": row.ran,
                "total": row.total if row.ran else None,
                "years": row.years,
                "articles": [_article(article, request) for article in row.articles],
                "notice": row.notice,
            }
            for row in report.rows
        ],
    }


@router.post(
    "/batch/",
    response={200: BatchResponse, 400: BatchRefusal, **errors(*LIMITED, 503)},
    openapi_extra=described(retry_after=(*LIMITED, 503)),
    operation_id="batch",
    summary="Run a list of queries",
    url_name="batch",
)
def batch(request: HttpRequest, body: BatchRequest):
    """Each query's total, hits per year (`undated` for articles without a date) and its three best articles,
    in the order given. A query that cannot be run has `ran: false` and says why in `notice`."""
    try:
        queries, params, notices = _prepare(body)
    except BatchInputError as error:
        return _refused(error)
    return Status(200, _body(run_batch(queries, params), notices, request))


@router.post(
    "/batch/export",
    response={400: BatchRefusal, **errors(*LIMITED, 503)},  # the 200 is the file, described below
    openapi_extra=described(
        retry_after=(*LIMITED, 503),
        files={
            "text/csv": "UTF-8 with a BOM; a header row (query, total, one column per year, title/date/permalink of "
            "the three best articles, notice); one row per query; formula-like cells neutralised."
        },
    ),
    operation_id="batch_export",
    summary="Run a list of queries, as CSV",
    url_name="batch-export",
)
def batch_export(request: HttpRequest, body: BatchRequest):
    """The same answers as /api/batch/, as a CSV file."""
    try:
        queries, params, _ = _prepare(body, for_file=True)
    except BatchInputError as error:
        return _refused(error)
    report = run_batch(queries, params)
    site = request.build_absolute_uri("/").removesuffix("/")
    response = StreamingHttpResponse(
        csv_chunks(report, absolute=lambda path: site + path), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="batch-search.csv"'
    return response

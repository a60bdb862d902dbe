"""/concordance/: a search's key words in context (archive/concordance.py), and every line as CSV. Thin views with
conditional GET (a reload of an unchanged archive is a 304, archive/conditional.py); the answers are not kept in
memory as a search page is: at up to 700 kB a page, a few hundred of them would weigh more than a worker."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from archive import conditional
from archive.concordance import (
    ARTICLE_LINES,
    CONTEXT_RANGE,
    PAGE_ARTICLES,
    TooManyLines,
    concordance,
    csv_rows,
    export_lines,
)
from archive.errors import error_response, search_unavailable
from archive.search import IndexUnavailable, QueryError
from archive.search_export import ExportTooLarge


@conditional.kept_until_change(keep=False)
def concordance_page(request: HttpRequest) -> HttpResponse:
    try:
        found = concordance(request.GET)
    except IndexUnavailable:
        return search_unavailable(request)
    context = {
        "found": found,
        "context_range": range(CONTEXT_RANGE[0], CONTEXT_RANGE[1] + 1),
        "page_articles": PAGE_ARTICLES,
        "article_lines": ARTICLE_LINES,
        "export_limit": settings.ARCHIVE_EXPORT_LIMIT,
    }
    return render(request, "archive/concordance.html", context)


@conditional.kept_until_change(keep=False)
def concordance_csv(request: HttpRequest) -> HttpResponse:
    try:
        found, lines = export_lines(request.GET, limit=settings.ARCHIVE_EXPORT_LIMIT)
    except (QueryError, ExportTooLarge, TooManyLines) as error:
        return error_response(request, 400, str(error))
    except IndexUnavailable:
        return search_unavailable(request)
    if found.error:
        return error_response(request, 400, found.error)
    site = request.build_absolute_uri("/").removesuffix("/")
    response = StreamingHttpResponse(
        csv_rows(lines, absolute=lambda path: site + path), content_type="text/csv; charset=utf-8"
    )
    name = slugify(found.q)[:40] or "search"
    response["Content-Disposition"] = f'attachment; filename="concordance-{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    response["X-Robots-Tag"] = "noindex"
    return response

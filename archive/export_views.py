"""/api/search/export?…&format=csv|jsonl|ris|bibtex[&include=body]: every article a search finds, as a file.

A plain function view (the API's other views may move to another framework; this one moves with them): it
validates, plans the export (the cap checked before a byte is sent) and streams the file.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from archive.errors import search_unavailable
from archive.forms import params_from_query
from archive.search import IndexUnavailable, QueryError
from archive.search_export import FORMATS, ExportTooLarge, export_chunks, plan_export

INCLUDES = ("", "body")


def _bad(message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=400)


def export(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    query.pop("page", None)  # an export holds every page
    fmt = query.pop("format", [""])[-1]
    include = query.pop("include", [""])[-1]
    if fmt not in FORMATS:
        return _bad(f"Unknown format “{fmt[:20]}”: use one of {', '.join(FORMATS)}.", formats=list(FORMATS))
    if include not in INCLUDES:
        return _bad(f"Unknown include “{include[:20]}”: the only one is “body”.")
    params, notices, _ = params_from_query(query)
    if notices:  # the search page would ignore these values; a file should not silently differ from the link
        return _bad(" ".join(notices), notices=notices)
    try:
        plan = plan_export(params, format=fmt, include_body=include == "body")
    except QueryError as error:
        return _bad(str(error))
    except ExportTooLarge as error:
        return JsonResponse({"error": str(error), "total": error.total, "limit": error.limit}, status=400)
    except IndexUnavailable:
        return search_unavailable(request)
    site = request.build_absolute_uri("/").removesuffix("/")  # once: per article it validated the host each time
    response = StreamingHttpResponse(
        export_chunks(plan, absolute=lambda path: site + path), content_type=plan.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
    response["X-Export-Total"] = str(plan.total)
    return response

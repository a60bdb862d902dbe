"""/timeline/: a search's articles month by month, beside other queries' (archive/timelines.py); and its numbers
as CSV. Thin views: kept until the index changes, as the search page is (archive/conditional.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive import conditional
from archive.chart_options import FILTERED_MEASURES, MEASURES, chosen, switch_links
from archive.errors import error_response, search_unavailable
from archive.forms import refusal
from archive.search import IndexUnavailable
from archive.timelines import MAX_COMPARED, csv_filename, csv_text, search_pairs, timeline_page, timeline_url


@conditional.kept_until_change
def timeline(request: HttpRequest) -> HttpResponse:
    try:
        page = timeline_page(request.GET)
    except IndexUnavailable:
        return search_unavailable(request)
    measures = FILTERED_MEASURES if page.filtered is not None else MEASURES
    scale, measure, choice_notices = chosen(request.GET, measures)
    shown = page.within_filters() if measure == "within" else page
    query = page.timeline.query
    keep = search_pairs(query)
    compare = page.compared.values if page.compared else []
    context = {
        "page": page,
        "notices": [*choice_notices, *page.notices],
        "timeline": shown.timeline,
        "timeline_lines": [shown.timeline, *(shown.compared.others if shown.compared else [])],  # off-chart notes
        "compared": shown.compared,
        "scale": scale,
        "measure": measure,
        # each switch keeps the search and the other choice
        **switch_links(scale, measure, compare, keep=keep, measures=measures),
        "keep": keep,
        # The compare form: a box for each query compared, and an empty one while there is room.
        "compare_boxes": [*compare, *([""] if len(compare) < MAX_COMPARED else [])],
        "max_compared": MAX_COMPARED,
        "csv_url": timeline_url(query, url_name="archive:timeline-export", compare=compare),
        "json_url": timeline_url(query, url_name="api:timeline", compare=compare),
    }
    if page.timeline.suggestion:  # the search page's "Did you mean", to this page's timeline of it
        corrected = query.copy()
        corrected["q"] = page.timeline.suggestion
        context["suggestion_url"] = timeline_url(corrected, compare=compare)
    return render(request, "archive/timeline.html", context)


@conditional.kept_until_change
def timeline_csv(request: HttpRequest) -> HttpResponse:
    try:
        page = timeline_page(request.GET)
    except IndexUnavailable:
        return search_unavailable(request)
    if page.left_out:  # a file of every article's months, under a country no one knows, would look filtered
        return error_response(request, 400, refusal(page.left_out))
    response = HttpResponse(csv_text(page), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(page)}"'
    response["X-Robots-Tag"] = "noindex"
    return response

"""/selected/?ids=12,5,40: a reader's selected articles, to read through, trim and export (archive/selection.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive import conditional
from archive.selection import SELECTION_LIMIT, Selection, SelectionError, load_selection, selected_ids


def _address(ids: str) -> str:
    path = reverse("archive:selected")
    return f"{path}?ids={ids}" if ids else path


@require_safe
@conditional.kept_until_change
def selected(request: HttpRequest) -> HttpResponse:
    values = request.GET.getlist("ids")
    try:
        ids = selected_ids(values)
    except SelectionError as error:
        context = {"error": str(error), "selection": Selection(ids=[]), "limit": SELECTION_LIMIT}
        return render(request, "archive/selection.html", context, status=400)
    canonical = ",".join(map(str, ids))
    if len(values) > 1 or (values and values[0] != canonical):  # a form's ids=1&ids=2, or spaces and repeats
        return redirect(_address(canonical))
    selection = load_selection(ids)
    context = {
        "selection": selection,
        "ids": ",".join(map(str, selection.found_ids)),
        "rows": [(article, _address(selection.without(article.pk))) for article in selection.articles],
        "limit": SELECTION_LIMIT,
    }
    response = render(request, "archive/selection.html", context)
    response["X-Robots-Tag"] = "noindex"  # a reader's list, not a page of the archive
    return response

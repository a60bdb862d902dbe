"""/selected/?ids=12,5,40: a reader's selected articles, to read through, trim and export (archive/selection.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive import conditional
from archive.citations import STYLES, article_item, reference_list
from archive.models import Article
from archive.selection import SELECTION_LIMIT, Selection, SelectionError, load_selection, selected_ids


def _address(ids: str, style: str = "", removed: int | None = None) -> str:
    """The list's page for `ids` (comma-separated, kept readable) in `style`, either left out when empty; after
    a removal, the article removed (the page says so)."""
    pairs = (("ids", ids), ("style", style), ("removed", str(removed) if removed else ""))
    query = urlencode([(key, value) for key, value in pairs if value], safe=",")
    path = reverse("archive:selected")
    return f"{path}?{query}" if query else path


def _style(request: HttpRequest) -> tuple[str, str]:
    """The citation style asked for (`style`; APA unless another is named) and, for an unknown one, a notice:
    said, not silently replaced."""
    asked = request.GET.get("style", "")
    if asked in STYLES:
        return asked, ""
    return "apa", f"“{asked[:20]}” is not a citation style here: the list is in APA." if asked else ""


def _references(request: HttpRequest, selection: Selection, ids: str, style: str) -> dict:
    """The list as references in `style`, with the links to the other styles."""
    items = [article_item(article, request) for article in selection.articles]
    return {
        "entries": reference_list(items, style) if items else [],
        "styles": [(key, label, _address(ids, key), key == style) for key, (label, _file) in STYLES.items()],
    }


def _removed_title(request: HttpRequest, ids: list[int]) -> str:
    """The title of the article just removed from the list (`removed`), for the page to say so ("" if none)."""
    removed = request.GET.get("removed", "")
    if not (removed.isascii() and removed.isdecimal()) or len(removed) > 12 or int(removed) in ids:
        return ""
    return Article.objects.published().filter(pk=int(removed)).values_list("title", flat=True).first() or ""


@require_safe
@conditional.kept_until_change
def selected(request: HttpRequest) -> HttpResponse:
    values = request.GET.getlist("ids")
    try:
        ids = selected_ids(values)
    except SelectionError as error:
        context = {"error": str(error), "selection": Selection(), "asked": True, "limit": SELECTION_LIMIT}
        return render(request, "archive/selection.html", context, status=400)
    canonical = ",".join(map(str, ids))
    if len(values) > 1 or (values and values[0] != canonical):  # a form's ids=1&ids=2, or spaces and repeats
        return redirect(_address(canonical, request.GET.get("style", "")))
    selection = load_selection(ids)
    found = ",".join(map(str, selection.found_ids))
    style, style_notice = _style(request)
    kept_style = request.GET.get("style", "") and style  # a removal keeps the style the reader chose
    context = {
        "selection": selection,
        "ids": found,
        "rows": [
            (article, _address(selection.without(article.pk), kept_style, removed=article.pk))
            for article in selection.articles
        ],
        "removed_title": _removed_title(request, ids),
        "references": _references(request, selection, found, style),
        "asked": bool(values),  # /selected/ itself: the script opens the browser's selection, if there is one
        "style_notice": style_notice,
        "limit": SELECTION_LIMIT,
    }
    response = render(request, "archive/selection.html", context)
    response["X-Robots-Tag"] = "noindex"  # a reader's list, not a page of the archive
    return response

"""Entity pages: /countries/, /organisations/, /sources/, /writers/ and one page per country, organisation, source
and writer (thin views).

Each reads the index (counts, latest articles) and the entities' records (names, aliases, links): a reload gets
304 and the next reader the page kept, until either changes (archive/conditional.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from archive import conditional
from archive.chart_options import chosen, switch_links
from archive.entity_pages import Comparison, EntityPage, comparison, list_options
from archive.errors import error_response, search_unavailable
from archive.profiles import list_rows, profile_page
from archive.search import IndexUnavailable

LIST_PARAMETERS = ("q", "sort")  # what the lists read
# Entity kind -> how its list names one entity and heads the column of short names.
LIST_WORDS = {
    "country": ("country", "Code"),
    "organisation": ("organisation", "Acronym"),
    "source": ("source", "Website"),
    "writer": ("writer", "Wrote for"),
}
NOT_FOUND = {
    "country": "No country has the code “{}”.",
    "organisation": "No organisation is known as “{}”.",
    "source": "No source is known as “{}”.",
    "writer": "No writer is known as “{}”.",
}


def _list(request: HttpRequest, kind: str, title: str) -> HttpResponse:
    q, sort, notices = list_options(request.GET)
    try:
        rows = list_rows(kind, q=q, sort=sort)
    except IndexUnavailable:
        return search_unavailable(request)
    singular, short_heading = LIST_WORDS[kind]
    context = {
        "kind": kind,
        "title": title,
        "singular": singular,
        "short_heading": short_heading,
        "rows": rows,
        "q": q,
        "sort": sort,
        "notices": notices,
    }
    return render(request, "archive/entity_list.html", context)


@conditional.kept_until_change
def countries(request: HttpRequest) -> HttpResponse:
    return _list(request, "country", "Countries")


@conditional.kept_until_change
def organisations(request: HttpRequest) -> HttpResponse:
    return _list(request, "organisation", "Organisations")


@conditional.kept_until_change
def sources(request: HttpRequest) -> HttpResponse:
    return _list(request, "source", "Sources")


@conditional.kept_until_change
def writers(request: HttpRequest) -> HttpResponse:
    return _list(request, "writer", "Writers")


def _compare_choices(page: EntityPage, compared: Comparison | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the page offers to compare with: the entities most often named with it, by kind (and the one
    compared, when it is not among them)."""
    groups = []
    for kind, title in (("country", "Countries"), ("organisation", "Organisations"), ("source", "Sources")):
        items = [(f"{kind}:{item.value}", item.label) for item in page.profile.cooccurring.get(kind, [])]
        if compared is not None and compared.other.kind == kind and compared.value not in dict(items):
            items.insert(0, (compared.value, compared.other.name))
        if items:
            groups.append((title, items))
    return groups


def _detail(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    try:
        page = profile_page(kind, key)
    except IndexUnavailable:
        return search_unavailable(request)
    if page is None:
        listed = {"country": "countries", "organisation": "organisations", "source": "sources", "writer": "writers"}
        way_on = (f"All {listed[kind]}", reverse(f"archive:{listed[kind]}"))
        return error_response(request, 404, NOT_FOUND[kind].format(key[:60]), way_on=way_on)
    if key != page.key:  # /countries/pk/ -> /countries/PK/, /organisations/IMF/ -> /organisations/imf/
        return redirect(page.url, permanent=True)
    scale, measure, notices = chosen(request.GET)
    asked = request.GET.get("compare", "")[:120] if page.comparable else ""
    compared = comparison(page, asked) if asked else None
    compare = compared.values if compared else []
    context = {
        "page": page,
        "profile": page.profile,
        "scale": scale,
        "measure": measure,
        **switch_links(scale, measure, compare),  # each switch keeps the other's choice
        "compared": compared,
        "compare_choices": _compare_choices(page, compared) if page.comparable else [],
        "notices": [
            *notices,
            *(
                [f"Nothing to compare with: “{asked[:60]}” names no other country, organisation or source."]
                if asked and compared is None
                else []
            ),
        ],
        "canonical_url": request.build_absolute_uri(page.url),
    }
    return render(request, "archive/entity_detail.html", context)


@conditional.kept_until_change
def country(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, "country", code)


@conditional.kept_until_change
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, "organisation", slug)


@conditional.kept_until_change
def source(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, "source", slug)


@conditional.kept_until_change
def writer(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, "writer", slug)

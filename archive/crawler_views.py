"""What crawlers read: /robots.txt and the sitemaps (archive/sitemaps.py).

Every search is a page of its own, and the filters combine without end: a crawler following facet links would
never finish and would keep a worker searching. robots.txt keeps crawlers to the pages worth indexing (articles,
entity pages, help), which the sitemaps list; an article's other URLs (`?back=` from a search) name their
permalink as canonical, and the raw text and citation downloads ask not to be indexed (`X-Robots-Tag`).
"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive import conditional
from archive.entity_views import LIST_PARAMETERS
from archive.errors import search_unavailable
from archive.forms import SEARCH_KEYS
from archive.search import IndexUnavailable
from archive.sitemaps import SITEMAPS


def _disallowed_paths() -> list[str]:
    """Left to people and programs: every search with its timeline and concordance, batch search, the feeds, the
    API and its documentation, alerts, readers' selections, the admin, and the entity lists' sorted and filtered
    variants.

    A search is the search page with parameters, so each parameter it can start with is a line (`/?q=`, ...):
    a bare `/?` would be read as `/` (the whole site) by parsers that normalise paths, Python's among them, and
    wildcards (`/*?`) are not understood by all."""
    search = reverse("archive:search")
    lists = [reverse(f"archive:{name}") for name in ("countries", "organisations", "sources", "writers")]
    return [
        *(f"{search}?{key}=" for key in SEARCH_KEYS),
        reverse("archive:batch"),
        reverse("archive:timeline"),  # a search's, and its CSV below it
        reverse("archive:concordance"),  # likewise
        reverse("archive:feed"),  # and the Atom feed below it
        reverse("archive:api-docs"),  # and the API below it
        reverse("archive:alert-subscribe"),
        reverse("archive:selected"),  # a reader's own list
        reverse("admin:index"),
        *(f"{path}?{key}=" for path in lists for key in LIST_PARAMETERS),
    ]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in _disallowed_paths()), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
@conditional.kept_until_change(keep=False)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    try:
        return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")
    except IndexUnavailable:
        return search_unavailable(request)


@require_safe
@conditional.kept_until_change(keep=False)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    try:
        return sitemap_views.sitemap(request, SITEMAPS, section=section)
    except IndexUnavailable:
        return search_unavailable(request)

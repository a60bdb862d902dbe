"""Thin views: validate the request, call a service, render."""

from __future__ import annotations

import logging

from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static

from archive.errors import search_unavailable
from archive.forms import params_from_query, used_query
from archive.health import health
from archive.models import Article
from archive.search import RESOLVERS, IndexUnavailable, related_articles
from archive.search import search as run_search

logger = logging.getLogger(__name__)

# An article page shows at most this many characters of the body (about 16,000 words), then links to the
# full text.
ARTICLE_PAGE_CHARS = 100_000


def search(request: HttpRequest) -> HttpResponse:
    params, notices, _ = params_from_query(request.GET)
    try:
        result = run_search(params, resolvers=RESOLVERS)
    except IndexUnavailable:  # logged by the search; the reader gets a 503 that says why
        return search_unavailable(request)
    result.notices[:0] = notices
    return render(
        request,
        "archive/search.html",
        {"result": result, "params": params, "query": used_query(request.GET, params)},
        status=200,
    )


def _shown_part(head: str, length: int) -> str:
    """The start of a body to show when it is longer than a page holds: up to a paragraph or word break."""
    if length <= ARTICLE_PAGE_CHARS:
        return head
    head = head[:ARTICLE_PAGE_CHARS]
    for separator in ("\n\n", "\n", " "):
        at = head.rfind(separator, ARTICLE_PAGE_CHARS // 2)
        if at > 0:
            return head[:at]
    return head


def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    # Only the start of the body that the page can show is loaded and rendered: a 19 MB article's page took
    # two seconds. The whole text is one link away (the raw view).
    queryset = (
        Article.objects.with_tags()
        .defer("body", "raw_text")
        .annotate(body_head=Substr("body", 1, ARTICLE_PAGE_CHARS + 1), body_length=Length("body"))
    )
    if not request.user.is_staff:
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    context = {
        "article": article,
        "body": _shown_part(article.body_head, article.body_length),
        "body_cut": article.body_length > ARTICLE_PAGE_CHARS,
    }
    context["related"], context["related_unavailable"] = related_for_page(article.pk)
    return render(request, "archive/article_detail.html", context)


def related_for_page(article_id: int) -> tuple[list, bool]:
    """(related hits, unavailable): the article page never fails because of its related articles."""
    try:
        return related_articles(article_id), False
    except Exception:  # an unreadable index or anything else: the section says so, the page still renders
        logger.exception("Related articles for article %s failed.", article_id)
        return [], True


def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The text exactly as received, as plain text: the browser never interprets it as HTML."""
    queryset = Article.objects.all() if request.user.is_staff else Article.objects.published()
    article = get_object_or_404(queryset, pk=pk)
    response = HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for a monitor or load balancer (see archive/health.py); never cached."""
    report, healthy = health()
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the (hashed) static file."""
    response = redirect(static("archive/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response

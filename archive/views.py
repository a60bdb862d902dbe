"""Thin views: validate the request, call a service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static

from archive.errors import search_unavailable
from archive.forms import params_from_query, used_query
from archive.health import health
from archive.models import Article
from archive.search.faults import IndexUnavailable
from archive.search.lookups import RESOLVERS
from archive.search.service import search as run_search


def search(request: HttpRequest) -> HttpResponse:
    params, notices, form = params_from_query(request.GET)
    try:
        result = run_search(params, resolvers=RESOLVERS)
    except IndexUnavailable:  # logged by the search; the reader gets a 503 that says why
        return search_unavailable(request)
    result.notices[:0] = notices
    return render(
        request,
        "archive/search.html",
        {"form": form, "result": result, "params": params, "query": used_query(request.GET, params)},
        status=200,
    )


def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    queryset = Article.objects.with_tags()
    if not request.user.is_staff:
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "archive/article_detail.html", {"article": article})


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

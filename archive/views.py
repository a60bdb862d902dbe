"""Thin views: validate the request, call a service, render."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from archive import conditional
from archive.advanced_search import AdvancedSearchForm
from archive.citations import article_item
from archive.errors import removed_or_404, search_unavailable
from archive.exporters import published_text
from archive.forms import params_from_query, search_in_words, search_state, used_query
from archive.health import health
from archive.models import Article
from archive.result_navigation import ResultPlace, place_in_results
from archive.search import RESOLVERS, IndexUnavailable, related_articles
from archive.search import search as run_search
from archive.writers import writer_searches

logger = logging.getLogger(__name__)

# An article page shows at most this many characters of the body (about 16,000 words), then links to the
# full text.
ARTICLE_PAGE_CHARS = 100_000
DESCRIPTION_CHARS = 200  # an article's description for search engines and link previews
OPENSEARCH_TYPE = "application/opensearchdescription+xml"


def _without_empty_values(query: QueryDict) -> QueryDict | None:
    """The query without its empty values (`?q=&sort=`), or None when it has none."""
    if all(value.strip() for _, values in query.lists() for value in values):
        return None
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        if values := [value for value in values if value.strip()]:
            kept.setlist(key, values)
    return kept


# A reload, a way back to the page, or another reader's same search, with the page still current: 304 or the page
# kept, and no search (archive/conditional.py).
@conditional.kept_until_change
def search(request: HttpRequest) -> HttpResponse:
    # A form submitted with empty fields (no JavaScript to drop them) lands on the same search without them:
    # one URL per search, to share, bookmark and cache.
    cleaned = _without_empty_values(request.GET)
    if cleaned is not None:
        return redirect(f"{request.path}?{cleaned.urlencode()}" if cleaned else request.path)
    params, notices, _ = params_from_query(request.GET)
    try:
        result = run_search(params, resolvers=RESOLVERS)
    except IndexUnavailable:  # logged by the search; the reader gets a 503 that says why
        return search_unavailable(request)
    result.notices[:0] = notices
    result.mark_snippets()
    response = render(
        request,
        "archive/search.html",
        {
            "result": result,
            "params": params,
            "query": used_query(request.GET, params),
            "named": search_in_words(params),  # the page's title: "oil · United States · 1987"
        },
        status=200,
    )
    if result.partial:  # cut short by the time limit: not a page to keep until the next change
        conditional.not_to_keep(response)
    return response


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


def _description(article: Article) -> str:
    """What a search engine or a link preview shows under the title: the standfirst, else the body's start."""
    text = article.standfirst[0] if article.standfirst else article.body_head[:1000]
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)


@require_safe
def advanced_search(request: HttpRequest) -> HttpResponse:
    """The advanced search form; filled in, it leads to the search page of what it says (a GET form: a search
    changes nothing). Given a search's parameters instead, it starts filled in with that search."""
    if AdvancedSearchForm.sent_in(request.GET):
        form = AdvancedSearchForm(request.GET)
        if form.is_valid():
            return redirect(form.search_url())
        return render(request, "archive/advanced.html", {"form": form}, status=400)
    # Reached from a search (its parameters), the form starts from it.
    form, notices = AdvancedSearchForm.from_search(request.GET)
    context = {"form": form, "from_search": bool(form.initial), "notices": notices}
    return render(request, "archive/advanced.html", context)


# Everything the page shows is the article's record, its tags, copies and attachments (each change to them commits
# a new index generation) and its related articles (the index): a reader's reload gets 304, the next reader the
# page kept (archive/conditional.py). An editor (a session) sees the page made afresh, unpublished ones too.
@conditional.kept_until_change
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    # Only the start of the body that the page can show is loaded and rendered: a 19 MB article's page took
    # two seconds. The whole text is one link away (the raw view).
    queryset = (
        Article.objects.with_tags()
        .defer("body", "raw_text")
        .annotate(body_head=Substr("body", 1, ARTICLE_PAGE_CHARS + 1), body_length=Length("body"))
    )
    article = queryset.visible_to(request.user).filter(pk=pk).first()
    if article is None:
        return removed_or_404(request, pk)
    # The search the reader came from (`?back=`, set by the result links): the back link returns to it and
    # its words are marked in the body.
    state = search_state(request.GET.get("back", ""))
    back_param = urlencode({"back": state.urlencode()}) if state else ""
    if slug != article.slug:
        return redirect(article.get_absolute_url() + (f"?{back_param}" if back_param else ""), permanent=True)
    context = {
        "article": article,
        "body": _shown_part(article.body_head, article.body_length),
        "body_cut": article.body_length > ARTICLE_PAGE_CHARS,
        "published_iso": published_text(article),
        "back_url": reverse("archive:search") + (f"?{state.urlencode()}" if state else ""),
        "back_param": back_param,
        # Search engines index the permalink, not each search's `?back=` variant of it.
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        "description": _description(article),
        # The article's CSL-JSON item: its citations and the metadata its <head> embeds are both made from it.
        "citation": article_item(article, request),
        "writers": writer_searches(article.author),
        "highlight": "" if request.GET.get("highlight") == "off" else state.get("q", ""),
    }
    context["related"], context["related_unavailable"] = related_for_page(article.pk)
    context["result_place"], place_unavailable = place_for_page(state, article.pk)
    context["attachments"] = list(article.attachments.listed())
    response = render(request, "archive/article_detail.html", context)
    if context["related_unavailable"] or place_unavailable:  # the index could not be read: not a page to keep
        conditional.not_to_keep(response)
    return response


def place_for_page(state: QueryDict, article_id: int) -> tuple[ResultPlace | None, bool]:
    """(the article's place among the results of the search it was reached from, unavailable): None without a
    search or when the article is not on its page; the page never fails because of it."""
    if not state:
        return None, False
    params, _, _ = params_from_query(state)
    try:
        return place_in_results(params, state, article_id), False
    except Exception:  # an unreadable index or anything else: the page renders without the links
        logger.exception("The place of article %s among its search's results failed.", article_id)
        return None, True


def related_for_page(article_id: int) -> tuple[list, bool]:
    """(related hits, unavailable): the article page never fails because of its related articles."""
    try:
        return related_articles(article_id), False
    except Exception:  # an unreadable index or anything else: the section says so, the page still renders
        logger.exception("Related articles for article %s failed.", article_id)
        return [], True


def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The text exactly as received, as plain text: the browser never interprets it as HTML."""
    queryset = Article.objects.visible_to(request.user)
    article = get_object_or_404(queryset, pk=pk)
    response = HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Robots-Tag"] = "noindex"  # the article page is what search engines should show
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


@require_safe
def opensearch_description(request: HttpRequest) -> HttpResponse:
    """/opensearch.xml: lets a browser add the archive as a search engine (the address bar searches it) and tells
    programs where its search answers as a page, RSS, Atom and JSON. Absolute addresses on the host asked."""
    absolute = request.build_absolute_uri
    context = {
        "search": absolute(reverse("archive:search")),
        "rss": absolute(reverse("archive:feed")),
        "atom": absolute(reverse("archive:feed-atom")),
        "api": absolute(reverse("api:search")),
        "self": absolute(reverse("opensearch")),
        "icon": absolute(static("archive/favicon.svg")),
    }
    response = render(request, "archive/opensearch.xml", context, content_type=OPENSEARCH_TYPE)
    response["Cache-Control"] = "public, max-age=86400"
    return response

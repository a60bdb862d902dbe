"""The JSON API: the same search as the page, and one article in full."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from archive.exporters import published_text
from archive.forms import params_from_query
from archive.models import Article
from archive.search import FACETS, RESOLVERS, Hit, SearchResult
from archive.search import search as run_search


def _facets(result: SearchResult) -> dict:
    return {
        facet: [
            {"value": item.value, "label": item.label, "count": item.count, "selected": item.selected}
            if facet != "date"
            else {"value": item.value, "count": item.count, "selected": item.selected}
            for item in result.facets.get(facet, [])
        ]
        for facet in FACETS
    }


def _summary(hit: Hit, request: HttpRequest) -> dict:
    article = hit.article
    return {
        "id": article.pk,
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "published": published_text(article),
        "precision": article.precision,
        "source": article.source.name if article.source_id else None,
        "dateline": article.dateline_place,
        "countries": [tag.country.code for tag in article.active_country_tags()],
        "organisations": [tag.organisation.slug for tag in article.active_organisation_tags()],
        # Plain text: API clients escape and render it themselves.
        "snippet": hit.snippet_text,
        "matches": [text for text, matched in hit.pieces if matched],
    }


def search(request: HttpRequest) -> JsonResponse:
    params, notices, _ = params_from_query(request.GET)
    result = run_search(params, resolvers=RESOLVERS)
    body = {
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "results": [_summary(hit, request) for hit in result.hits],
        "facets": _facets(result),
        "notices": notices + result.notices,
    }
    if result.partial:
        body["partial"] = True
    if result.suggestion:
        body["suggestion"] = result.suggestion
    if result.error:
        body["error"] = result.error
        return JsonResponse(body, status=400)
    return JsonResponse(body)


def article(request: HttpRequest, pk: int) -> JsonResponse:
    queryset = Article.objects.with_tags()
    if not request.user.is_staff:
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=pk)
    return JsonResponse(
        {
            "id": article.pk,
            "title": article.title,
            "title_generated": article.title_generated,
            "standfirst": article.standfirst,
            "body": article.body,
            "url": request.build_absolute_uri(article.get_absolute_url()),
            "source_url": article.url,
            "source": article.source.name if article.source_id else None,
            "author": article.author,
            "author_bio": article.author_bio,
            "dateline": article.dateline_place,
            "published": published_text(article),
            "precision": article.precision,
            "date_text": article.date_text,
            "captions": article.captions,
            "language": article.language,
            "countries": [
                {"code": t.country.code, "name": t.country.name, "origin": t.origin, "mentions": t.mentions}
                for t in article.active_country_tags()
            ],
            "organisations": [
                {
                    "slug": t.organisation.slug,
                    "name": t.organisation.name,
                    "acronym": t.organisation.acronym,
                    "origin": t.origin,
                    "mentions": t.mentions,
                }
                for t in article.active_organisation_tags()
            ],
            "checksum": article.checksum,
            "import_ref": article.import_ref,
            "imported_at": article.imported_at.isoformat(),
            "updated_at": article.updated_at.isoformat(),
            "raw_text_url": request.build_absolute_uri(reverse("archive:article-raw", args=[article.pk])),
        }
    )

"""Citation downloads of one article: RIS, BibTeX and CSL-JSON at stable URLs (/articles/<id>/cite.<ext>)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from archive.citations import article_item, bibtex, ris
from archive.models import Article

# Extension -> (content type, how the item is written).
FORMATS = {
    "ris": ("application/x-research-info-systems", lambda item: "".join(ris([item]))),
    "bib": ("application/x-bibtex", lambda item: "".join(bibtex([item]))),
    "json": (
        "application/vnd.citationstyles.csl+json",
        lambda item: json.dumps([item], ensure_ascii=False, indent=2) + "\n",
    ),
}


def article_cite(request: HttpRequest, pk: str, ext: str) -> HttpResponse:
    """Unpublished articles are 404 for readers, as on the article page."""
    queryset = Article.objects.with_tags()
    if not request.user.is_staff:
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=int(pk))
    content_type, write = FORMATS[ext]
    response = HttpResponse(write(article_item(article, request)), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}.{ext}"'
    response["X-Robots-Tag"] = "noindex"  # a download, not a page for search engines
    return response

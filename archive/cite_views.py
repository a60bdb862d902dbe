"""Citation downloads of one article: RIS, BibTeX and CSL-JSON at stable URLs (/articles/<id>/cite.<ext>)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from archive.citations import bibtex, csl_json, ris
from archive.models import sees_unpublished
from archive.search_export import articles_in_order, reference_item

# Extension -> (content type, how the item is written).
FORMATS = {
    "ris": ("application/x-research-info-systems", lambda item: "".join(ris([item]))),
    "bib": ("application/x-bibtex", lambda item: "".join(bibtex([item]))),
    "json": ("application/vnd.citationstyles.csl+json", lambda item: csl_json([item])),
}


def article_cite(request: HttpRequest, pk: str, ext: str) -> HttpResponse:
    """The article's reference as an export of it writes it (`reference_item`: keywords, original address and all).
    Unpublished articles are 404 for readers, as on the article page."""
    article = next(
        iter(articles_in_order([int(pk)], include_body=False, published_only=not sees_unpublished(request.user))), None
    )
    if article is None:
        raise Http404("No such article.")
    content_type, write = FORMATS[ext]
    item = reference_item(
        article, permalink=request.build_absolute_uri(article.permalink_path), accessed=timezone.localdate()
    )
    response = HttpResponse(write(item), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}.{ext}"'
    response["X-Robots-Tag"] = "noindex"  # a download, not a page for search engines
    return response

"""GET /api/articles/<id>/: one article in full; GET /api/articles/<id>/related/: the articles its page lists as
related."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from archive.api.core import LIMITED, described, errors
from archive.api.schemas import ArticleDetail, RelatedArticles
from archive.copies import other_versions
from archive.errors import removed_or_404
from archive.exporters import published_text
from archive.models import Article
from archive.search import related_articles

router = Router(tags=["articles"])
ARTICLE_ID = "The article's id."
MAX_RELATED = 20


def _listed(other: Article, request: HttpRequest) -> dict:
    """Another article as the answers list one (`OtherVersion`): a version of the story, a related article."""
    return {
        "id": other.pk,
        "url": request.build_absolute_uri(other.get_absolute_url()),
        "title": other.title,
        "source": other.source.name if other.source_id else None,
        "published": published_text(other),
    }


@router.get(
    "/articles/{int:pk}/",
    response={200: ArticleDetail, **errors(404, 410, *LIMITED)},
    operation_id="article",
    summary="One article in full",
    url_name="article",
    openapi_extra=described(retry_after=LIMITED),
)
def article(request: HttpRequest, pk: int = Path(..., example=1, description=ARTICLE_ID)):
    """Title, standfirst, body, source metadata, date and precision, tags with their origin, checksum, import
    reference and a link to the raw text as received. Unpublished articles answer 404 (except to editors);
    a deleted one 410, saying when."""
    queryset = Article.objects.with_tags().visible_to(request.user)
    article = queryset.filter(pk=pk).first()
    if article is None:
        return removed_or_404(request, pk)
    return {
        "id": article.pk,
        "title": article.title,
        "title_generated": article.title_generated,
        "standfirst": article.standfirst,
        "body": article.body,
        "url": (permalink := request.build_absolute_uri(article.get_absolute_url())),
        "permalink": permalink,  # as the exports name it: their `url` is `source_url`
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
        "copy_group": article.copy_group_id,
        "other_versions": [_listed(other, request) for other in other_versions(article)],
        "imported_at": article.imported_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
        "raw_text_url": request.build_absolute_uri(reverse("archive:article-raw", args=[article.pk])),
    }


@router.get(
    "/articles/{int:pk}/related/",
    response={200: RelatedArticles, **errors(400, 404, 410, *LIMITED, 503)},
    operation_id="related_articles",
    summary="The articles related to one",
    url_name="related",
    openapi_extra=described(retry_after=(*LIMITED, 503)),
)
def related(
    request: HttpRequest,
    pk: int = Path(..., example=1, description=ARTICLE_ID),
    limit: int = Query(5, ge=1, le=MAX_RELATED, description=f"How many, at most (1 to {MAX_RELATED})."),
):
    """The published articles most like this one, best first (by their words, countries and organisations), one
    version of each story: what its page lists under “Related articles” (the first five). Unpublished articles
    answer 404 (except to editors), a deleted one 410."""
    articles = Article.objects.visible_to(request.user)
    if not articles.filter(pk=pk).exists():
        return removed_or_404(request, pk)
    return {"id": pk, "results": [_listed(hit.article, request) for hit in related_articles(pk, limit)]}

"""An article's attachments: downloaded only, never rendered by the browser."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from archive.models import Article, ArticleAttachment


def attachment_download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The attachment's bytes as a download: a generic type, `attachment` disposition, nosniff, a sandbox.

    The declared content type is the sender's claim (an "image" may be HTML): it is never served, so no
    attachment runs in the archive's origin.
    """
    articles = Article.objects.visible_to(request.user)
    article = get_object_or_404(articles.only("pk"), pk=pk)
    attachment = get_object_or_404(ArticleAttachment.objects.filter(article=article), position=number)
    if not attachment.stored:
        raise Http404("This attachment was over the size limit and was not kept.")
    response = HttpResponse(bytes(attachment.data), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Robots-Tag"] = "noindex"  # a download, not a page for search engines
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

"""{% article_citations article as cite %}: the "Cite this article" block's citations and download links;
{% article_metadata article description as meta %}: what the page's <head> embeds for reference managers."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from archive.citations import PageMetadata, article_item, citations, page_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def article_citations(context, article) -> dict:
    item = article_item(article, context["request"])
    return {
        "styles": citations(item),
        "downloads": [
            (label, reverse("archive:article-cite", kwargs={"pk": article.pk, "ext": ext}))
            for label, ext in (("RIS", "ris"), ("BibTeX", "bib"), ("CSL-JSON", "json"))
        ],
    }


@register.simple_tag(takes_context=True)
def article_metadata(context, article, description: str) -> PageMetadata:
    request = context["request"]
    item = article_item(article, request)
    return page_metadata(article, item, description=description, absolute=request.build_absolute_uri)


@register.filter
def script_text(meta: PageMetadata) -> SafeString:
    return mark_safe(meta.json_ld_text)  # noqa: S308 - JSON with "<", ">" and "&" escaped: inert inside <script>

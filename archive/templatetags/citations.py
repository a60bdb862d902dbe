"""{% article_citations article citation as cite %}: the "Cite this article" block's citations and download links;
{% article_metadata article citation description as meta %}: what the page's <head> embeds for reference managers.
`citation` is the article's CSL-JSON item (`archive.citations.article_item`), made once by the page's view."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from archive.citations import PageMetadata, citations, page_metadata

register = template.Library()


@register.simple_tag
def article_citations(article, item: dict) -> dict:
    return {
        "styles": citations(item),
        "downloads": [
            (label, reverse("archive:article-cite", kwargs={"pk": article.pk, "ext": ext}))
            for label, ext in (("RIS", "ris"), ("BibTeX", "bib"), ("CSL-JSON", "json"))
        ],
    }


@register.simple_tag(takes_context=True)
def article_metadata(context, article, item: dict, description: str) -> PageMetadata:
    return page_metadata(article, item, description=description, absolute=context["request"].build_absolute_uri)


@register.filter
def script_text(meta: PageMetadata) -> SafeString:
    return mark_safe(meta.json_ld_text)  # noqa: S308 - JSON with "<", ">" and "&" escaped: inert inside <script>

"""{% article_citations article as cite %}: the "Cite this article" block's citations and download links."""

from __future__ import annotations

from django import template
from django.urls import reverse

from archive.citations import article_item, citations

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

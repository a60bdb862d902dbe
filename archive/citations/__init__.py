"""Citations of articles: CSL-JSON, RIS and BibTeX, APA / Chicago / MLA through citeproc-py, and the metadata an
article's page embeds for reference managers and search engines.

`article_item(article, request)` is the CSL-JSON item every other form is made from.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from archive.citations.csl import authors, citation_key, csl_item, date_parts, written_names
from archive.citations.embedded import PageMetadata, page_metadata
from archive.citations.formats import bibtex, bibtex_escape, csl_json, csl_json_chunks, ris
from archive.citations.formatting import STYLES, citations, cite_html, cite_text, reference_list
from archive.models import Article

__all__ = [
    "STYLES",
    "PageMetadata",
    "article_item",
    "authors",
    "bibtex",
    "bibtex_escape",
    "citation_key",
    "citations",
    "cite_html",
    "cite_text",
    "csl_item",
    "csl_json",
    "csl_json_chunks",
    "date_parts",
    "page_metadata",
    "reference_list",
    "ris",
    "written_names",
]


def article_item(article: Article, request: HttpRequest, *, accessed: dt.date | None = None) -> dict:
    """The article's CSL-JSON item, its URL the absolute permalink on the host the request came to."""
    return csl_item(
        article,
        permalink=request.build_absolute_uri(article.get_absolute_url()),
        accessed=accessed or timezone.localdate(),
    )

"""Articles -> JSON Lines that `import_articles` reads back (a round trip keeps every curated field)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from archive.dates import PartialDate, Precision
from archive.models import Article


def published_text(article: Article) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY to the precision known; None when unknown."""
    return PartialDate(article.published, Precision(article.precision)).isoformat()


def article_record(article: Article) -> dict:
    return {
        "id": article.pk,
        "import_ref": article.import_ref,
        "title": article.title,
        "title_generated": article.title_generated,
        "published": published_text(article),
        "precision": article.precision,
        "dateline": article.dateline_place,
        "source": article.source.name if article.source_id else "",
        "url": article.url,
        "author": article.author,
        "body": article.body,
        "countries": [tag.country.code for tag in article.active_country_tags()],
        "organisations": [tag.organisation.slug for tag in article.active_organisation_tags()],
        # Beyond the contract, so nothing curated is lost on the way back in:
        "standfirst": article.standfirst,
        "author_bio": article.author_bio,
        "captions": article.captions,
        "language": article.language,
        "raw_text": article.raw_text,
    }


def export_articles(out: TextIO, articles: Iterable[Article] | None = None) -> int:
    """Write one JSON object per line; returns how many were written."""
    if articles is None:
        articles = Article.objects.with_tags().order_by("pk").iterator(chunk_size=1000)
    count = 0
    for article in articles:
        out.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        count += 1
    return count

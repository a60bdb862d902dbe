"""An article's Whoosh document built directly: what haystack's `ArticleIndex` prepares, without it.

haystack prepares a document field by field through getattr chains and renders the text from
templates/search/indexes/archive/article_text.txt through Django's template engine; for an import
of 10,000 articles that was most of the importing process's time spent on documents. This module
writes the same text and the same values in plain Python. The template stays the definition:
tests/search/test_documents.py checks that both give equal documents (seeds, Reuters samples and
edge cases), and any shape the direct path does not cover goes to haystack (`None` here).
"""

from __future__ import annotations

from archive.dates import date_end_key, date_sort_key
from archive.models import Article
from archive.search.indexes import copy_group_key, copy_order_key, date_keys, document_fingerprint

CONTENT_TYPE = "archive.article"


def _lines(values) -> str | None:
    """`{% for line in values %}{{ line }}\\n{% endfor %}` for a list of strings; None for anything else."""
    if type(values) is not list:
        return None
    for value in values:
        if type(value) is not str:  # the template would render None, numbers, ... its own way
            return None
    return "".join(f"{value}\n" for value in values)


def article_document(article: Article) -> dict | None:
    """The document `ArchiveWhooshSearchBackend.prepare_document` gives through haystack, or None
    when the article holds a value whose rendering is left to the template (then use haystack)."""
    if type(article) is not Article:
        return None
    title, place, body, author = article.title, article.dateline_place, article.body, article.author
    if not (type(title) is str and type(place) is str and type(body) is str and type(author) is str):
        return None
    standfirst, captions = _lines(article.standfirst), _lines(article.captions)
    if standfirst is None or captions is None:
        return None
    source = article.source if article.source_id is not None else None
    country_tags = article.active_country_tags()
    organisation_tags = article.active_organisation_tags()
    countries = "".join(f"{tag.country.name} " for tag in country_tags)
    organisations = "".join(f"{tag.organisation.name} {tag.organisation.acronym} " for tag in organisation_tags)
    # The template, line by line (its last line, after {% endautoescape %}, is empty).
    text = (
        f"{title}\n{standfirst}{place}\n{body}\n{captions}{author}\n{source.name if source else ''}\n"
        f"{countries}\n{organisations}\n\n"
    )
    year, month, day = date_keys(article)
    pk = article.pk
    document = {
        "id": f"{CONTENT_TYPE}.{pk}",
        "django_ct": CONTENT_TYPE,
        "django_id": str(pk),
        "text": text,
        "title": title,
        "author": author,
        "countries": [tag.country.code for tag in country_tags],
        "organisations": [tag.organisation.slug for tag in organisation_tags],
        "source": [source.slug] if source else [],
        "year": year,
        "month": month,
        "day": day,
        "date_sort": date_sort_key(article.published),
        "date_end": date_end_key(article.published, article.precision),
        "copy_group": copy_group_key(article),
        "copy_order": copy_order_key(article),
    }
    document["fingerprint"] = document_fingerprint(document)
    return document

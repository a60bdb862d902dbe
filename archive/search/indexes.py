"""The one haystack SearchIndex: what an article looks like in Whoosh."""

from __future__ import annotations

import hashlib
import json

from haystack import indexes

from archive.dates import date_end_key, date_sort_key
from archive.models import Article
from archive.search.analysis import text_analyzer
from archive.search.fields import ExactField, FingerprintField, SortKeyField


def date_keys(article: Article) -> tuple[list[str], list[str], list[str]]:
    """Year, month and day keys to the precision the date is known ("2023", "2023-06", "2023-06-20")."""
    if article.published is None:
        return [], [], []
    value, precision = article.published, article.precision
    year = [f"{value.year:04d}"]
    month = [f"{value.year:04d}-{value.month:02d}"] if precision in ("month", "day") else []
    day = [value.isoformat()] if precision == "day" else []
    return year, month, day


MAX_BODY_KEY = (1 << 31) - 1


def copy_group_key(article: Article) -> int:
    """The article's copy group id, 0 when it has no known copy (each such article is a group of its own)."""
    return getattr(article, "copy_group_id", None) or 0


def copy_order_key(article: Article) -> int:
    """After the date (earliest first, undated last): the longest body, then the lowest id, in one integer
    that sorts ascending: `archive.copies.representative`'s order, readable from one index column."""
    length = min(len(article.body or ""), MAX_BODY_KEY)
    return (MAX_BODY_KEY - length) << 32 | (article.pk or 0)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Searched with or without their accents ("cafe" finds "café"): analysis.text_analyzer.
    text = indexes.CharField(document=True, use_template=True, analyzer=text_analyzer())
    title = indexes.CharField(model_attr="title", analyzer=text_analyzer())
    author = indexes.CharField(model_attr="author", analyzer=text_analyzer())  # the byline: `author:"Cal Mankowski"`
    countries = ExactField()
    organisations = ExactField()
    source = ExactField()
    year = ExactField()
    month = ExactField()
    day = ExactField()
    date_sort = SortKeyField()
    date_end = SortKeyField()  # the last day the date may be (a month's, a year's): from/to ranges hold it whole
    copy_group = SortKeyField()  # the article's copy group (0: no known copy): one search row per group
    copy_order = SortKeyField()  # which copy of a group stands for it (copies.py), after the date
    fingerprint = FingerprintField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.published().with_tags()

    def prepare_countries(self, article: Article) -> list[str]:
        return [tag.country.code for tag in article.active_country_tags()]

    def prepare_organisations(self, article: Article) -> list[str]:
        return [tag.organisation.slug for tag in article.active_organisation_tags()]

    def prepare_source(self, article: Article) -> list[str]:
        return [article.source.slug] if article.source_id else []

    def prepare_year(self, article: Article) -> list[str]:
        return date_keys(article)[0]

    def prepare_month(self, article: Article) -> list[str]:
        return date_keys(article)[1]

    def prepare_day(self, article: Article) -> list[str]:
        return date_keys(article)[2]

    def prepare_date_sort(self, article: Article) -> int:
        return date_sort_key(article.published)  # unknown dates sort as 0 (oldest)

    def prepare_date_end(self, article: Article) -> int:
        return date_end_key(article.published, article.precision)

    def prepare_copy_group(self, article: Article) -> int:
        return copy_group_key(article)

    def prepare_copy_order(self, article: Article) -> int:
        return copy_order_key(article)

    def full_prepare(self, obj, with_string_facet=True):
        data = super().full_prepare(obj, with_string_facet=with_string_facet)
        data["fingerprint"] = document_fingerprint(data)
        return data


IDENTITY_FIELDS = {"id", "django_ct", "django_id", "fingerprint"}


def document_fingerprint(document: dict) -> str:
    """A hash of everything the index holds for a document: equal fingerprints, equal documents."""
    content = {key: value for key, value in document.items() if key not in IDENTITY_FIELDS}
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]

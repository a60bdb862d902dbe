"""Export every article a search finds, in its order, as CSV, JSON Lines, RIS or BibTeX: streamed in chunks.

`plan_export` checks the search and the cap (settings.ARCHIVE_EXPORT_LIMIT) before a byte is sent: a search
that finds more is refused with its total (`ExportTooLarge`), never cut short. `export_chunks` then loads the
articles a chunk at a time (constant memory whatever the count) and yields text in the search's order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from archive.citations import bibtex, csl_item, ris
from archive.exporters import published_text
from archive.models import Article
from archive.search import RESOLVERS, SearchParams, matching_ids

CHUNK = 500  # articles loaded per query
FORMATS = {
    # name -> (content type, file extension)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
}
COLUMNS = (
    "id",
    "permalink",
    "title",
    "published",
    "precision",
    "source",
    "url",
    "author",
    "dateline",
    "countries",
    "organisations",
)
# Cells a spreadsheet would read as a formula (OWASP "CSV injection"): prefixed with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportTooLarge(Exception):
    def __init__(self, total: int, limit: int) -> None:
        self.total, self.limit = total, limit
        super().__init__(
            f"This search finds {total:,} articles; an export holds at most {limit:,}. "
            "Narrow the search with a filter or a date range, then export again."
        )


@dataclass(frozen=True)
class ExportPlan:
    total: int
    ids: list[int]
    format: str
    include_body: bool

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def filename(self) -> str:
        return f"archive-export-{timezone.localdate():%Y-%m-%d}.{FORMATS[self.format][1]}"


def plan_export(
    params: SearchParams, *, format: str, include_body: bool = False, limit: int | None = None
) -> ExportPlan:
    """The ids to export, in order. Raises ExportTooLarge, QueryError and IndexUnavailable; `format` is known."""
    limit = settings.ARCHIVE_EXPORT_LIMIT if limit is None else limit
    total, ids = matching_ids(params, limit=limit, resolvers=RESOLVERS)
    if total > limit:
        raise ExportTooLarge(total, limit)
    return ExportPlan(total=total, ids=ids, format=format, include_body=include_body)


def articles_in_order(ids: list[int], *, include_body: bool, chunk: int = CHUNK) -> Iterator[Article]:
    """Published articles with their tags, `chunk` at a time, in the order of `ids`."""
    deferred = ("raw_text",) if include_body else ("raw_text", "body")
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        loaded = Article.objects.published().with_tags().defer(*deferred).in_bulk(part)
        for article_id in part:
            article = loaded.get(article_id)
            if article is not None:  # unpublished or deleted since the index saw it
                yield article


def record(article: Article, permalink: str, *, include_body: bool) -> dict:
    row = {
        "id": article.pk,
        "permalink": permalink,
        "title": article.title,
        "published": published_text(article),
        "precision": article.precision,
        "source": article.source.name if article.source_id else None,
        "url": article.url or None,
        "author": article.author or None,
        "dateline": article.dateline_place or None,
        "countries": [tag.country.code for tag in article.active_country_tags()],
        "organisations": [tag.organisation.slug for tag in article.active_organisation_tags()],
    }
    if include_body:
        row["body"] = article.body
    return row


def neutralised(value) -> str:
    """A CSV cell: lists joined with "; ", None empty, formula-like text prefixed with a single quote."""
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(records: Iterable[dict], include_body: bool) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = COLUMNS + (("body",) if include_body else ())
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()  # the BOM: spreadsheet software then reads UTF-8
    for row in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralised(row[column]) for column in columns])
        yield buffer.getvalue()


def _jsonl(records: Iterable[dict]) -> Iterator[str]:
    for row in records:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _references(articles: Iterable[Article], permalink: Callable[[Article], str], include_body: bool, write):
    accessed = timezone.localdate()
    for article in articles:
        item = csl_item(article, permalink=permalink(article), accessed=accessed)
        keywords = [tag.country.name for tag in article.active_country_tags()] + [
            tag.organisation.name for tag in article.active_organisation_tags()
        ]
        extra = [("KW", keyword) for keyword in keywords]
        extra_bib = [("keywords", ", ".join(keywords))] if keywords else []
        if article.url:
            extra.append(("L2", article.url))
            extra_bib.append(("note", f"Source: {article.url}"))
        if include_body:
            extra.append(("AB", article.body))
            extra_bib.append(("abstract", article.body))
        item["_extra_ris"], item["_extra_bibtex"] = extra, extra_bib
        yield from write([item])


def export_chunks(plan: ExportPlan, *, absolute: Callable[[str], str]) -> Iterator[str]:
    """The file's text in pieces; `absolute` turns a path into a URL on this site (the permalinks)."""
    articles = articles_in_order(plan.ids, include_body=plan.include_body)

    def permalink(article: Article) -> str:
        return absolute(article.get_absolute_url())

    if plan.format in ("ris", "bibtex"):
        return _references(articles, permalink, plan.include_body, ris if plan.format == "ris" else bibtex)
    records = (record(article, permalink(article), include_body=plan.include_body) for article in articles)
    return _csv(records, plan.include_body) if plan.format == "csv" else _jsonl(records)

"""Export every article a search finds, in its order, as CSV, JSON Lines, RIS, BibTeX or CSL-JSON: streamed in chunks.

`plan_export` checks the search and the cap (settings.ARCHIVE_EXPORT_LIMIT) before a byte is sent: a search
that finds more is refused with its total (`ExportTooLarge`), never cut short. `export_chunks` then loads the
articles a chunk at a time (constant memory whatever the count) and yields text in the search's order.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from archive.citations import bibtex, csl_item, csl_json_chunks, ris
from archive.exporters import published_text
from archive.models import Article, ArticleCountry, ArticleOrganisation, article_slug
from archive.search import RESOLVERS, SearchParams, matching_ids

CHUNK = 500  # articles loaded per query
FORMATS = {
    # name -> (content type, file extension)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    # CSL-JSON, as an article's cite.json: what Zotero, Pandoc and citeproc read, the only one of the three with
    # every field of the item the citations on the pages are made from.
    "csljson": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
REFERENCES = {"ris": ris, "bibtex": bibtex, "csljson": csl_json_chunks}  # the formats written from `reference_item`
# Each article's active tags, one query a chunk each: (tag model, its target, the target's key, the list filled).
TAG_LISTS = (
    (ArticleCountry, "country", "code", "countries"),
    (ArticleOrganisation, "organisation", "slug", "organisations"),
)
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
    "language",  # its language code ("en", "fr"), as the article's page and the API give it
    "countries",  # ISO codes, stable to filter on
    "country_names",  # the same countries as the archive names them, in the same order, for a reader
    "organisations",  # slugs
    "organisation_names",
    "copy_group",  # the story's copy group (its other versions share it); empty: no known copy
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
    name: str = "export"  # what the file holds, in its name: the search's words and filters, or "selected"

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def filename(self) -> str:
        return f"archive-{self.name}-{timezone.localdate():%Y-%m-%d}.{FORMATS[self.format][1]}"


def export_name(params: SearchParams) -> str:
    """The search in a file's name ("coffee-quota-br-ico-coffee-1987-03"), as the timeline's and the concordance's
    CSV are named, so the exports of several searches in a downloads folder are told apart (each was
    "archive-export-<date>", then "… (1)", "… (2)"); "search" for every article."""
    dates = [params.date, *(value.isoformat() for value in (params.date_from, params.date_to) if value)]
    parts = [params.q, *params.countries, *params.organisations, *params.sources, *dates]
    words = [word for word in (slugify(part)[:40] for part in parts) if word]
    return "-".join(words)[:80].strip("-") or "search"


def plan_export(
    params: SearchParams, *, format: str, include_body: bool = False, limit: int | None = None
) -> ExportPlan:
    """The ids to export, in order. Raises ExportTooLarge, QueryError and IndexUnavailable; `format` is known."""
    limit = settings.ARCHIVE_EXPORT_LIMIT if limit is None else limit
    total, ids = matching_ids(params, limit=limit, resolvers=RESOLVERS)
    if total > limit:
        raise ExportTooLarge(total, limit)
    return ExportPlan(total=total, ids=ids, format=format, include_body=include_body, name=export_name(params))


@dataclass
class Named:
    name: str


@dataclass
class ExportArticle:
    """What an export says of an article, read as plain values (no model instances: building them, with their
    tags' reference cycles that only the cyclic GC frees, made an export slower and its memory grow with the
    count). It has the attribute names of `Article` that `csl_item` and `published_text` read."""

    pk: int
    title: str
    published: dt.date | None
    precision: str
    source: Named | None
    url: str
    author: str
    dateline_place: str
    language: str
    body: str = ""
    countries: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    organisations: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    copy_group: int | None = None  # exports are per article: every version, each naming its group

    @property
    def source_id(self) -> bool:
        return self.source is not None

    @property
    def permalink_path(self) -> str:
        """`Article.get_absolute_url()`, from the pattern reversed once (reverse() per article took a third of
        an export's time)."""
        pk_mark, slug_mark, template = _article_path()
        return template.replace(pk_mark, str(self.pk), 1).replace(slug_mark, article_slug(self.title), 1)


@functools.cache
def _article_path() -> tuple[str, str, str]:
    pk_mark, slug_mark = "987654321", "slug-placeholder"
    return pk_mark, slug_mark, reverse("archive:article", kwargs={"pk": int(pk_mark), "slug": slug_mark})


_FIELDS = (
    "pk",
    "title",
    "published",
    "precision",
    "source__name",
    "url",
    "author",
    "dateline_place",
    "language",
    "copy_group",
)


_LARGEST_ID = 2**63 - 1  # a 64-bit integer primary key's


def articles_in_order(
    ids: list[int], *, include_body: bool, chunk: int = CHUNK, with_tags: bool = True, published_only: bool = True
) -> Iterator[ExportArticle]:
    """Published articles (any, for an editor's download, with `published_only` false) with their active tags
    (unless `with_tags` is false), `chunk` at a time (three queries), in the order of `ids`."""
    fields = _FIELDS + (("body",) if include_body else ())
    articles = Article.objects.published() if published_only else Article.objects.all()
    ids = [pk for pk in ids if 0 < pk <= _LARGEST_ID]  # a larger one names nothing, and SQLite cannot bind it
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        loaded: dict[int, ExportArticle] = {}
        for row in articles.filter(pk__in=part).values(*fields):
            source = row.pop("source__name")
            loaded[row["pk"]] = ExportArticle(**row, source=Named(source) if source is not None else None)
        for tags, target, key, attribute in TAG_LISTS if with_tags else ():
            rows = (
                tags.objects.active()
                .filter(article_id__in=loaded)
                .order_by(f"{target}__name")
                .values_list("article_id", f"{target}__{key}", f"{target}__name")
            )
            for article_id, value, name in rows:
                getattr(loaded[article_id], attribute).append((value, name))
        for article_id in part:
            article = loaded.get(article_id)
            if article is not None:  # unpublished or deleted since the index saw it
                yield article


def record(article: ExportArticle, permalink: str, *, include_body: bool) -> dict:
    row = {
        "id": article.pk,
        "permalink": permalink,
        "title": article.title,
        "published": published_text(article),
        "precision": article.precision,
        "source": article.source.name if article.source else None,
        "url": article.url or None,
        "author": article.author or None,
        "dateline": article.dateline_place or None,
        "language": article.language or None,
        "countries": [code for code, _ in article.countries],
        "country_names": [name for _, name in article.countries],
        "organisations": [slug for slug, _ in article.organisations],
        "organisation_names": [name for _, name in article.organisations],
        "copy_group": article.copy_group,
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


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV for spreadsheets, a row at a time: a BOM first (spreadsheet software then reads UTF-8), the header, then
    each row with every cell `neutralised`. Every CSV the archive writes (exports, batch searches, timelines,
    concordances) is written by this."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralised(cell) for cell in row])
        yield buffer.getvalue()


def _csv(records: Iterable[dict], include_body: bool) -> Iterator[str]:
    columns = COLUMNS + (("body",) if include_body else ())
    return spreadsheet_csv(columns, ([row[column] for column in columns] for row in records))


def _jsonl(records: Iterable[dict]) -> Iterator[str]:
    for row in records:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def reference_item(article: ExportArticle, *, permalink: str, accessed: dt.date, include_body: bool = False) -> dict:
    """The article's reference, as its citation downloads (/articles/<id>/cite.ris|bib|json) and every export write
    it: the CSL-JSON item with its countries and organisations as keywords, the original address (a note:
    "Source: …") and, with `include_body`, the body as the abstract; `_extra_ris` and `_extra_bibtex` say the same
    for RIS and BibTeX (left out of CSL-JSON by `formats.csl_json`)."""
    item = csl_item(article, permalink=permalink, accessed=accessed)
    keywords = [name for _, name in article.countries] + [name for _, name in article.organisations]
    extra = [("KW", keyword) for keyword in keywords]
    extra_bib = [("keywords", ", ".join(keywords))] if keywords else []
    if keywords:
        item["keyword"] = ", ".join(keywords)
    if article.url:
        item["note"] = f"Source: {article.url}"
        extra.append(("L2", article.url))
        extra_bib.append(("note", item["note"]))
    if include_body:
        item["abstract"] = article.body
        extra.append(("AB", article.body))
        extra_bib.append(("abstract", article.body))
    item["_extra_ris"], item["_extra_bibtex"] = extra, extra_bib
    return item


def _references(articles: Iterable[ExportArticle], permalink: Callable, include_body: bool, write):
    accessed = timezone.localdate()
    # One stream of items, not a call a chunk: CSL-JSON's array opens once and closes once.
    return write(
        reference_item(article, permalink=permalink(article), accessed=accessed, include_body=include_body)
        for article in articles
    )


def export_chunks(plan: ExportPlan, *, absolute: Callable[[str], str]) -> Iterator[str]:
    """The file's text in pieces; `absolute` turns a path into a URL on this site (the permalinks)."""
    articles = articles_in_order(plan.ids, include_body=plan.include_body)

    def permalink(article: ExportArticle) -> str:
        return absolute(article.permalink_path)

    if plan.format in REFERENCES:
        return _references(articles, permalink, plan.include_body, REFERENCES[plan.format])
    records = (record(article, permalink(article), include_body=plan.include_body) for article in articles)
    return _csv(records, plan.include_body) if plan.format == "csv" else _jsonl(records)

"""The articles of a page of results, loaded for a list: each with its source and (optionally) its active tags.

The same three queries as `Article.objects.with_tags().in_bulk(ids)` and the same model instances (made by
`from_db` from rows the compiler's converters read, the related ones cached as `select_related` and
`Prefetch(to_attr=...)` cache them; one instance a country or organisation however many tags name it), without
compiling the SQL on every request: at 100,000 articles Django
took ~1.5 ms to compile each of the three statements and SQLite ~0.25 ms to answer it, a third of a search
request. Each statement is compiled once per process and number of ids (the ids are its only varying
parameters), then run with the page's ids in their places.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.functions import Substr

from archive.models import Article, ArticleCountry, ArticleOrganisation
from archive.search.highlight import SNIPPET_SCAN_CHARS

# Neither the raw text nor the whole body is shown in a list: only the start of the body the snippet reads
# (a 19 MB article would otherwise cost every search that lists it). Nor the captions, nor the aliases of the
# article's source, countries and organisations: JSON, decoded for each row, some eighty a page of results.
# Nor what only the article's own page and the exports show (a tenth of a feed's loading, its dates converted
# row by row): tests/web/test_list_queries.py fails if a list reads one of them.
HIDDEN = ("raw_text", "body", "captions")
HIDDEN += ("url", "author_bio", "dateline_agency", "checksum", "import_ref")  # the language is read: lang_of
HIDDEN += ("imported_at", "public_since", "reviewed_at")
RELATED_HIDDEN = ("aliases",)
# What a result's other versions show of each: a title, a date, the outlet's name (and the group they share).
VERSION_SHOWN = ("title", "published", "precision", "copy_group")
# (the tag model, its other end, the list attribute `Article.active_*_tags()` reads)
TAGS = (
    (ArticleCountry, "country", "_active_country_tags"),
    (ArticleOrganisation, "organisation", "_active_organisation_tags"),
)


@dataclass(frozen=True)
class _Statement:
    """One compiled query: its SQL, its parameters with the ids' positions, and the columns' converters."""

    alias: str
    sql: str
    params: tuple
    id_positions: tuple[int, ...]
    compiler: object
    converters: dict

    def rows(self, ids: list[int]) -> list[tuple]:
        params = list(self.params)
        for position, pk in zip(self.id_positions, ids, strict=True):
            params[position] = pk
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            return [tuple(row) for row in self.compiler.apply_converters(rows, self.converters)]
        return rows


def _compile(queryset: QuerySet, placeholders: list[int]) -> _Statement | None:
    """`queryset` (filtered on `placeholders`: distinct negative ids) compiled once; None when the ids cannot
    be told from its other parameters (the ORM then runs the query itself)."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    params = tuple(params)
    if any(params.count(placeholder) != 1 for placeholder in placeholders):
        return None
    positions = tuple(params.index(placeholder) for placeholder in placeholders)
    fields = [select[0] for select in compiler.select[0 : compiler.col_count]]
    return _Statement(queryset.db, sql, params, positions, compiler, compiler.get_converters(fields))


def _names(model: type[Model], hidden: tuple[str, ...] = ()) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.name not in hidden]


def _source_model() -> type[Model]:
    return Article._meta.get_field("source").related_model


@functools.lru_cache(maxsize=2)
def _article_columns(kind: str) -> tuple[list[str], list[str]]:
    """The article's and its source's columns a kind of list reads: "article" (a page of results, with the head
    of the body after them) or "version" (a result's other versions: `VERSION_SHOWN` and the outlet's name)."""
    if kind == "version":
        # In the model's order: `Model.from_db` reads a partial row that way.
        shown = {"id", "source", *VERSION_SHOWN}
        return [f.attname for f in Article._meta.concrete_fields if f.name in shown], ["id", "name"]
    return _names(Article, HIDDEN), _names(_source_model(), RELATED_HIDDEN)


@functools.lru_cache(maxsize=512)
def _statement(kind: str, count: int, alias: str) -> _Statement | None:
    placeholders = list(range(-1, -count - 1, -1))
    if kind in ("article", "version"):
        names, source_names = _article_columns(kind)
        queryset = Article.objects.using(alias).published().filter(pk__in=placeholders).order_by()
        columns = [*names, *(f"source__{name}" for name in source_names)]
        if kind == "article":
            queryset = queryset.annotate(body_head=Substr("body", 1, SNIPPET_SCAN_CHARS))
            columns.append("body_head")
        queryset = queryset.values_list(*columns)
    else:
        model, other, _ = next(tag for tag in TAGS if tag[1] == kind)
        related = model._meta.get_field(other).related_model
        queryset = (
            model.objects.using(alias)
            .active()
            .filter(article_id__in=placeholders)
            .order_by(f"{other}__name")
            .values_list(*_names(model), *(f"{other}__{name}" for name in _names(related, RELATED_HIDDEN)))
        )
    return _compile(queryset, placeholders)


def _articles(kind: str, statement: _Statement, ids: list[int], alias: str) -> dict[int, Article]:
    source_model = _source_model()
    names, source_names = _article_columns(kind)
    split, source_end = len(names), len(names) + len(source_names)
    articles = {}
    sources: dict[tuple, Model] = {}  # one instance an outlet, as for the tags' countries
    for row in statement.rows(ids):
        article = Article.from_db(alias, names, row[:split])
        source_row = row[split:source_end]
        source = None
        if source_row[0] is not None and (source := sources.get(source_row)) is None:
            source = sources[source_row] = source_model.from_db(alias, source_names, source_row)
        article._state.fields_cache["source"] = source
        if kind == "article":
            article.body_head = row[-1]
        articles[article.pk] = article
    return articles


def _attach_tags(articles: dict[int, Article], ids: list[int], alias: str) -> bool:
    for model, other, attribute in TAGS:
        statement = _statement(other, len(ids), alias)
        if statement is None:
            return False
        related = model._meta.get_field(other).related_model
        names, related_names = _names(model), _names(related, RELATED_HIDDEN)
        split = len(names)
        lists: dict[int, list] = {pk: [] for pk in articles}
        # One instance a country or organisation, whatever number of the page's articles it tags (a page of
        # results names a few, most of them many times).
        made: dict[tuple, Model] = {}
        for row in statement.rows(ids):
            tag = model.from_db(alias, names, row[:split])
            related_row = row[split:]
            if (instance := made.get(related_row)) is None:
                instance = made[related_row] = related.from_db(alias, related_names, related_row)
            tag._state.fields_cache[other] = instance
            article = articles.get(tag.article_id)
            if article is not None:
                tag._state.fields_cache["article"] = article
                lists[article.pk].append(tag)
        for pk, tags in lists.items():
            setattr(articles[pk], attribute, tags)
    return True


def _orm(ids: list[int], tags: bool) -> dict[int, Article]:
    queryset = (
        Article.objects.published()
        .defer(*HIDDEN, *(f"source__{name}" for name in RELATED_HIDDEN))
        .annotate(body_head=Substr("body", 1, SNIPPET_SCAN_CHARS))
        .select_related("source")
    )
    return (queryset.with_tags() if tags else queryset).in_bulk(ids)


def _compiled(kind: str, ids: list[int]) -> dict[int, Article] | None:
    """A kind of list's articles among `ids` (distinct), read by its statement; None when it has none."""
    if not ids:
        return {}
    alias = Article.objects.db
    statement = _statement(kind, len(ids), alias)
    return None if statement is None else _articles(kind, statement, ids, alias)


def load_articles(ids: list[int], *, tags: bool = True) -> dict[int, Article]:
    """The published articles among `ids` by id, as `Article.objects.published().defer(*HIDDEN, source's
    RELATED_HIDDEN).annotate(body_head=...).with_tags().in_bulk(ids)` loads them (without `tags`: only their
    source; the tags' countries and organisations without RELATED_HIDDEN)."""
    ids = list(dict.fromkeys(ids))
    articles = _compiled("article", ids)
    if articles is None or (tags and articles and not _attach_tags(articles, ids, Article.objects.db)):
        return _orm(ids, tags)
    return articles


def load_versions(ids: list[int]) -> dict[int, Article]:
    """The published articles among `ids` by id, as a result's other versions show them: as
    `Article.objects.published().select_related("source").only(*VERSION_SHOWN, "source__name").in_bulk(ids)`."""
    ids = list(dict.fromkeys(ids))
    articles = _compiled("version", ids)
    if articles is None:
        return Article.objects.published().select_related("source").only(*VERSION_SHOWN, "source__name").in_bulk(ids)
    return articles

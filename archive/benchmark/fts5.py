"""The mix through SQLite FTS5: the floor we know, over the same articles, with tag and date tables."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from archive.benchmark.mix import Search
from archive.dates import date_sort_key as date_sort
from archive.dates import drill_down_level as histogram_level
from archive.dates import period_level as key_level
from archive.models import Article, ArticleCountry, ArticleOrganisation


class Fts5:
    """The floor we know: SQLite FTS5 (porter stemming) over the same articles, with tag and date tables.

    Per search: the MATCH runs once into a temporary table; the count, the page (bm25 or date
    order), snippet() for the page, each facet's GROUP BY counts (all filters but the facet's own)
    and the date counts are SQL over it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False)

    def build(self) -> dict:
        started = time.perf_counter()
        db = self.db
        db.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            DROP TABLE IF EXISTS doc; DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS tag;
            CREATE VIRTUAL TABLE doc USING fts5(title, body, tokenize='porter unicode61');
            CREATE TABLE meta(id INTEGER PRIMARY KEY, date_sort INTEGER, year TEXT, month TEXT, day TEXT);
            CREATE TABLE tag(id INTEGER, kind TEXT, value TEXT);
            """
        )
        articles = Article.objects.published().select_related("source").order_by("pk")
        batch: list[tuple] = []
        meta: list[tuple] = []
        tags: list[tuple] = []
        count = 0
        for article in articles.iterator(chunk_size=2000):
            batch.append((article.pk, article.title, article.body))
            value, precision = article.published, article.precision
            meta.append(
                (
                    article.pk,
                    date_sort(value),
                    f"{value.year:04d}" if value else None,
                    f"{value.year:04d}-{value.month:02d}" if value and precision in ("month", "day") else None,
                    value.isoformat() if value and precision == "day" else None,
                )
            )
            if article.source_id:
                tags.append((article.pk, "s", article.source.slug))
            count += 1
            if len(batch) >= 2000:
                self._flush(batch, meta)
        self._flush(batch, meta)
        tags += [
            (a, "c", code)
            for a, code in ArticleCountry.objects.active()
            .filter(article__is_published=True)
            .values_list("article_id", "country__code")
        ]
        tags += [
            (a, "o", slug)
            for a, slug in ArticleOrganisation.objects.active()
            .filter(article__is_published=True, organisation__status="approved")
            .values_list("article_id", "organisation__slug")
        ]
        db.executemany("INSERT INTO tag VALUES (?, ?, ?)", tags)
        db.executescript(
            """
            CREATE INDEX tag_kind_value ON tag(kind, value, id);
            CREATE INDEX tag_id ON tag(id, kind, value);
            CREATE INDEX meta_date ON meta(date_sort, id);
            CREATE INDEX meta_year ON meta(year); CREATE INDEX meta_month ON meta(month);
            CREATE INDEX meta_day ON meta(day);
            INSERT INTO doc(doc) VALUES ('optimize');
            ANALYZE;
            """
        )
        db.commit()
        seconds = time.perf_counter() - started
        return {"articles": count, "seconds": round(seconds, 2), "articles_per_s": round(count / seconds, 1)}

    def _flush(self, batch: list, meta: list) -> None:
        self.db.executemany("INSERT INTO doc(rowid, title, body) VALUES (?, ?, ?)", batch)
        self.db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", meta)
        batch.clear()
        meta.clear()

    def _filters(self, search: Search, without: str = "") -> tuple[list[str], list]:
        where, args = [], []
        for facet, kind, values in (("country", "c", search.countries), ("organisation", "o", search.organisations)):
            if values and facet != without:
                marks = ",".join("?" * len(values))
                where.append(f"m.id IN (SELECT id FROM tag WHERE kind = '{kind}' AND value IN ({marks}))")  # noqa: S608
                args += list(values)
        if search.date and without != "date":
            where.append(f"m.{key_level(search.date)} = ?")
            args.append(search.date)
        return where, args

    def run(self, search: Search) -> dict:
        db = self.db
        source = "meta m"
        if search.fts:
            db.execute("DROP TABLE IF EXISTS temp.hits")
            db.execute("CREATE TEMP TABLE hits(id INTEGER PRIMARY KEY, rank REAL)")
            db.execute("INSERT INTO temp.hits SELECT rowid, rank FROM doc WHERE doc MATCH ?", (search.fts,))
            source = "temp.hits h JOIN meta m ON m.id = h.id"
        where, args = self._filters(search)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        count = db.execute(f"SELECT count(*) FROM {source}{clause}", args).fetchone()[0]  # noqa: S608
        pages = max(1, -(-count // 20))
        offset = (min(search.page, pages) - 1) * 20
        sort = search.effective_sort
        order = {"relevance": "h.rank, m.id", "newest": "m.date_sort DESC, m.id", "oldest": "m.date_sort, m.id"}[
            sort if search.fts else ("newest" if sort == "relevance" else sort)
        ]
        ids = [
            row[0]
            for row in db.execute(
                f"SELECT m.id FROM {source}{clause} ORDER BY {order} LIMIT 20 OFFSET ?",  # noqa: S608
                [*args, offset],
            )
        ]
        marks = ",".join("?" * len(ids))
        if search.fts and ids:
            snippets = db.execute(
                f"SELECT rowid, snippet(doc, 1, '<mark>', '</mark>', '…', 40) FROM doc "  # noqa: S608
                f"WHERE doc MATCH ? AND rowid IN ({marks})",
                [search.fts, *ids],
            ).fetchall()
        else:
            snippets = db.execute(
                f"SELECT rowid, substr(body, 1, 260) FROM doc WHERE rowid IN ({marks})",  # noqa: S608
                ids,
            ).fetchall()
        facets = {}
        for facet, kind in (("country", "c"), ("organisation", "o"), ("source", "s")):
            where, args = self._filters(search, without=facet)
            clause = f" WHERE {' AND '.join(where)}" if where else ""
            facets[facet] = dict(
                db.execute(
                    f"SELECT t.value, count(*) FROM tag t WHERE t.kind = '{kind}' AND t.id IN "  # noqa: S608
                    f"(SELECT m.id FROM {source}{clause}) GROUP BY t.value",
                    args,
                ).fetchall()
            )
        level = histogram_level(search.date)
        where, args = self._filters(search, without="date")
        if search.date:
            parent = {4: "year", 7: "month", 10: "month"}[len(search.date)]
            where.append(f"m.{parent} = ?")
            args.append(search.date[: {"year": 4, "month": 7}[parent]])
        where.append(f"m.{level} IS NOT NULL")
        facets["date"] = dict(
            db.execute(
                f"SELECT m.{level}, count(*) FROM {source} WHERE {' AND '.join(where)} GROUP BY 1",  # noqa: S608
                args,
            ).fetchall()
        )
        return {"count": count, "ids": ids, "snippets": len(snippets), "facets": facets}

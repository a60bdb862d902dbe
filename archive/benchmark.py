"""`bench_search`: our search against stock haystack and SQLite FTS5, on one throwaway archive.

The command (archive/management/commands/bench_search.py) is thin: it makes a temporary data dir
and runs the phases below in child processes of its own, each with `ARCHIVE_DATA_DIR` and
`DATABASE_URL` pointing into that dir, so nothing touches the real archive:

1. corpus: migrate, import Reuters files through `archive.importers.import_paths` (articles/s
   end to end: import, extraction and the index update), replicate the stories (distinct refs,
   dates shifted by whole years, the replica number appended to the body) up to N articles.
2. index: a full build with `archive.search.writer.rebuild` in a fresh process, as `build_index`
   runs it: articles/s and peak memory (PSS of the process and its indexing processes).
3. search: the same fixed mix of searches through our service, through stock haystack
   (`SearchQuerySet` + `facet()` + `highlight()` + Django's paginator) and through FTS5, rounds
   interleaved so a noisy machine hurts all three alike. Checks facet counts against the database
   (filter-only searches) and against Whoosh's own grouped counts (text searches); a mismatch fails.
   Also the time from an edit's commit to it being searchable.
4. memory: a fresh process that serves our mix only, for the search process's RSS.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

# ----------------------------------------------------------------------------------------------
# Memory sampling


class PeakMemory:
    """Samples the memory of this process and all its children every `interval` seconds.

    `peak` is the largest sum of PSS (proportional set size: pages shared between the processes,
    as forked children share their parent's, are divided among them, so nothing counts twice);
    `peak_rss` the largest sum of RSS, which counts shared pages once per process.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def current() -> tuple[int, int]:
        """(PSS sum, RSS sum) of this process and its children."""
        me = psutil.Process()
        pss = rss = 0
        for process in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a child may exit between listing and asking
                info = process.memory_full_info()
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
        return pss, rss

    def _sample(self) -> None:
        pss, rss = self.current()
        self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def mb(n_bytes: int | float) -> float:
    return round(n_bytes / 2**20, 1)


# ----------------------------------------------------------------------------------------------
# Phase 1: the archive


def _shift_years(value: dt.date | None, years: int) -> dt.date | None:
    if value is None or not years:
        return value
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year that has none
        return value.replace(year=value.year + years, day=28)


def replicate(target: int, *, batch: int = 2000) -> dict:
    """Copies of the imported stories until the archive holds `target` published articles.

    Copy r of a story has the ref `reuters:r{r}:{newid}`, its date shifted by r years and
    " [r]" appended to the body (so the duplicate detector would not fold it into the original);
    its tags are the original's (extraction gives the same tags for the same text).
    """
    from django.db import transaction

    from archive.importers import checksum
    from archive.models import Article, ArticleCountry, ArticleOrganisation, IndexChange

    started = time.perf_counter()
    originals = list(Article.objects.published().exclude(import_ref__contains=":r").order_by("pk"))
    have = Article.objects.published().count()
    if not originals or have >= target:
        return {"copies": 0, "seconds": 0.0}
    country_tags: dict[int, list] = {}
    for tag in ArticleCountry.objects.filter(article__in=originals).values(
        "article_id", "country_id", "origin", "mentions", "rejected"
    ):
        country_tags.setdefault(tag.pop("article_id"), []).append(tag)
    org_tags: dict[int, list] = {}
    for tag in ArticleOrganisation.objects.filter(article__in=originals).values(
        "article_id", "organisation_id", "origin", "mentions", "rejected"
    ):
        org_tags.setdefault(tag.pop("article_id"), []).append(tag)
    skip = {"id", "import_ref", "body", "checksum", "published", "imported_at", "updated_at"}
    names = [f.attname for f in Article._meta.concrete_fields if f.attname not in skip]
    copies = 0
    replica = 0
    while have + copies < target:
        replica += 1
        pending: list[tuple[Article, Article]] = []
        for original in originals:
            if have + copies + len(pending) >= target:
                break
            body = f"{original.body} [{replica}]"
            copy = Article(
                import_ref=f"{original.import_ref.replace('reuters:', f'reuters:r{replica}:', 1)}",
                body=body,
                checksum=checksum(body),
                published=_shift_years(original.published, replica),
                **{name: getattr(original, name) for name in names},
            )
            pending.append((original, copy))
        for start in range(0, len(pending), batch):
            chunk = pending[start : start + batch]
            with transaction.atomic():
                made = Article.objects.bulk_create([copy for _, copy in chunk])
                ArticleCountry.objects.bulk_create(
                    [
                        ArticleCountry(article_id=copy.pk, **tag)
                        for (original, _), copy in zip(chunk, made, strict=True)
                        for tag in country_tags.get(original.pk, ())
                    ]
                )
                ArticleOrganisation.objects.bulk_create(
                    [
                        ArticleOrganisation(article_id=copy.pk, **tag)
                        for (original, _), copy in zip(chunk, made, strict=True)
                        for tag in org_tags.get(original.pk, ())
                    ]
                )
        copies += len(pending)
    IndexChange.objects.all().delete()  # bulk paths send no signals; the full build indexes them
    return {"copies": copies, "replicas": replica, "seconds": round(time.perf_counter() - started, 2)}


def build_index() -> dict:
    from archive.search.writer import rebuild

    with PeakMemory() as memory:
        report = rebuild()
    return {
        "articles": report.articles,
        "seconds": round(report.seconds, 2),
        "articles_per_s": round(report.rate, 1),
        "peak_memory_mb": mb(memory.peak),
        "peak_rss_sum_mb": mb(memory.peak_rss),
    }


def corpus_phase(corpus: Path, articles: int) -> dict:
    from django.core.management import call_command

    from archive.benchmark_import import import_corpus

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the rate limit's counters, as `make setup` makes them
    return {"import": import_corpus(corpus, articles), "replicate": replicate(articles)}


# ----------------------------------------------------------------------------------------------
# Phase 2: the searches


@dataclass(frozen=True)
class Search:
    """One search of the mix, as the page would run it, and the same search written for FTS5."""

    name: str
    q: str = ""
    countries: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    date: str = ""
    sort: str = ""
    page: int = 1
    fts: str = ""  # the FTS5 MATCH expression for q ("" when q is empty)

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "newest")

    def params(self):
        from archive.search.service import SearchParams

        return SearchParams(
            q=self.q,
            countries=self.countries,
            organisations=self.organisations,
            date=self.date,
            sort=self.sort,
            page=self.page,
        )


def search_mix(years: list[str]) -> list[Search]:
    """The fixed mix: common and rare words, phrases, boolean queries, the empty query, 0, 1 and 2
    facet filters, date drill-downs, multi-selects (each recounting its own facet), page 1 and deep
    pages, every sort. `years`: the archive's years, oldest first (drill-downs use the first)."""
    year = years[0]
    month = f"{year}-03"
    day = f"{year}-03-02"
    return [
        Search("browse, newest first"),
        Search("browse, 1 facet", countries=("US",)),
        Search("browse, 2 facets", countries=("US",), organisations=("fed",)),
        Search("browse, multi-select", countries=("GB", "JP", "DE")),
        Search("browse, year drill-down", date=year),
        Search("browse, month drill-down", date=month),
        Search("browse, day drill-down", date=day),
        Search("browse, deep page", page=200),
        Search("common word", q="said", fts="said"),
        Search("common word, deep page", q="said", page=150, fts="said"),
        Search("common word, newest", q="company", sort="newest", fts="company"),
        Search("word", q="oil", fts="oil"),
        Search("word, 1 facet", q="oil", countries=("US",), fts="oil"),
        Search("word, 2 facets", q="oil", countries=("US",), organisations=("opec",), fts="oil"),
        Search("word, multi-select", q="oil", countries=("US", "GB", "CA"), fts="oil"),
        Search("word, org multi-select", q="trade", organisations=("ec", "gatt"), fts="trade"),
        Search("word, year drill-down", q="trade", date=year, fts="trade"),
        Search("word, month drill-down", q="trade", date=month, fts="trade"),
        Search("word, page 5", q="oil", page=5, fts="oil"),
        Search("two words", q="oil prices", fts="oil prices"),
        Search("three words", q="dollar yen mark", fts="dollar yen mark"),
        Search("rare word", q="zinc", fts="zinc"),
        Search("rare word, 1 facet", q="sorghum", countries=("US",), fts="sorghum"),
        Search("very rare word", q="cobalt", fts="cobalt"),
        Search("misspelt word (did you mean)", q="petrolium", fts="petrolium"),
        Search("phrase", q='"interest rates"', fts='"interest rates"'),
        Search("long phrase", q='"new york stock exchange"', fts='"new york stock exchange"'),
        Search(
            "phrase, 1 facet, newest", q='"bank of england"', countries=("GB",), sort="newest", fts='"bank of england"'
        ),
        Search("OR", q="oil OR gas", fts="oil OR gas"),
        Search("OR of three", q="gold OR silver OR copper", fts="gold OR silver OR copper"),
        Search("NOT", q="oil -gas", fts="oil NOT gas"),
        Search("AND of OR", q="(wheat OR corn) AND export*", fts="(wheat OR corn) AND export*"),
        Search("prefix", q="econom*", fts="econom*"),
        Search("title field", q="title:oil", fts="title:oil"),
        Search("word, oldest first", q="coffee", sort="oldest", fts="coffee"),
        Search(
            "word, relevance, 2 facets, multi", q="rates", countries=("US", "JP"), organisations=("fed",), fts="rates"
        ),
    ]


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2) if ms else 0.0,
        "p95_ms": round(_percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2) if ms else 0.0,
    }


# -- ours ---------------------------------------------------------------------------------------


def run_ours(search: Search, resolvers):
    """Everything the search page shows: results, count, facets with counts, histogram, snippets."""
    from archive.search.service import search as run_search
    from archive.templatetags.archive_tags import _with_gaps

    result = run_search(search.params(), resolvers=resolvers)
    _with_gaps(result.facets.get("date", []))
    for hit in result.hits:
        hit.snippet_text  # noqa: B018 - the snippet the page shows (as text; HTML adds bleach)
        hit.article.title  # noqa: B018
    return result


# -- stock haystack ---------------------------------------------------------------------------


class _JoinedHit:
    """A Whoosh hit whose list values read as haystack's comma-joined strings."""

    def __init__(self, hit) -> None:
        self._hit = hit

    def __getitem__(self, key):
        return self._hit[key]

    def items(self):
        return [(k, ",".join(v) if isinstance(v, list) else v) for k, v in self._hit.items()]


class _JoinedPage:
    def __init__(self, page) -> None:
        self._page = page
        self.results = page.results
        self.pagenum = page.pagenum

    def __len__(self) -> int:
        return len(self._page)

    def score(self, index):
        return self._page.score(index)

    def __iter__(self):
        return (_JoinedHit(hit) for hit in self._page)


def _stock_engine():
    """haystack's own Whoosh search code on our index.

    The one difference from stock: haystack stores multi-valued fields as comma-joined strings and
    splits them when reading results; our exact fields are stored as lists, so they are joined
    before haystack splits them. Searching, faceting, highlighting and paging are haystack's.
    """
    from archive.search.backend import ArchiveWhooshEngine, ArchiveWhooshSearchBackend

    class StockBackend(ArchiveWhooshSearchBackend):
        def _process_results(self, raw_page, **kwargs):
            return super()._process_results(_JoinedPage(raw_page), **kwargs)

    class StockEngine(ArchiveWhooshEngine):
        backend = StockBackend

    return StockEngine


StockHaystackEngine = None  # set by setup_stock(); haystack imports engines by dotted path


def setup_stock() -> str:
    from django.conf import settings
    from haystack import connections

    global StockHaystackEngine
    StockHaystackEngine = _stock_engine()
    connections.connections_info["stock"] = {
        "ENGINE": "archive.benchmark.StockHaystackEngine",
        "PATH": settings.HAYSTACK_CONNECTIONS["default"]["PATH"],
    }
    return "stock"


STOCK_FIELDS = {"country": "countries", "organisation": "organisations", "source": "source"}


def _stock_queryset(search: Search, *, without: str = ""):
    from haystack.inputs import Raw
    from haystack.query import SearchQuerySet

    from archive.models import Article

    sqs = SearchQuerySet(using="stock").models(Article)
    if search.q:
        sqs = sqs.filter(content=Raw(f"({search.q})"))
    if search.countries and without != "country":
        sqs = sqs.filter(countries__in=list(search.countries))
    if search.organisations and without != "organisation":
        sqs = sqs.filter(organisations__in=list(search.organisations))
    if search.date and without != "date":
        level = {4: "year", 7: "month", 10: "day"}[len(search.date)]
        sqs = sqs.filter(**{level: search.date})
    return sqs


def run_stock(search: Search) -> dict:
    """The same search with stock haystack: SearchQuerySet, facet(), highlight(), Django's paginator.

    Facets with a selection are recounted without their own filter by a second SearchQuerySet (as
    the page needs). The date histogram is a field facet on the level shown (month within a year):
    `date_facet()` needs a DATETIME field, which our schema does not have.
    """
    from django.core.paginator import EmptyPage, Paginator

    level = {0: "year", 4: "month", 7: "day", 10: "day"}[len(search.date)]
    selected = {"country": search.countries, "organisation": search.organisations}
    sqs = _stock_queryset(search)
    for facet, fieldname in STOCK_FIELDS.items():
        if not selected.get(facet):
            sqs = sqs.facet(fieldname)
    sqs = sqs.facet(level).highlight()
    if search.effective_sort == "newest":
        sqs = sqs.order_by("-date_sort")
    elif search.effective_sort == "oldest":
        sqs = sqs.order_by("date_sort")
    paginator = Paginator(sqs.load_all(), 20)
    try:
        page = paginator.page(search.page)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    results = list(page.object_list)
    for result in results:
        (result.highlighted or {}).get("text")
        result.object  # noqa: B018 - the article, loaded by load_all()
    counts = sqs.facet_counts().get("fields", {})
    for facet, values in selected.items():
        if values:  # multi-select: the facet's own counts without its own filter
            recount = _stock_queryset(search, without=facet).facet(STOCK_FIELDS[facet])
            counts[STOCK_FIELDS[facet]] = recount.facet_counts().get("fields", {}).get(STOCK_FIELDS[facet], [])
    return {"count": paginator.count, "ids": [int(r.pk) for r in results], "facets": counts}


# -- SQLite FTS5 ------------------------------------------------------------------------------


class Fts5:
    """The floor we know: SQLite FTS5 (porter stemming) over the same articles, with tag and date tables.

    Per search: the MATCH runs once into a temporary table; the count, the page (bm25 or date
    order), snippet() for the page, each facet's GROUP BY counts (all filters but the facet's own)
    and the date counts are SQL over it.
    """

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False)

    def build(self) -> dict:
        from archive.models import Article, ArticleCountry, ArticleOrganisation

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
                    value.year * 10000 + value.month * 100 + value.day if value else 0,
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
            level = {4: "year", 7: "month", 10: "day"}[len(search.date)]
            where.append(f"m.{level} = ?")
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
        level = {0: "year", 4: "month", 7: "day", 10: "day"}[len(search.date)]
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


# -- checks ---------------------------------------------------------------------------------


def database_counts(search: Search) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and each facet's counts for a filter-only search, straight from the database."""
    from collections import Counter

    from django.db.models import Count

    from archive.models import Article, ArticleCountry, ArticleOrganisation

    level = {0: "year", 4: "month", 7: "day", 10: "day"}[len(search.date)]

    def filtered(without: str = ""):
        qs = Article.objects.published()
        if search.countries and without != "country":
            tagged = ArticleCountry.objects.active().filter(country__code__in=search.countries)
            qs = qs.filter(pk__in=tagged.values("article_id"))
        if search.organisations and without != "organisation":
            tagged = ArticleOrganisation.objects.active().filter(organisation__slug__in=search.organisations)
            qs = qs.filter(pk__in=tagged.values("article_id"))
        if search.date and without != "date":
            qs = _date_filtered(qs, search.date)
        return qs

    def tag_counts(tag_model, facet: str, key: str) -> Counter:
        """Articles per tag value, with every filter but this facet's own."""
        tags = tag_model.objects.active().filter(article__in=filtered(facet))
        return Counter(dict(tags.values_list(key).annotate(n=Count("article_id", distinct=True))))

    counts = {
        "country": tag_counts(ArticleCountry, "country", "country__code"),
        "organisation": tag_counts(ArticleOrganisation, "organisation", "organisation__slug"),
        "source": Counter(dict(filtered().exclude(source=None).values_list("source__slug").annotate(n=Count("pk")))),
    }
    dates: Counter = Counter()
    scope = filtered("date")
    if search.date:
        scope = _date_filtered(scope, search.date[:7] if len(search.date) == 10 else search.date)
    for value, precision in scope.exclude(published=None).values_list("published", "precision"):
        if level == "year":
            dates[f"{value.year:04d}"] += 1
        elif level == "month" and precision in ("month", "day"):
            dates[f"{value.year:04d}-{value.month:02d}"] += 1
        elif level == "day" and precision == "day":
            dates[value.isoformat()] += 1
    counts["date"] = dates
    return filtered().count(), {facet: dict(values) for facet, values in counts.items()}


def _date_filtered(qs, key: str):
    parts = [int(p) for p in key.split("-")]
    qs = qs.filter(published__year=parts[0])
    if len(parts) >= 2:
        qs = qs.filter(published__month=parts[1], precision__in=("month", "day"))
    if len(parts) == 3:
        qs = qs.filter(published__day=parts[2], precision="day")
    return qs


def check(search: Search, result, resolvers) -> list[str]:
    """Problems with one of our results: against the database (filter-only searches) and against
    Whoosh's own searcher (every search: count, facet counts, the page in order)."""
    from archive.search.service import search as run_search

    problems = []
    if result.engine != "fast":
        problems.append("answered by the fallback, not the fast path")
    if not search.q:
        total, counts = database_counts(search)
        if result.count != total:
            problems.append(f"count {result.count} != database {total}")
        for facet, expected in counts.items():
            if result.counts.get(facet, {}) != expected:
                problems.append(f"{facet} counts differ from the database")
    reference = run_search(search.params(), resolvers=resolvers, engine="whoosh")
    if result.count != reference.count:
        problems.append(f"count {result.count} != whoosh {reference.count}")
    if result.counts != reference.counts:
        problems.append("facet counts differ from whoosh's grouped counts")
    if [h.article_id for h in result.hits] != [h.article_id for h in reference.hits]:
        problems.append("page differs from whoosh's")
    return problems


# -- edits ----------------------------------------------------------------------------------


def edit_latency(resolvers, trials: int = 5, timeout: float = 10.0) -> dict:
    """Seconds from an edit's commit to a search finding it (the after-commit writer, then the
    next search's snapshot refresh), for `trials` edits of random articles."""
    import random

    from django.db import transaction

    from archive.models import Article
    from archive.search.service import SearchParams
    from archive.search.service import search as run_search

    rng = random.Random(7)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    latencies, first_search = [], []
    for trial in range(trials):
        token = f"zqxbenchedit{trial}x{rng.randrange(10**6)}"
        with transaction.atomic():
            article = Article.objects.get(pk=rng.choice(ids))
            article.title = f"{article.title} {token}"
            article.save()
            committed = time.perf_counter()  # the block's exit commits, then the after-commit writer runs
        found = False
        while time.perf_counter() - committed < timeout:
            started = time.perf_counter()
            result = run_search(SearchParams(q=token), resolvers=resolvers)
            if result.count == 1 and result.hits and result.hits[0].article_id == article.pk:
                first_search.append(time.perf_counter() - started)
                found = True
                break
            time.sleep(0.005)
        latencies.append(time.perf_counter() - committed if found else float("inf"))
    return {
        "trials": trials,
        "median_s": round(statistics.median(latencies), 3),
        "max_s": round(max(latencies), 3),
        "search_after_edit_ms": round(1000 * statistics.median(first_search), 1) if first_search else None,
    }


# -- the phase --------------------------------------------------------------------------------


def _years() -> list[str]:
    from archive.models import Article

    return sorted(
        {f"{d.year:04d}" for d in Article.objects.published().exclude(published=None).dates("published", "year")}
    )


def search_phase(workdir: Path, rounds: int, stock_rounds: int) -> dict:
    """Time the mix through ours, stock haystack and FTS5, interleaved; check ours; edit latency."""
    import gc

    from archive.search import snapshot
    from archive.search.lookups import RESOLVERS

    mix = search_mix(_years())
    fts = Fts5(workdir / "fts5.sqlite3")
    fts_build = fts.build()
    setup_stock()
    started = time.perf_counter()
    snapshot.current()
    snapshot_seconds = time.perf_counter() - started
    times: dict[str, dict[str, list[float]]] = {name: {s.name: [] for s in mix} for name in ("ours", "stock", "fts5")}
    problems: dict[str, list[str]] = {}
    counts: dict[str, dict] = {s.name: {} for s in mix}
    gc.collect()
    for round_number in range(rounds):
        for search in mix:
            started = time.perf_counter()
            result = run_ours(search, RESOLVERS)
            times["ours"][search.name].append(time.perf_counter() - started)
            counts[search.name]["ours"] = result.count
            if round_number == 0:
                found = check(search, result, RESOLVERS)
                if found:
                    problems[search.name] = found
            if round_number < stock_rounds:
                started = time.perf_counter()
                stock = run_stock(search)
                times["stock"][search.name].append(time.perf_counter() - started)
                counts[search.name]["stock"] = stock["count"]
            started = time.perf_counter()
            answer = fts.run(search)
            times["fts5"][search.name].append(time.perf_counter() - started)
            counts[search.name]["fts5"] = answer["count"]
    out: dict = {"searches": len(mix), "rounds": rounds, "stock_rounds": stock_rounds}
    for name, per_search in times.items():
        warm = [t for values in per_search.values() for t in (values[1:] if name != "stock" and rounds > 1 else values)]
        cold = [values[0] for values in per_search.values() if values]
        out[name] = {"warm": summary(warm), "first_round": summary(cold)}
    out["per_search_ms"] = {
        s.name: {
            name: round(1000 * statistics.median(times[name][s.name][1:] or times[name][s.name]), 2)
            for name in times
            if times[name][s.name]
        }
        for s in mix
    }
    out["first_round_ms"] = {
        s.name: {name: round(1000 * times[name][s.name][0], 2) for name in times if times[name][s.name]} for s in mix
    }
    out["counts"] = counts
    out["problems"] = problems
    out["fts5_build"] = fts_build
    out["snapshot_open_s"] = round(snapshot_seconds, 3)
    out["edit_latency"] = edit_latency(RESOLVERS)
    out["search_process_rss_mb"] = mb(psutil.Process().memory_info().rss)
    return out


def memory_phase(rounds: int = 3) -> dict:
    """A fresh process serving only our mix: its resident memory (the search process target)."""
    from archive.search.lookups import RESOLVERS

    mix = search_mix(_years())
    before = psutil.Process().memory_info().rss
    with PeakMemory() as memory:
        for _ in range(rounds):
            for search in mix:
                run_ours(search, RESOLVERS)
    return {
        "rss_before_mb": mb(before),
        "rss_after_mb": mb(psutil.Process().memory_info().rss),
        "peak_rss_mb": mb(memory.peak_rss),
        "peak_pss_mb": mb(memory.peak),
    }


# ----------------------------------------------------------------------------------------------
# The run: phases in child processes on a temporary data dir


@dataclass
class Options:
    articles: int = 20000
    corpus: Path = field(default_factory=lambda: Path("../shared/corpora/reuters21578"))
    rounds: int = 5
    stock_rounds: int = 1
    keep: bool = False
    workdir: Path | None = None


def _run_phase(phase: str, options: Options, workdir: Path, log) -> dict:
    import subprocess
    import sys

    from django.conf import settings

    env = dict(os.environ)
    env["ARCHIVE_DATA_DIR"] = str(workdir / "data")
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'data' / 'archive.sqlite3'}"
    env.setdefault("ARCHIVE_LOG_LEVEL", "WARNING")
    out = workdir / f"{phase}.json"
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "bench_search",
        "--phase",
        phase,
        "--workdir",
        str(workdir),
        "--articles",
        str(options.articles),
        "--corpus",
        str(Path(options.corpus).resolve()),
        "--rounds",
        str(options.rounds),
        "--stock-rounds",
        str(options.stock_rounds),
    ]
    log(f"[{time.strftime('%H:%M:%S')}] {phase} phase …")
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"the {phase} phase failed (exit status {completed.returncode})")
    result = json.loads(out.read_text())
    result["phase_seconds"] = round(time.perf_counter() - started, 1)
    return result


def run_phase_here(phase: str, options: Options, workdir: Path) -> None:
    """In the child: run one phase and leave its result as JSON in the work dir."""
    if phase == "corpus":
        result = corpus_phase(Path(options.corpus), options.articles)
    elif phase == "index":
        result = build_index()
    elif phase == "search":
        result = search_phase(workdir, options.rounds, options.stock_rounds)
    elif phase == "memory":
        result = memory_phase()
    else:
        raise ValueError(phase)
    (workdir / f"{phase}.json").write_text(json.dumps(result, indent=1))


def cpu_reference_ms(repeats: int = 5) -> float:
    """Best-of time of a fixed pure-Python loop (`sum(range(10**6))`): how fast this host runs Python.

    Shared hosts differ several-fold; dividing a figure by this one compares runs across hosts.
    """
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def machine() -> dict:
    import platform

    import numpy
    import whoosh
    from django import get_version

    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "django": get_version(),
        "whoosh": whoosh.versionstring(),
        "numpy": numpy.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpu_reference_ms": cpu_reference_ms(),
    }


def run(options: Options, log=print) -> dict:
    import shutil
    import tempfile

    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="bench-search-"))
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    report: dict = {"articles": options.articles, "machine": machine(), "workdir": str(workdir)}
    try:
        report["build"] = _run_phase("corpus", options, workdir, log)
        report["build"]["build"] = _run_phase("index", options, workdir, log)
        report["search"] = _run_phase("search", options, workdir, log)
        report["memory"] = _run_phase("memory", options, workdir, log)
    finally:
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["targets"] = targets(report)
    report["ok"] = not report["search"]["problems"]
    return report


def targets(report: dict) -> dict:
    """The issue's targets for this size, each with the measured figure and whether it is met."""
    n = report["articles"]
    search, build = report["search"], report["build"]
    ours, stock, fts = search["ours"]["warm"], search["stock"]["warm"], search["fts5"]["warm"]
    imported = build["import"]["articles_per_s"]
    out = {
        "our p95 ms": (ours["p95_ms"], 15 if n <= 20000 else 50),
        "import end to end articles/s (at least)": (imported, 300),
        "edit visible in search, s (median)": (search["edit_latency"]["median_s"], 1.0),
    }
    if n <= 20000:
        out["full build articles/s (at least)"] = (build["build"]["articles_per_s"], 500)
    else:
        out["full build s"] = (build["build"]["seconds"], 200)
        out["full build peak memory MB"] = (build["build"]["peak_memory_mb"], 600)
        out["search process RSS MB"] = (report["memory"]["peak_rss_mb"], 600)
        out["our p95 / FTS5 p95"] = (round(ours["p95_ms"] / fts["p95_ms"], 2), 1.0)
        out["stock median / our median (at least)"] = (round(stock["median_ms"] / ours["median_ms"], 1), 15)
    result = {}
    for name, (value, target) in out.items():
        at_least = "(at least)" in name
        result[name] = {"value": value, "target": target, "met": value >= target if at_least else value <= target}
    return result


def format_report(report: dict) -> str:
    from archive.benchmark_import import format_import

    search, build = report["search"], report["build"]
    lines = [
        f"bench_search: {report['articles']:,} articles, {search['searches']} searches × {search['rounds']} rounds "
        f"(stock haystack × {search['stock_rounds']})",
        f"machine: {report['machine']}",
        "",
        f"{'':28}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}   first round median / p95",
    ]
    for name in ("ours", "fts5", "stock"):
        warm, cold = search[name]["warm"], search[name]["first_round"]
        lines.append(
            f"{name:28}{warm['median_ms']:>11.1f}{warm['p95_ms']:>10.1f}{warm['max_ms']:>10.1f}"
            f"   {cold['median_ms']:.1f} / {cold['p95_ms']:.1f}"
        )
    ours, fts, stock = search["ours"]["warm"], search["fts5"]["warm"], search["stock"]["warm"]
    lines += [
        "",
        f"ratios: stock/ours median {stock['median_ms'] / ours['median_ms']:.0f}×, p95 "
        f"{stock['p95_ms'] / ours['p95_ms']:.0f}×; FTS5/ours median {fts['median_ms'] / ours['median_ms']:.2f}×, "
        f"p95 {fts['p95_ms'] / ours['p95_ms']:.2f}×",
        f"{format_import(build['import'])} (replicas to {report['articles']:,}: {build['replicate']['seconds']:.0f} s)",
        f"full index build: {build['build']['articles']:,} articles in {build['build']['seconds']:.0f} s, "
        f"{build['build']['articles_per_s']:.0f}/s, peak memory {build['build']['peak_memory_mb']:.0f} MB "
        f"(PSS with its indexing processes; RSS sum {build['build']['peak_rss_sum_mb']:.0f} MB)",
        f"search process: RSS {report['memory']['peak_rss_mb']:.0f} MB serving our mix "
        f"(snapshot opened in {search['snapshot_open_s'] * 1000:.0f} ms)",
        f"edit visible in search: median {search['edit_latency']['median_s']:.2f} s, max "
        f"{search['edit_latency']['max_s']:.2f} s",
        f"FTS5 build (not a target): {search['fts5_build']['seconds']:.0f} s",
        "",
        "per search (median ms): ours / FTS5 / stock",
    ]
    for name, per in search["per_search_ms"].items():
        lines.append(f"  {name:36}{per.get('ours', 0):>8.1f}{per.get('fts5', 0):>8.1f}{per.get('stock', 0):>10.0f}")
    lines += ["", "targets:"]
    for name, target in report["targets"].items():
        lines.append(f"  {'met ' if target['met'] else 'MISS'} {name}: {target['value']} (target {target['target']})")
    if search["problems"]:
        lines += ["", "CHECK FAILURES (our answers differ from the database or from Whoosh):"]
        for name, problems in search["problems"].items():
            lines.append(f"  {name}: {'; '.join(problems)}")
    else:
        lines += [
            "",
            "checks: every count, facet count and page equals Whoosh's own; filter-only ones equal the database's",
        ]
    return "\n".join(lines)

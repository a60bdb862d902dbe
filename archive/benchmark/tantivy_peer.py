"""The mix through Tantivy (`tantivy`, Rust, benchmark-only): what a compiled engine does on this machine.

The same published articles as ours, title and body with Tantivy's English stemmer, the tags and the date
keys as raw fast fields. Per search, as the page asks it: the count and the 20 of the page (BM25, or date
order) in one collector, a snippet per hit from the stored body, each facet's counts from a terms
aggregation over the search with every filter but the facet's own (the multi-select rule), and the date
level's counts the same way. The query language is Tantivy's own: the mix's FTS5 text, with words joined
by AND (ours and FTS5 need every word; Tantivy's parser would take any) and NOT written as `-`.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from archive.benchmark.mix import Search
from archive.dates import date_sort_key, oldest_first_key
from archive.dates import drill_down_level as histogram_level
from archive.dates import period_level as key_level
from archive.models import Article, ArticleCountry, ArticleOrganisation

PER_PAGE = 20
FACETS = {"country": "countries", "organisation": "organisations"}
DATE_KEYS = ("year", "month", "day")
_OPERATORS = re.compile(r'["()*:]|\b(?:OR|AND|NOT)\b|(?:^|\s)-')


def available() -> bool:
    """Whether the package is installed (it is in requirements-dev.txt, not in the runtime requirements)."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def query_text(search: Search) -> str:
    """The search's words in Tantivy's query language, meaning what they mean to ours."""
    text = search.fts.replace(" NOT ", " -")
    if not _OPERATORS.search(text):
        text = " AND ".join(text.split())
    return text


class Tantivy:
    """A Tantivy index of the archive in `path`, and the mix's searches run against it."""

    def __init__(self, path: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        self.path = path
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", stored=True, indexed=True, fast=True)
        builder.add_text_field("title", tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        for name in ("country", "organisation", "source", *DATE_KEYS):
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
        builder.add_integer_field("date_sort", indexed=True, fast=True)
        builder.add_integer_field("oldest_sort", fast=True)  # undated last in both orders, as ours
        self.schema = builder.build()
        self.index = None

    def build(self) -> dict:
        """Index every published article; its time and rate (not a target)."""
        started = time.perf_counter()
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        index = self.tantivy.Index(self.schema, path=str(self.path))
        writer = index.writer(heap_size=512_000_000, num_threads=2)
        tags: dict[int, list[tuple[str, str]]] = {}
        countries = ArticleCountry.objects.active().filter(article__is_published=True)
        for article_id, code in countries.values_list("article_id", "country__code").iterator(chunk_size=20_000):
            tags.setdefault(article_id, []).append(("country", code))
        organisations = ArticleOrganisation.objects.active().filter(
            article__is_published=True, organisation__status="approved"
        )
        for article_id, slug in organisations.values_list("article_id", "organisation__slug").iterator(
            chunk_size=20_000
        ):
            tags.setdefault(article_id, []).append(("organisation", slug))
        rows = Article.objects.published().values_list("pk", "title", "body", "published", "precision", "source__slug")
        count = 0
        for pk, title, body, published, precision, source in rows.iterator(chunk_size=2000):
            key = date_sort_key(published)
            doc = self.tantivy.Document(id=pk, title=title, body=body, date_sort=key, oldest_sort=oldest_first_key(key))
            for name, value in tags.get(pk, ()):
                doc.add_text(name, value)
            if source:
                doc.add_text("source", source)
            if published:
                doc.add_text("year", f"{published.year:04d}")
                if precision in ("month", "day"):
                    doc.add_text("month", f"{published.year:04d}-{published.month:02d}")
                if precision == "day":
                    doc.add_text("day", published.isoformat())
            writer.add_document(doc)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        self.index = index
        self.searcher = index.searcher()
        seconds = time.perf_counter() - started
        return {"articles": count, "seconds": round(seconds, 2), "articles_per_s": round(count / seconds, 1)}

    def _filters(self, search: Search, without: str = "") -> list:
        query = self.tantivy.Query
        parts = []
        for facet, attribute in FACETS.items():
            values = getattr(search, attribute)
            if values and facet != without:
                parts.append(query.term_set_query(self.schema, facet, list(values)))
        if search.date and without != "date":
            parts.append(query.term_query(self.schema, key_level(search.date), search.date))
        return parts

    def _combined(self, words, filters: list):
        query, occur = self.tantivy.Query, self.tantivy.Occur
        clauses = [(occur.Must, q) for q in ([words] if words is not None else []) + filters]
        if not clauses:
            return query.all_query()
        return clauses[0][1] if len(clauses) == 1 else query.boolean_query(clauses)

    def _terms(self, words, filters: list, field: str) -> dict[str, int]:
        answer = self.searcher.aggregate(
            self._combined(words, filters), {"counts": {"terms": {"field": field, "size": 100_000}}}
        )
        return {bucket["key"]: bucket["doc_count"] for bucket in answer["counts"]["buckets"]}

    def _page(self, query, sort: str, number: int):
        """The page's hits, with the count; a page past the end shows the last one (as ours does)."""
        kwargs = {}
        if sort != "relevance":
            if sort == "newest":
                kwargs = {"order_by_field": "date_sort", "order": self.tantivy.Order.Desc}
            else:
                kwargs = {"order_by_field": "oldest_sort", "order": self.tantivy.Order.Asc}
        page = self.searcher.search(query, limit=PER_PAGE, offset=(number - 1) * PER_PAGE, count=True, **kwargs)
        last = max(1, -(-page.count // PER_PAGE))
        if number > last:
            page = self.searcher.search(query, limit=PER_PAGE, offset=(last - 1) * PER_PAGE, count=True, **kwargs)
        return page

    def run(self, search: Search) -> dict:
        words = self.index.parse_query(query_text(search), ["title", "body"]) if search.q else None
        query = self._combined(words, self._filters(search))
        sort = search.effective_sort
        if sort == "relevance" and words is None:
            sort = "newest"
        page = self._page(query, sort, search.page)
        docs = [self.searcher.doc(address) for _, address in page.hits]
        if words is not None:
            snippets = self.tantivy.SnippetGenerator.create(self.searcher, words, self.schema, "body")
            texts = [snippets.snippet_from_doc(doc).to_html() for doc in docs]
        else:
            texts = [doc["body"][0][:260] for doc in docs]
        facets = {
            facet: self._terms(words, self._filters(search, without=facet), facet) for facet in (*FACETS, "source")
        }
        level = histogram_level(search.date)
        filters = self._filters(search, without="date")
        if search.date:
            parent = "year" if len(search.date) == 4 else "month"
            filters.append(
                self.tantivy.Query.term_query(self.schema, parent, search.date[: {"year": 4, "month": 7}[parent]])
            )
        facets["date"] = self._terms(words, filters, level)
        return {"count": page.count, "ids": [doc["id"][0] for doc in docs], "snippets": len(texts), "facets": facets}

"""The mix through stock haystack: haystack's own Whoosh search code on our index, through `SearchQuerySet`.

The one difference from stock: haystack stores multi-valued fields as comma-joined strings and
splits them when reading results; our exact fields are stored as lists, so they are joined before
haystack splits them. Searching, faceting, highlighting and paging are haystack's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from haystack import connections
from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from archive.benchmark.mix import Search
from archive.dates import drill_down_level as histogram_level
from archive.dates import period_level as key_level
from archive.models import Article
from archive.search import ArchiveWhooshEngine, ArchiveWhooshSearchBackend


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


class StockBackend(ArchiveWhooshSearchBackend):
    def _process_results(self, raw_page, **kwargs):
        return super()._process_results(_JoinedPage(raw_page), **kwargs)


class StockHaystackEngine(ArchiveWhooshEngine):
    backend = StockBackend


def setup_stock() -> str:
    """Register the "stock" haystack connection on our index (haystack imports engines by dotted path)."""
    connections.connections_info["stock"] = {
        "ENGINE": "archive.benchmark.stock.StockHaystackEngine",
        "PATH": settings.HAYSTACK_CONNECTIONS["default"]["PATH"],
    }
    return "stock"


STOCK_FIELDS = {"country": "countries", "organisation": "organisations", "source": "source"}


def _stock_queryset(search: Search, *, without: str = ""):
    sqs = SearchQuerySet(using="stock").models(Article)
    if search.q:
        sqs = sqs.filter(content=Raw(f"({search.q})"))
    if search.countries and without != "country":
        sqs = sqs.filter(countries__in=list(search.countries))
    if search.organisations and without != "organisation":
        sqs = sqs.filter(organisations__in=list(search.organisations))
    if search.date and without != "date":
        sqs = sqs.filter(**{key_level(search.date): search.date})
    return sqs


def run_stock(search: Search) -> dict:
    """The same search with stock haystack: SearchQuerySet, facet(), highlight(), Django's paginator.

    Facets with a selection are recounted without their own filter by a second SearchQuerySet (as
    the page needs). The date histogram is a field facet on the level shown (month within a year):
    `date_facet()` needs a DATETIME field, which our schema does not have.
    """
    level = histogram_level(search.date)
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

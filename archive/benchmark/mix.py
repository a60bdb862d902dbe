"""The fixed search mix of the benchmarks (bench_search runs it; bench_http asks for it over HTTP)."""

from __future__ import annotations

from dataclasses import dataclass

from archive.models import Article
from archive.search import SearchParams


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

    def params(self) -> SearchParams:
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


def archive_years() -> list[str]:
    """The years of the archive's published articles, oldest first (the mix's drill-downs use the first)."""
    return sorted(
        {f"{d.year:04d}" for d in Article.objects.published().exclude(published=None).dates("published", "year")}
    )

"""Writers: the names the archive's bylines give, each with a page (/writers/<slug>/) and every article whose byline
names it.

A writer is a name as a byline writes it (`archive.citations.written_names`: "Stephen Jukes and Philip Shehadi" is
two), found by the search `author:"<name>"`, newest first. /writers/ lists every one with its articles and the
outlets it wrote them for, counted in the database from the bylines' own index (`article_byline_idx`): one row a
distinct byline and outlet, not one an article. Names that differ only in letter case or punctuation ("Nailene
Chou-Wiest", "NAILENE CHOU WIEST") are one writer, as they are one search, shown as most of their bylines write them
(in capitals only when all do), the others their other spellings.

A writer's page is an entity page whose articles are a search, `author:"<name>"`, not a filter: its count, months
and the countries, organisations and outlets of those articles are that search's own count and facets, so the page
and the search never disagree.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.text import slugify

from archive.citations import authors, written_names
from archive.entity_pages import SEARCH_PARAMS, EntityPage, EntityRow, entity_url, entity_urls, search_path
from archive.forms import printable
from archive.models import Article, Source
from archive.search import RESOLVERS, EntityProfile, SearchParams, folded, monthly_attention, search

_WORD = re.compile(r"[^\W_]+")


TOP_COOCCURRING = 10  # countries, organisations and outlets a writer's page lists, as an entity page


def writer_query(name: str) -> str:
    """The search of the bylines that name the writer (`author:"Cal Mankowski"`); "" for a name without a word."""
    phrase = " ".join(printable(name).replace('"', " ").split())
    return f'author:"{phrase}"' if phrase else ""


def writer_search_url(name: str, *, path: str = "") -> str:
    """Every article whose byline names the writer, newest first; "" for a name without a word to search. `path`:
    the search page's path, when a list has it already."""
    query = writer_query(name)
    return (path or search_path()) + "?" + urlencode({"q": query, "sort": "newest"}) if query else ""


def writer_slug(name: str) -> str:
    """The writer's page's slug: the words of their name ("Nailene Chou-Wiest": "nailene-chou-wiest"), letters of
    any script kept."""
    return slugify(writer_key(name), allow_unicode=True)


def writer_url(name: str) -> str:
    """The writer's page ("" for a name without a word)."""
    slug = writer_slug(name)
    return entity_url("writer", slug) if slug else ""


def writer_searches(byline: str) -> list[tuple[str, str, str]]:
    """(name, search, page) for each writer a byline names, in its order."""
    return [(name, url, writer_url(name)) for name in written_names(byline) if (url := writer_search_url(name))]


def writer_key(name: str) -> str:
    """What makes two names one writer: their words, letter case, accents and punctuation aside, as the search reads
    them ("Nailene Chou-Wiest" and "NAILENE CHOU WIEST": "nailene chou wiest"; "Zoë Müller" and "Zoe Muller")."""
    return " ".join(_WORD.findall(folded(name.casefold())))


@dataclass
class _Bylines:
    """One writer as the bylines name them: its articles, its spellings and its outlets, each with its articles."""

    articles: int = 0
    spellings: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """As most bylines write the name, one not in capitals first ("Cal Mankowski" before "CAL MANKOWSKI")."""
        return max(self.spellings.items(), key=lambda spelling: (not spelling[0].isupper(), spelling[1]))[0]

    @property
    def aliases(self) -> list[str]:
        name = self.name
        return sorted(spelling for spelling in self.spellings if spelling != name)

    @property
    def wrote_for(self) -> str:
        """The outlets, most articles first: "Reuters, AFP"."""
        return ", ".join(outlet for outlet, _ in sorted(self.sources.items(), key=lambda item: (-item[1], item[0])))


def _bylines() -> dict[str, _Bylines]:
    """Every writer of a published article by `writer_key`, counted from one row a distinct byline and outlet."""
    rows = (
        Article.objects.published()
        .filter(author__gt="")
        .values("author", "source_id")
        .annotate(articles=Count("id"))
        .order_by()
    )
    outlets = dict(Source.objects.values_list("pk", "name"))
    writers: defaultdict[str, _Bylines] = defaultdict(_Bylines)
    for row in rows:
        for name in dict.fromkeys(written_names(row["author"])):  # a name twice in one byline: one writer
            writer = writers[writer_key(name)]
            writer.articles += row["articles"]
            writer.spellings[name] += row["articles"]
            if row["source_id"] in outlets:
                writer.sources[outlets[row["source_id"]]] += row["articles"]
    writers.pop("", None)  # a byline of no word names no one
    return writers


def writer_list(*, q: str = "", sort: str = "name") -> list[EntityRow]:
    """Every writer of a published article: its articles, the outlets it wrote for (most first) and its search;
    `q` keeps the writers whose name or outlets hold it; by family name, or by count (most first)."""
    needle = folded(q.strip().casefold())  # "muller" finds Müller, as the search does
    page_url = entity_urls("writer")  # reversed once per list (entity_pages)
    path = search_path()
    rows = []
    for key, writer in _bylines().items():
        name = writer.name
        wrote_for = writer.wrote_for
        if not needle or needle in folded(name.casefold()) or needle in key or needle in folded(wrote_for.casefold()):
            slug = writer_slug(name)
            url = writer_search_url(name, path=path)
            rows.append(EntityRow(slug, name, wrote_for, writer.articles, page_url(slug), url, writer.aliases))
    if sort == "count":
        rows.sort(key=lambda row: (-row.count, _by_family_name(row.name)))
    else:
        rows.sort(key=lambda row: _by_family_name(row.name))
    return rows


def _by_family_name(name: str) -> tuple[str, str]:
    """ "Cal Mankowski" under M, as a library lists writers ("Çağla Şahin" under S, not after Z); a desk's byline
    ("Staff Reporter") as written."""
    person = (authors(name) or [None])[0]
    first = (person.family or person.literal) if person else name
    return folded(first.casefold()), folded(name.casefold())


# -- a writer's page -------------------------------------------------------------------------------


@dataclass
class WriterPage(EntityPage):
    """An entity page whose articles are the search `author:"<name>"` (`query`) rather than a filter."""

    query: str = ""
    wrote_for: str = ""  # the outlets, most articles first, as the writers' list gives them
    comparable: ClassVar[bool] = False  # a writer's months are not offered beside a country's or a source's

    @property
    def listed_short(self) -> str:
        return self.wrote_for

    @property
    def search_url(self) -> str:
        return search_path() + "?" + urlencode({"q": self.query, "sort": "newest"})

    @property
    def month_search(self) -> str:
        return search_path() + "?" + urlencode({"q": self.query}) + "&"

    @property
    def timeline_url(self) -> str:
        return reverse("archive:timeline") + "?" + urlencode({"q": self.query})

    @property
    def concordance_url(self) -> str:
        return ""  # their articles do not name them

    def combined_url(self, other_kind: str, other_key: str) -> str:
        return search_path() + "?" + urlencode({"q": self.query, SEARCH_PARAMS[other_kind]: other_key})


def writer_page(slug: str, *, latest: int = 10) -> WriterPage | None:
    """Everything a writer's page shows, or None when no published byline names a writer of that slug (of two
    names with one slug, the one with more articles). Raises IndexUnavailable."""
    wanted = writer_slug(slug)  # in any letter case: the view redirects to the page's own slug
    named = [writer for key, writer in _bylines().items() if slugify(key, allow_unicode=True) == wanted]
    if not named:
        return None
    writer = max(named, key=lambda writer: writer.articles)
    page = WriterPage("writer", wanted, writer.name, "", writer.aliases, "Writer", query=writer_query(writer.name))
    page.wrote_for = writer.wrote_for
    result = search(SearchParams(q=page.query, per_page=1, date_facet="month"), resolvers=RESOLVERS, with_tags=False)
    months = {key: n for key, n in result.counts.get("date", {}).items() if len(key) == 7}
    [attention] = monthly_attention(months)
    page.profile = EntityProfile(
        "writer",
        page.key,
        count=result.count,
        months=attention,
        without_month=result.count - sum(months.values()),
        cooccurring={
            kind: result.facets.get(kind, [])[:TOP_COOCCURRING] for kind in ("country", "organisation", "source")
        },
        engine=result.engine,
    )
    if result.count:
        params = SearchParams(q=page.query, sort="newest", per_page=latest)
        page.latest = search(params, resolvers=RESOLVERS, with_facets=False, with_tags=False).hits
    return page

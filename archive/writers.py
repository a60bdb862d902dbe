"""Writers: the names the archive's bylines give, each leading to every article whose byline names it.

A writer is a name as a byline writes it (`archive.citations.written_names`: "Stephen Jukes and Philip Shehadi" is
two), found by the search `author:"<name>"`, newest first. /writers/ lists every one with its articles and the
outlets it wrote them for, counted in the database from the bylines' own index (`article_byline_idx`): one row a
distinct byline and outlet, not one an article. Names that differ only in letter case or punctuation ("Nailene
Chou-Wiest", "NAILENE CHOU WIEST") are one writer, as they are one search, shown as most of their bylines write them
(in capitals only when all do).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urlencode

from django.db.models import Count

from archive.citations import authors, written_names
from archive.entity_pages import EntityRow, search_path
from archive.forms import printable
from archive.models import Article, Source

_WORD = re.compile(r"[^\W_]+")


def writer_search_url(name: str) -> str:
    """Every article whose byline names the writer (`author:"Cal Mankowski"`), newest first; "" for a name without
    a word to search."""
    phrase = " ".join(printable(name).replace('"', " ").split())
    if not phrase:
        return ""
    return search_path() + "?" + urlencode({"q": f'author:"{phrase}"', "sort": "newest"})


def writer_searches(byline: str) -> list[tuple[str, str]]:
    """(name, search) for each writer a byline names, in its order."""
    return [(name, url) for name in written_names(byline) if (url := writer_search_url(name))]


def writer_key(name: str) -> str:
    """What makes two names one writer: their words, letter case and punctuation aside, as the search reads them
    ("Nailene Chou-Wiest" and "NAILENE CHOU WIEST": "nailene chou wiest")."""
    return " ".join(_WORD.findall(name.casefold()))


def writer_list(*, q: str = "", sort: str = "name") -> list[EntityRow]:
    """Every writer of a published article: its articles, the outlets it wrote for (most first) and its search;
    `q` keeps the writers whose name or outlets hold it; by family name, or by count (most first)."""
    bylines = (
        Article.objects.published()
        .filter(author__gt="")
        .values("author", "source_id")
        .annotate(articles=Count("id"))
        .order_by()
    )
    outlets = dict(Source.objects.values_list("pk", "name"))
    articles: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, Counter[str]] = defaultdict(Counter)
    for row in bylines:
        for name in dict.fromkeys(written_names(row["author"])):  # a name twice in one byline: one writer
            key = writer_key(name)
            articles[key] += row["articles"]
            spellings[key][name] += row["articles"]
            if row["source_id"] in outlets:
                sources[key][outlets[row["source_id"]]] += row["articles"]
    needle = q.strip().casefold()
    rows = []
    for key, count in articles.items():
        # As most bylines write the name, one not in capitals first ("Cal Mankowski" before "CAL MANKOWSKI").
        name = max(spellings[key].items(), key=lambda spelling: (not spelling[0].isupper(), spelling[1]))[0]
        url = writer_search_url(name)
        wrote_for = ", ".join(
            outlet for outlet, _ in sorted(sources[key].items(), key=lambda item: (-item[1], item[0]))
        )
        if url and (not needle or needle in name.casefold() or needle in key or needle in wrote_for.casefold()):
            rows.append(EntityRow(key, name, wrote_for, count, url, url))
    if sort == "count":
        rows.sort(key=lambda row: (-row.count, _by_family_name(row.name)))
    else:
        rows.sort(key=lambda row: _by_family_name(row.name))
    return rows


def _by_family_name(name: str) -> tuple[str, str]:
    """ "Cal Mankowski" under M, as a library lists writers; a desk's byline ("Staff Reporter") as written."""
    person = (authors(name) or [None])[0]
    first = (person.family or person.literal) if person else name
    return first.casefold(), name.casefold()

"""Entity pages: a country, an organisation or a source with its attention over time, and the lists of them.

The numbers come from the search index (`archive.search.entity_profile`, `entity_counts`: counting on
the index snapshot, not database aggregation); the database gives what the index does not hold: names,
aliases, kinds, whether an entity exists. The latest articles are the first results of the page's own
"all its articles" search (newest first), so a story's copies are one entry with its other versions, as there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse

from archive.concordance import concordance_url, names_query
from archive.extraction import country_name_forms, country_named
from archive.forms import printable
from archive.models import Country, Organisation, Source, records_version
from archive.search import (
    RESOLVERS,
    EntityProfile,
    Hit,
    MonthAttention,
    SearchParams,
    entity_counts,
    entity_profile,
    folded,
    monthly_attention,
    search,
)

KINDS = ("country", "organisation", "source")
# Entity kind -> the search page's parameter, the query language's field, the page's URL name.
SEARCH_PARAMS = {"country": "country", "organisation": "org", "source": "source"}
QUERY_FIELDS = {"country": "country", "organisation": "org", "source": "source"}
URL_NAMES = {
    "country": "archive:country",
    "organisation": "archive:organisation",
    "source": "archive:source",
    "writer": "archive:writer",  # a writer's page (archive/writers.py): reversed as an entity's
}
LIST_SORTS = ("name", "count")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class EntityRow:
    """One line of /countries/, /organisations/ or /sources/."""

    key: str
    name: str
    short: str  # the country code, the organisation's acronym or the source's web domain
    count: int
    url: str
    search_url: str
    aliases: list[str] = field(default_factory=list)

    @property
    def filter_text(self) -> str:
        """What the filter-as-you-type script matches against: the same texts as `?q=`."""
        return " ".join([self.name, self.short, self.key, *self.aliases]).lower()


@dataclass
class EntityPage:
    kind: str
    key: str  # country code or slug: the indexed value
    name: str
    short: str = ""  # code or acronym
    aliases: list[str] = field(default_factory=list)
    description: str = ""  # "Country", "International organisation", "News agency"...
    country: EntityRow | None = None  # an organisation's country
    homepage: str = ""
    domain: str = ""
    profile: EntityProfile | None = None
    latest: list[Hit] = field(default_factory=list)  # newest first, one per story (`hit.other_versions`)
    comparable: ClassVar[bool] = True  # its chart offers another entity's beside it

    @property
    def url(self) -> str:
        return entity_url(self.kind, self.key)

    @property
    def listed_short(self) -> str:
        """What the entity lists give as its `short` (a source's web domain; a writer's outlets: `WriterPage`)."""
        return self.domain if self.kind == "source" else self.short

    @property
    def search_url(self) -> str:
        """Every article of this entity as a search, newest first."""
        return search_url(self.kind, self.key, sort="newest")

    @property
    def search_query(self) -> str:
        """The query string of `search_url`: the latest articles' links carry it as their search (`?back=`), so
        a reader goes on from them through every article of the entity, newest first, and back to that search."""
        return self.search_url.split("?", 1)[1]

    @property
    def months(self) -> list[MonthAttention]:
        return self.profile.months if self.profile else []

    @property
    def month_search(self) -> str:
        """A month's search is this followed by `date=2023-06`."""
        return search_url(self.kind, self.key) + "&"

    @property
    def compare_value(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def timeline_url(self) -> str:
        """Its articles as a search's timeline, where any query can be compared with them (under its filter)."""
        return reverse("archive:timeline") + "?" + urlencode({SEARCH_PARAMS[self.kind]: self.key})

    @property
    def concordance_url(self) -> str:
        """Every mention of it by name in its articles, in context: its name, acronym and other names searched
        under its own filter. Empty for a source, which its articles do not name."""
        if self.kind == "source":
            return ""
        # A country: its name and other names (the extractor's, "U.S.", and editors'); else name, acronym, aliases.
        names = [self.name, *self.aliases] if self.kind == "country" else [self.name, self.short, *self.aliases]
        query = urlencode({"q": names_query(names), SEARCH_PARAMS[self.kind]: self.key})
        return concordance_url(QueryDict(query))

    def combined_url(self, other_kind: str, other_key: str) -> str:
        return search_url(self.kind, self.key, other_kind, other_key)


def entity_url(kind: str, key: str) -> str:
    # A search page links every facet value and tag to its page: reversed once per value (and URL prefix).
    return _reversed(URL_NAMES[kind], key, get_script_prefix(), get_urlconf())


def entity_urls(kind: str) -> Callable[[str], str]:
    """`entity_url` for many keys of one kind (a facet list, a page of tag chips): the URL prefix and URLconf,
    which live in context-local storage, looked up once rather than for every link."""
    name, prefix, urlconf = URL_NAMES[kind], get_script_prefix(), get_urlconf()
    return lambda key: _reversed(name, key, prefix, urlconf)


def search_path() -> str:
    """The search page's path (every tag chip of a result list links to it): reversed once per URL prefix."""
    return _reversed("archive:search", None, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=8192)
def _reversed(name: str, key: str | None, _prefix: str, _urlconf) -> str:
    return reverse(name, args=None if key is None else [key])


def search_url(kind: str, key: str, other_kind: str | None = None, other_key: str | None = None, **extra) -> str:
    """The search page for an entity, optionally with a second one (`/?country=PK&org=imf`).

    Within one facet the search page ORs its values, so a second value of the same kind goes into
    the query as a field term (`/?country=PK&q=country:"IN"`): both must hold, as co-occurrence means.
    """
    pairs = [(SEARCH_PARAMS[kind], key)]
    if other_kind is not None and other_key is not None:
        if other_kind == kind:
            pairs.append(("q", f'{QUERY_FIELDS[kind]}:"{other_key}"'))
        else:
            pairs.append((SEARCH_PARAMS[other_kind], other_key))
    pairs += [(name, value) for name, value in extra.items() if value]
    return search_path() + "?" + urlencode(pairs)


# -- one entity ------------------------------------------------------------------------------------


def find_entity(kind: str, key: str) -> Country | Organisation | Source | None:
    """The entity a URL names, in any letter case (a proposed organisation has no page), or None; an organisation
    or a source also by another of its names (an organisation merged into it: its page leads to the kept one's)."""
    if not key.isprintable():  # a NUL or a control character names nothing (PostgreSQL refuses NUL in a query)
        return None
    if kind == "country":
        found = Country.objects.filter(code=key.upper()).first() if len(key) == 2 else None
        named = None if found is not None else RESOLVERS["countries"](key[:200])  # "pakistan", "UK", "Britain"
        return found or (Country.objects.filter(code=named).first() if named else None)
    if kind == "organisation":
        organisations = Organisation.objects.approved().select_related("country")
        found = organisations.filter(slug=key.lower()).first()
        named = None if found is not None else RESOLVERS["organisations"](key[:200])
        return found or (organisations.filter(slug=named).first() if named else None)
    if kind == "source":
        found = Source.objects.filter(slug=key.lower()).first()
        named = None if found is not None else RESOLVERS["source"](key[:200])
        return found or (Source.objects.filter(slug=named).first() if named else None)
    raise ValueError(f"not an entity kind: {kind!r}")


def _describe(entity) -> EntityPage:
    if isinstance(entity, Country):
        aliases = country_aliases(entity.code, entity.name, entity.aliases)
        return EntityPage("country", entity.code, entity.name, entity.code, aliases, "Country")
    if isinstance(entity, Organisation):
        page = EntityPage(
            "organisation",
            entity.slug,
            entity.name,
            entity.acronym,
            list(entity.aliases),
            f"{entity.get_kind_display().capitalize()} organisation",
        )
        if entity.country is not None:
            code = entity.country.code
            page.country = EntityRow(code, entity.country.name, code, 0, entity_url("country", code), "")
        return page
    page = EntityPage("source", entity.slug, entity.name, "", list(entity.aliases), entity.get_kind_display())
    page.homepage, page.domain = entity.homepage, entity.domain
    return page


def entity_page(*, kind: str, key: str, latest: int = 10) -> EntityPage | None:
    """Everything an entity page shows, or None when nothing has that code or slug."""
    entity = find_entity(kind, key)
    if entity is None:
        return None
    page = _describe(entity)
    page.profile = entity_profile(kind, page.key)
    if page.profile.count:
        page.latest = latest_stories(kind, page.key, latest)
    return page


@dataclass
class Comparison:
    """A chart's attention beside others' (an entity page's beside another entity's, a search's timeline beside
    other queries'): each month any has, as (the page's, then each other's in order)."""

    others: list[Any]  # EntityPage, or timelines.Timeline
    months: list[tuple[MonthAttention, ...]]

    @property
    def other(self) -> Any:
        """The first (an entity page compares with one)."""
        return self.others[0]

    @property
    def values(self) -> list[str]:
        """What the page's `compare` parameters say for them."""
        return [other.compare_value for other in self.others]

    @property
    def value(self) -> str:
        return self.other.compare_value


def comparison(page: EntityPage, value: str) -> Comparison | None:
    """`page` beside the entity `value` names ("country:RU", "organisation:imf", "source:dawn"; any letter case),
    over every month from the first either has to the last; None when it names nothing, or the page itself."""
    kind, _, key = value.partition(":")
    if kind not in KINDS or not key or (entity := find_entity(kind, key)) is None:
        return None
    other = _describe(entity)
    if (other.kind, other.key) == (page.kind, page.key):
        return None
    other.profile = entity_profile(kind, other.key)
    mine, theirs = monthly_attention(*({m.month: m.count for m in p.months} for p in (page.profile, other.profile)))
    return Comparison([other], list(zip(mine, theirs, strict=True)))


def latest_stories(kind: str, key: str, limit: int) -> list[Hit]:
    """The first `limit` results of the entity's search, newest first: one per story, its other versions with it."""
    field_name = {"country": "countries", "organisation": "organisations", "source": "sources"}[kind]
    params = SearchParams(**{field_name: (key,)}, sort="newest", per_page=limit)
    return search(params, with_facets=False, with_tags=False).hits


# -- the lists -------------------------------------------------------------------------------------


def _matches(needle: str, *texts) -> bool:
    return any(needle in _folded(text) for text in texts if text)


def _folded(text: str) -> str:
    """As the search reads a name: case and accents aside ("São Tomé" is "sao tome", "Türkiye" stands by Turkey)."""
    return folded(text.casefold())


def list_options(query: Mapping[str, str]) -> tuple[str, str, list[str]]:
    """A list's filter and order from a request's parameters (`q`, `sort`), and a notice for an order it does
    not know (the list is then by name), as the page and the API both say it."""
    q = printable(query.get("q", ""))[:100]
    sort = query.get("sort", "")
    if sort in LIST_SORTS:
        return q, sort, []
    notices = [f"“{printable(sort)[:40]}” is not an order of this list: sorted by name."] if sort else []
    return q, "name", notices


def country_aliases(code: str, name: str, editors: list[str]) -> list[str]:
    """A country's other names: those the extractor tags it by ("U.S.", "America", "USSR" for Russia, "Cote
    d'Ivoire" without its accent), then its editors' aliases. A built-in name holding another country's name
    ("East Pakistan" for Bangladesh, "British Honduras" for Belize) is left out: the lists' filter showed
    Bangladesh for "pak", by a name the list does not show (`country:"East Pakistan"` still finds it)."""
    built_in = [form for form in country_name_forms(code) if not _names_another_country(form, code)]
    return [other for other in dict.fromkeys([*built_in, *editors]) if other != name]


def _names_another_country(text: str, code: str) -> bool:
    return any(country_named(word) not in (None, code) for word in _LETTERS.findall(text))


def _named_entities(kind: str, keys: Collection[str] | None = None) -> list[tuple[str, str, str, list[str]]]:
    """(key, name, code / acronym / web domain, other names) of every country, approved organisation or source (of
    those of `keys`, when given): all a list's filter matches."""
    if kind == "country":
        countries = Country.objects.all() if keys is None else Country.objects.filter(code__in=keys)
        return [(c.code, c.name, c.code, country_aliases(c.code, c.name, c.aliases)) for c in countries]
    if kind == "organisation":
        organisations = Organisation.objects.approved()
        organisations = organisations if keys is None else organisations.filter(slug__in=keys)
        return [(o.slug, o.name, o.acronym, list(o.aliases)) for o in organisations]
    if kind == "source":
        sources = Source.objects.all() if keys is None else Source.objects.filter(slug__in=keys)
        return [(s.slug, s.name, s.domain, list(s.aliases)) for s in sources]
    raise ValueError(f"no list of {kind!r}")


# Each kind's other names per state of the records, per process: not with the answers, which a server may keep none of
_other_names_kept: dict[str, tuple[tuple[str, float], dict[str, str]]] = {}


def other_names(kind: str, keys: Collection[str]) -> dict[str, str]:
    """What the search page's facet filter matches beside a value's label, by key: its code, acronym or web domain
    and other names, folded (case and accents aside), one " · " between them; so "UK" or "Britain" typed there
    finds the United Kingdom, as /countries/?q= and `country:Britain` do. Read once per change of the records
    (`records_version`): the search page asks on every computed answer."""
    if not keys:
        return {}
    version = records_version()
    kept = _other_names_kept.get(kind)
    if version is not None and kept is not None and kept[0] == version:
        names = kept[1]
    else:
        names = {
            value: " · ".join(dict.fromkeys(_folded(text) for text in (short, value, *aliases) if text))
            for value, _, short, aliases in _named_entities(kind)
        }
        if version is not None:
            _other_names_kept[kind] = (version, names)  # one assignment: a thread reads the old table or the new
    return {value: names[value] for value in keys if value in names}


def entity_list(*, kind: str, q: str = "", sort: str = "name") -> list[EntityRow]:
    """Every country, approved organisation or source with its article count; `q` keeps the matching ones
    (name, code, acronym or web domain, aliases); sorted by name or by count (most first)."""
    counts = entity_counts(kind)
    entities = _named_entities(kind)
    needle = _folded(q.strip())
    rows = [
        EntityRow(key, name, short, counts.get(key, 0), entity_url(kind, key), search_url(kind, key), list(aliases))
        for key, name, short, aliases in entities
        if not needle or _matches(needle, name, short, key, *aliases)
    ]
    if sort == "count":
        rows.sort(key=lambda row: (-row.count, _folded(row.name), row.name))
    else:
        rows.sort(key=lambda row: (_folded(row.name), row.name))
    return rows


def keys_with_articles(kind: str) -> list[str]:
    """The code or slug of every entity of `kind` whose page lists articles (a country, an approved organisation,
    a source), in order: the entity pages worth a crawler's visit (archive/sitemaps.py)."""
    counts = entity_counts(kind)
    if kind == "country":
        keys = Country.objects.values_list("code", flat=True)
    elif kind == "organisation":
        keys = Organisation.objects.approved().values_list("slug", flat=True)
    elif kind == "source":
        keys = Source.objects.values_list("slug", flat=True)
    else:
        raise ValueError(f"not an entity kind: {kind!r}")
    return sorted(key for key in keys if counts.get(key))


# -- the JSON form ---------------------------------------------------------------------------------


def list_dict(kind: str, rows: list[EntityRow], sort: str, notices: list[str], absolute=lambda path: path) -> dict:
    """A list of entities as plain data for the API; `absolute` turns a path into a full URL."""
    results = [
        {
            "key": row.key,
            "name": row.name,
            "short": row.short or None,
            "aliases": row.aliases,
            "articles": row.count,
            "url": absolute(row.url),
            "search_url": absolute(row.search_url),
        }
        for row in rows
    ]
    return {"kind": kind, "count": len(results), "sort": sort, "notices": notices, "results": results}


def profile_dict(page: EntityPage, absolute=lambda path: path) -> dict:
    """The entity page as plain data for the API; `absolute` turns a path into a full URL."""
    profile = page.profile
    return {
        "kind": page.kind,
        "key": page.key,
        "name": page.name,
        "short": page.listed_short or None,  # as the lists give it
        "aliases": page.aliases,
        "description": page.description,
        "country": {"code": page.country.key, "name": page.country.name} if page.country else None,
        "homepage": page.homepage or None,
        "url": absolute(page.url),
        "search_url": absolute(page.search_url),
        "articles": profile.count,
        "articles_without_month": profile.without_month,
        "months": [
            {"month": m.month, "articles": m.count, "all_articles": m.total, "share": round(m.share, 6)}
            for m in profile.months
        ],
        "cooccurring": {
            other: [
                {
                    "key": item.value,
                    "label": item.label,
                    "articles": item.count,
                    "url": absolute(entity_url(other, item.value)),
                    "search_url": absolute(page.combined_url(other, item.value)),
                }
                for item in items
            ]
            for other, items in profile.cooccurring.items()
        },
        "latest": [
            {
                "id": hit.article.pk,
                "title": hit.article.title,
                "url": absolute(hit.article.get_absolute_url()),
                "other_versions": [other.pk for other in hit.other_versions],
            }
            for hit in page.latest
        ],
    }

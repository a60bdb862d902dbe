"""Entity pages' numbers, counted from the index: articles per entity, attention over time, co-occurrence.

The fast path counts on the live `IndexSnapshot` like the search page's facets do: the entity's
articles are one cached value mask, each co-occurring facet and the months are one `bincount` over
its (document, value) pairs, and the month totals (the share's denominator, Media Cloud's "normalised
attention") one more over every live document. The Whoosh path asks Whoosh's own searcher the same
questions (grouped counts): slower, same answers, and what runs when the fast path cannot. A page's latest
articles are a search (`search()`, newest first), so that copies of a story are grouped as they are there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from archive.search import facets as facet_counts
from archive.search import faults, lookups
from archive.search.periods import date_label
from archive.search.types import FacetValue, SearchParams

logger = logging.getLogger(__name__)

# Entity kind (the search page's facet name) -> its exact index field.
ENTITY_FIELDS = {"country": "countries", "organisation": "organisations", "source": "source"}
TOP_COOCCURRING = 10


@dataclass
class MonthAttention:
    """One month of an entity's attention: its articles and every article of that month."""

    month: str  # "2023-06"
    count: int
    total: int

    @property
    def label(self) -> str:
        return date_label(self.month)

    @property
    def share(self) -> float:
        """The entity's share of the month's articles (0.0 for a month without any)."""
        return self.count / self.total if self.total else 0.0


@dataclass
class EntityProfile:
    kind: str  # "country", "organisation" or "source"
    value: str  # the indexed value: a country code or a slug
    count: int = 0
    months: list[MonthAttention] = field(default_factory=list)  # every month from the first to the last
    without_month: int = 0  # articles dated to the year only, or not dated
    cooccurring: dict[str, list[FacetValue]] = field(default_factory=dict)  # kind -> most frequent first
    engine: str = ""  # "fast", "whoosh" or "portable", as for a search


def _field(kind: str) -> str:
    try:
        return ENTITY_FIELDS[kind]
    except KeyError:
        raise ValueError(f"not an entity kind: {kind!r}") from None


def month_range(first: str, last: str) -> list[str]:
    """Every month key from `first` to `last` ("2022-11", "2023-02" -> 4 keys), across years."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _attention(counts: dict[str, int], totals: dict[str, int]) -> list[MonthAttention]:
    if not counts:
        return []
    keys = sorted(counts)
    return [MonthAttention(key, counts.get(key, 0), totals.get(key, 0)) for key in month_range(keys[0], keys[-1])]


def _top(kind: str, value: str, counts: dict[str, dict[str, int]], labels, top: int) -> dict[str, list[FacetValue]]:
    """Labelled co-occurring values (known and approved ones only), the entity itself left out."""
    labelled = lookups.labelled(counts, SearchParams(), labels)
    return {
        other: [item for item in items if not (other == kind and item.value == value)][:top]
        for other, items in labelled.items()
    }


def _profile_fast(kind: str, value: str, *, top: int) -> EntityProfile:
    from archive.search import snapshot

    fieldname = _field(kind)
    snap = snapshot.current()
    mask = snap.cached_mask(("entity", fieldname, value), lambda: snap.value_mask(fieldname, [value]))
    profile = EntityProfile(kind, value, count=int(np.count_nonzero(mask)), engine="fast")
    months = snap.counts("month", mask)
    profile.months = _attention(months, snap.counts("month", snap.live) if months else {})
    profile.without_month = profile.count - sum(months.values())
    counts = {other: snap.counts(name, mask) for other, name in ENTITY_FIELDS.items()}
    profile.cooccurring = _top(kind, value, counts, lookups.snapshot_labels(snap), top)
    return profile


def _profile_whoosh(kind: str, value: str, *, top: int) -> EntityProfile:
    from archive.search import reader

    fieldname = _field(kind)
    entity = wq.Term(fieldname, value)
    with reader.searcher() as searcher:
        count = facet_counts.whoosh_count_matches(searcher, entity, [])
        profile = EntityProfile(kind, value, count=count, engine="whoosh")
        if not count:
            return profile
        counts = facet_counts.whoosh_facet_counts(
            searcher, entity, {}, facet_fields={**ENTITY_FIELDS, "month": "month"}
        )
        months = counts.pop("month")
        totals = facet_counts.whoosh_facet_counts(searcher, wq.Every(), {}, facet_fields={"month": "month"})["month"]
    profile.months = _attention(months, totals)
    profile.without_month = count - sum(months.values())
    profile.cooccurring = _top(kind, value, counts, None, top)
    return profile


def _profile_portable(kind: str, value: str, *, top: int) -> EntityProfile:
    from archive.search import portable

    entity = [portable.entity_condition(_field(kind), value)]
    count = portable.count(entity)
    profile = EntityProfile(kind, value, count=count, engine="portable")
    if not count:
        return profile
    counts = portable.field_counts(entity, {**ENTITY_FIELDS, "month": "month"})
    months = counts.pop("month")
    profile.months = _attention(months, portable.field_counts([], {"month": "month"})["month"] if months else {})
    profile.without_month = count - sum(months.values())
    profile.cooccurring = _top(kind, value, counts, None, top)
    return profile


def _set_up() -> None:
    """The backend set up (an empty live index on a new data dir), as `search()` does first."""
    from archive.search import reader

    try:
        reader.schema()
    except faults.READ_ERRORS as error:
        raise faults.IndexUnavailable(faults.describe(error)) from error
    faults.refuse_known_damage()


def entity_profile(kind: str, value: str, *, top: int = TOP_COOCCURRING, engine: str = "fast") -> EntityProfile:
    """Everything an entity page counts: articles, attention per month, co-occurring entities.

    `kind` is "country", "organisation" or "source"; `value` the indexed code or slug (an unknown one
    simply has no articles: whether the entity exists is the database's question). `engine="whoosh"`
    counts with Whoosh's searcher (the Whoosh path); the fast path falls back to it by itself.
    `engine="portable"` (taken by itself on an engine other than Whoosh) counts with SearchQuerySet facets.
    """
    _field(kind)
    _set_up()
    from archive.search import portable

    engine = portable.path_for(engine)
    if engine == "portable":
        with faults.damage_reported():
            return _profile_portable(kind, value, top=top)
    if engine == "fast":
        try:
            return _profile_fast(kind, value, top=top)
        except Exception:  # never fail a page the slower path can answer
            logger.exception("The fast entity path failed; counting with Whoosh's searcher.")
    with faults.damage_reported():
        return _profile_whoosh(kind, value, top=top)


def entity_counts(kind: str, *, engine: str = "fast") -> dict[str, int]:
    """Articles per value of one entity kind over the whole index (values without articles left out)."""
    return _whole_index_counts(_field(kind), engine)


def month_totals(*, engine: str = "fast") -> dict[str, int]:
    """Articles per month ("2023-06") over the whole index: the denominators of every entity's share."""
    return _whole_index_counts("month", engine)


def monthly_attention(*series: dict[str, int]) -> list[list[MonthAttention]]:
    """Each series of articles per month ("2023-06" -> n) as attention over the same months: every month from the
    first any of them has to the last (those between included), each with the whole index's total."""
    keys = sorted(key for counts in series for key in counts)
    if not keys:
        return [[] for _ in series]
    totals, months = month_totals(), month_range(keys[0], keys[-1])
    return [[MonthAttention(key, counts.get(key, 0), totals.get(key, 0)) for key in months] for counts in series]


def _whole_index_counts(fieldname: str, engine: str) -> dict[str, int]:
    _set_up()
    from archive.search import portable

    if portable.path_for(engine) == "portable":
        with faults.damage_reported():
            return portable.field_counts([], {fieldname: fieldname})[fieldname]
    if engine == "fast":
        try:
            from archive.search import snapshot

            snap = snapshot.current()
            return snap.counts(fieldname, snap.live)
        except Exception:
            logger.exception("The fast entity path failed; counting with Whoosh's searcher.")
    from archive.search import reader

    with faults.damage_reported(), reader.searcher() as searcher:
        return facet_counts.whoosh_facet_counts(searcher, wq.Every(), {}, facet_fields={fieldname: fieldname})[
            fieldname
        ]

"""The database look-ups of search, both ways.

What users type in field queries (country:pakistan, org:IMF) resolves to the exact indexed values
(`RESOLVERS`); indexed values get their display labels for the facets (`labelled`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.text import slugify

from archive.search.analysis import fold
from archive.search.periods import date_label
from archive.search.types import FacetValue, SearchParams

if TYPE_CHECKING:
    from archive.search.snapshot import IndexSnapshot


def country_code(text: str) -> str | None:
    from archive.models import Country

    text = text.strip()
    if not _names_something(text):
        return None
    if len(text) == 2 and Country.objects.filter(code=text.upper()).exists():
        return text.upper()
    match = Country.objects.filter(name__iexact=text).values_list("code", flat=True).first()
    if match:
        return match
    for code, aliases in Country.objects.exclude(aliases=[]).values_list("code", "aliases"):
        if any(text.lower() == alias.lower() for alias in aliases):
            return code
    from archive.extraction import country_named

    # The names the extractor tags by ("Britain", "UK", "USSR", "West Germany"), as a reader of the tags types them.
    code = country_named(text)
    return code if code and Country.objects.filter(code=code).exists() else None


def _same_name(text: str) -> Callable[[str], bool]:
    """Whether a name is `text` in any letter case, with or without accents, or as its slug ("euratom")."""
    wanted = fold(text.casefold())
    return lambda name: bool(name) and (fold(name.casefold()) == wanted or slugify(name) == text.lower())


def _names_something(text: str) -> bool:
    """Whether a value holds a letter or a digit: a blank one (" ", NUL) matched every organisation whose acronym is
    empty ("org= " was read as the African Union)."""
    return any(ch.isalnum() for ch in text)


def organisation_slug(text: str, *, merged: bool = True) -> str | None:
    """The approved organisation a value names: its slug, acronym or name; else one of its other names (what a
    merge left it: `org=euratom` after Euratom was merged into the EC), accents and case aside; else the slug of
    one merged into it (`org=cpa-test`, its links and alerts kept)."""
    from archive.models import Organisation

    text = text.strip()
    if not _names_something(text):
        return None
    approved = Organisation.objects.approved()
    found = approved.filter(Q(slug=text.lower()) | Q(acronym__iexact=text) | Q(name__iexact=text)).first()
    if found is None and text:
        same = _same_name(text)
        found = next((org for org in approved if any(map(same, [org.name, org.acronym, *(org.aliases or [])]))), None)
    if found is None:
        return _merged_away(Organisation, text, organisation_slug) if merged else None
    return found.slug


def source_slug(text: str, *, merged: bool = True) -> str | None:
    """The source a value names: its slug or name, in any letter case, with or without accents; else the slug of
    one merged into it."""
    from archive.models import Source

    text = text.strip()
    if not _names_something(text):
        return None
    found = Source.objects.filter(Q(slug=text.lower()) | Q(name__iexact=text)).values_list("slug", flat=True).first()
    if found is None and text:
        same = _same_name(text)  # SQLite's iexact folds ASCII letters only: "économique", "ÉCONOMIQUE"
        found = next((s.slug for s in Source.objects.all() if any(map(same, [s.name, *(s.aliases or [])]))), None)
    return found if found is not None or not merged else _merged_away(Source, text, source_slug)


def _merged_away(model, slug: str, resolve: Callable[..., str | None]) -> str | None:
    """The slug of what an entry deleted with `slug` was merged into: a merge makes the merged entry's names
    names of the one kept and deletes it, so its last recorded name (its history's deletion) leads there; its
    slug ("cpa-test", "ico-coffee") is no name of it. None when no such entry was ever deleted."""
    slug = slug.lower()
    if slugify(slug) != slug:
        return None
    gone = model.history.filter(slug=slug, history_type="-").order_by("-history_date").values_list("name", flat=True)
    name = gone.first()
    return resolve(name, merged=False) if name else None  # one step: a name is looked up as it stands now


RESOLVERS = {"countries": country_code, "organisations": organisation_slug, "source": source_slug}


# -- indexed values -> display labels --------------------------------------------------------------


def labels(wanted: dict[str, list[str]] | None) -> dict[str, dict[str, str]]:
    """Display labels from the database: for the values in `wanted`, or (None) for every value."""
    from archive.models import Country, Organisation, Source

    countries, organisations, sources = Country.objects.all(), Organisation.objects.approved(), Source.objects.all()
    if wanted is not None:
        countries = countries.filter(code__in=wanted["country"])
        organisations = organisations.filter(slug__in=wanted["organisation"])
        sources = sources.filter(slug__in=wanted["source"])
    return {
        "country": dict(countries.values_list("code", "name")),
        "organisation": {
            slug: f"{acronym} — {name}" if acronym else name
            for slug, acronym, name in organisations.values_list("slug", "acronym", "name")
        },
        "source": dict(sources.values_list("slug", "name")),
    }


def snapshot_labels(snapshot: IndexSnapshot) -> dict[str, dict[str, str]]:
    """Every label, read once per index generation.

    A rename, or an organisation approved or proposed, re-indexes the articles it tags (see
    archive/signals.py), so the generation changes with any label a facet can show.
    """
    if snapshot.labels is None:
        snapshot.labels = labels(None)
    return snapshot.labels


def labelled(
    counts: dict[str, dict[str, int]], params: SearchParams, known: dict[str, dict[str, str]] | None = None
) -> dict[str, list[FacetValue]]:
    """Counts -> FacetValue lists with display labels from the database, most frequent first."""
    if known is None:  # counted values, and selected ones (listed even at zero)
        known = labels({f: [*counts.get(f, {}), *params.selected(f)] for f in ("country", "organisation", "source")})
    out: dict[str, list[FacetValue]] = {}
    for facet, values in counts.items():
        if facet == "date":
            selected = {params.date} if params.date else set()
            out[facet] = [FacetValue(v, date_label(v), n, v in selected) for v, n in sorted(values.items())]
            continue
        chosen = set(params.selected(facet))
        items = [
            FacetValue(value, known[facet].get(value, value), n, value in chosen)
            for value, n in values.items()
            if value in known[facet]  # e.g. a proposed organisation is not a facet
        ]
        # Selected values stay listed even when the other filters leave them no results.
        for value in chosen - {item.value for item in items}:
            if value in known[facet]:
                items.append(FacetValue(value, known[facet][value], 0, True))
        items.sort(key=lambda item: (-item.count, item.label.lower()))
        out[facet] = items
    return out

"""The gazetteer as the database holds it: loading the shipped data, and the cached snapshot extraction uses."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from archive.extraction.types import CountryEntry, Gazetteer, OrganisationEntry

_cache_lock = threading.Lock()
_cached: tuple[str, Gazetteer] | None = None


def load_gazetteers() -> dict[str, int]:
    """Add the shipped countries and organisations that are missing; editors' changes are kept. Returns how many."""
    from archive.extraction import default_country_rows, load_organisation_fixture
    from archive.models import Country, Organisation

    created = {"countries": 0, "organisations": 0}
    for row in default_country_rows():
        _, was_created = Country.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})
        created["countries"] += was_created
    countries = {c.code: c for c in Country.objects.all()}
    for row in load_organisation_fixture():  # checked and normalised: every key there, kind and country valid
        _, was_created = Organisation.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "acronym": row["acronym"],
                "aliases": row["aliases"],
                "kind": row["kind"],
                "country": countries.get(row["country"]),
                "status": "approved",
            },
        )
        created["organisations"] += was_created
    return created


def _version() -> str:
    """Changes whenever an editor changes the gazetteer (every change leaves a history row)."""
    from archive.models import Country, Organisation

    return repr(
        (
            Country.objects.aggregate(n=Count("id"), last=Max("id")),
            Country.history.aggregate(last=Max("history_id")),
            Organisation.objects.aggregate(n=Count("id"), last=Max("id")),
            Organisation.history.aggregate(last=Max("history_id")),
        )
    )


def clear_cache() -> None:
    global _cached
    with _cache_lock:
        _cached = None


def current_gazetteer() -> Gazetteer:
    """The gazetteer as it is now in the database, rebuilt only when it has changed."""
    global _cached
    from archive.models import Country, Organisation

    version = _version()
    with _cache_lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
    gazetteer = Gazetteer(
        countries=tuple(
            CountryEntry(code=c.code, name=c.name, aliases=tuple(c.aliases or ()))
            for c in Country.objects.order_by("code")
        ),
        organisations=tuple(
            OrganisationEntry(
                slug=o.slug,
                name=o.name,
                acronym=o.acronym,
                aliases=tuple(o.aliases or ()),
                country=o.country.code if o.country_id else "",
            )
            for o in Organisation.objects.approved().select_related("country").order_by("slug")
        ),
    )
    with _cache_lock:
        _cached = (version, gazetteer)
    return gazetteer

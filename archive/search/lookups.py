"""Resolving what users type in field queries (country:pakistan, org:IMF) to the exact indexed values."""

from __future__ import annotations

from django.db.models import Q


def country_code(text: str) -> str | None:
    from archive.models import Country

    text = text.strip()
    if len(text) == 2 and Country.objects.filter(code=text.upper()).exists():
        return text.upper()
    match = Country.objects.filter(name__iexact=text).values_list("code", flat=True).first()
    if match:
        return match
    for code, aliases in Country.objects.exclude(aliases=[]).values_list("code", "aliases"):
        if any(text.lower() == alias.lower() for alias in aliases):
            return code
    return None


def organisation_slug(text: str) -> str | None:
    from archive.models import Organisation

    text = text.strip()
    return (
        Organisation.objects.approved()
        .filter(Q(slug=text.lower()) | Q(acronym__iexact=text) | Q(name__iexact=text))
        .values_list("slug", flat=True)
        .first()
    )


def source_slug(text: str) -> str | None:
    from archive.models import Source

    text = text.strip()
    return Source.objects.filter(Q(slug=text.lower()) | Q(name__iexact=text)).values_list("slug", flat=True).first()


RESOLVERS = {"countries": country_code, "organisations": organisation_slug, "source": source_slug}

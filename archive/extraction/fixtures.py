"""The shipped organisation gazetteer (fixtures/organisations.json) and plain-data gazetteers.

Used by the database loader (archive/gazetteers.py), by evaluation and by tests; the
app itself extracts with the gazetteer the database holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from archive.extraction.country_names import default_country_rows
from archive.extraction.types import CountryEntry, Gazetteer, OrganisationEntry

__all__ = [
    "ORGANISATION_FIXTURE",
    "ORGANISATION_KINDS",
    "build_gazetteer",
    "default_gazetteer",
    "load_organisation_fixture",
]

ORGANISATION_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "organisations.json"
ORGANISATION_KINDS = ("international", "regional", "national", "other")


def load_organisation_fixture(path: str | Path = ORGANISATION_FIXTURE) -> list[dict]:
    """The organisations in a fixture file, checked and normalised.

    Each row: slug, name, acronym, aliases (list), kind (one of ORGANISATION_KINDS) and
    country ("" or an ISO alpha-2 code). Raises ValueError naming the first bad row.
    """
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a JSON list of organisations")
    out: list[dict] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not row.get("slug") or not row.get("name"):
            raise ValueError(f"{path}: row {number} needs a slug and a name")
        slug = str(row["slug"])
        if slug in seen:
            raise ValueError(f"{path}: row {number}: duplicate slug {slug!r}")
        seen.add(slug)
        kind = row.get("kind") or "other"
        if kind not in ORGANISATION_KINDS:
            raise ValueError(f"{path}: row {number} ({slug}): unknown kind {kind!r}")
        aliases = row.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"{path}: row {number} ({slug}): aliases must be a list of strings")
        out.append(
            {
                "slug": slug,
                "name": str(row["name"]),
                "acronym": str(row.get("acronym") or ""),
                "aliases": list(aliases),
                "kind": kind,
                "country": str(row.get("country") or "").upper(),
            }
        )
    return out


def build_gazetteer(countries: Iterable[Mapping], organisations: Iterable[Mapping]) -> Gazetteer:
    """A Gazetteer from plain rows, shaped like default_country_rows() and the fixture."""
    return Gazetteer(
        countries=tuple(
            CountryEntry(code=str(c["code"]).upper(), name=str(c["name"]), aliases=tuple(c.get("aliases") or ()))
            for c in sorted(countries, key=lambda c: c["code"])
        ),
        organisations=tuple(
            OrganisationEntry(
                slug=o["slug"],
                name=o["name"],
                acronym=o.get("acronym") or "",
                aliases=tuple(o.get("aliases") or ()),
                country=(o.get("country") or "").upper(),
            )
            for o in sorted(organisations, key=lambda o: o["slug"])
        ),
    )


def default_gazetteer() -> Gazetteer:
    """What a fresh database holds: every ISO country and the shipped organisations."""
    return build_gazetteer(default_country_rows(), load_organisation_fixture())

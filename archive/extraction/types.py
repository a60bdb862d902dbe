"""Plain data for entity extraction: the gazetteer as built from the database and what extraction returns.

Dates known to a precision (PartialDate, Precision) live in ``archive.dates``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CountryEntry:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str
    aliases: tuple[str, ...] = ()  # extra names editors added (matched like names)


@dataclass(frozen=True)
class OrganisationEntry:
    slug: str
    name: str
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    country: str = ""  # ISO code for national bodies


@dataclass(frozen=True)
class Gazetteer:
    countries: tuple[CountryEntry, ...] = ()
    organisations: tuple[OrganisationEntry, ...] = ()


@dataclass(frozen=True)
class Tag:
    key: str  # country code or organisation slug
    mentions: int


@dataclass(frozen=True)
class ProposedOrganisation:
    """A "Full Name (ACRONYM)" pair found in text that the gazetteer does not know."""

    name: str
    acronym: str


@dataclass
class Extraction:
    countries: list[Tag] = field(default_factory=list)
    organisations: list[Tag] = field(default_factory=list)
    proposals: list[ProposedOrganisation] = field(default_factory=list)

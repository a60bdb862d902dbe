"""Plain data for entity extraction: the gazetteer as built from the database, what extraction returns,
and dates known to a precision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Precision(StrEnum):
    """How much of a published date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PartialDate:
    """A date known to some precision, with the words it came from.

    ``value`` is None when precision is UNKNOWN (no date, a date without a year,
    or a relative date such as "5 sec ago"); for MONTH and YEAR precision the
    missing parts are 1 (2023-06 -> 2023-06-01).
    """

    value: dt.date | None
    precision: Precision
    text: str = ""

    @classmethod
    def unknown(cls, text: str = "") -> PartialDate:
        return cls(None, Precision.UNKNOWN, text)

    def isoformat(self) -> str | None:
        """YYYY-MM-DD, YYYY-MM or YYYY according to precision; None if unknown."""
        if self.value is None:
            return None
        if self.precision == Precision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


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

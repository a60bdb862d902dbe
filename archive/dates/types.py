"""Dates known to a precision, and the dateline that can carry one: plain data, no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Precision(StrEnum):
    """How much of a published date is known; also the choices of ``Article.precision``."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The name people read ("Day"), as Django's choices show it."""
        return self.value.capitalize()


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
class Dateline:
    """The place/agency/date line that opens a wire story ("NEW YORK, SEPT 22 (DNA) -")."""

    place: str = ""  # title case, e.g. "Islamabad", "New York"
    agency: str = ""  # e.g. "DNA", "TDI", "" when absent
    date: PartialDate = field(default_factory=PartialDate.unknown)
    text: str = ""  # the dateline exactly as it stood in the text

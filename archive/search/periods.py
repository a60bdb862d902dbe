"""The date facet's periods: "2023", "2023-06", "2023-06-20", their labels, and every period of a range."""

from __future__ import annotations

from archive.dates import UNDATED
from archive.search.types import FacetValue

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_PERIODS = 120  # more (a century of sparse years) and the gaps are not filled


def date_label(key: str) -> str:
    """ "2023" -> "2023", "2023-06" -> "Jun 2023", "2023-06-20" -> "20 Jun 2023", "undated" -> "Undated"."""
    if key == UNDATED:
        return "Undated"
    parts = key.split("-")
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return key


def date_periods(values: list[FacetValue]) -> list[FacetValue]:
    """Every period between the first and the last, empty ones with a zero count: a histogram, not a list.

    `values` are the date facet's values in order, all of one level (years, a year's months or a
    month's days), the undated bucket (when there) last; it stays last, outside the range. Months
    are filled within one year only; more than `MAX_PERIODS` periods are returned as they are.
    """
    undated = [item for item in values if item.value == UNDATED]
    values = [item for item in values if item.value != UNDATED]
    return _filled(values) + undated


def _filled(values: list[FacetValue]) -> list[FacetValue]:
    if len(values) < 2:
        return values
    keys = [item.value for item in values]
    first, last = keys[0], keys[-1]
    if len(first) == 4:
        periods = [f"{year:04d}" for year in range(int(first), int(last) + 1)]
    elif len(first) == 7:
        year = first[:4]
        periods = [f"{year}-{month:02d}" for month in range(1, 13)] if year == last[:4] else keys
    else:
        month = first[:7]
        periods = [f"{month}-{day:02d}" for day in range(int(first[8:]), int(last[8:]) + 1)]
    if len(periods) > MAX_PERIODS:
        return values
    by_key = {item.value: item for item in values}
    return [by_key.get(period) or FacetValue(period, date_label(period), 0) for period in periods]

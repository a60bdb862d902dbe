"""The benchmark's copies of the date-key helpers: a drill-down key's level, the histogram's level, the sort key.

The index and the search service compute the same (one shared home for them is coming); the
benchmark's stock haystack, FTS5 and database checks read them from here only, so switching is one
place. Date keys are "YYYY", "YYYY-MM" or "YYYY-MM-DD".
"""

from __future__ import annotations

import datetime as dt

KEY_LEVEL = {4: "year", 7: "month", 10: "day"}  # a drill-down key's level, by its length
HISTOGRAM_LEVEL = {0: "year", 4: "month", 7: "day", 10: "day"}  # the histogram's level under a key ("": none)


def key_level(key: str) -> str:
    return KEY_LEVEL[len(key)]


def histogram_level(key: str) -> str:
    return HISTOGRAM_LEVEL[len(key)]


def date_sort(value: dt.date | None) -> int:
    """The index's `date_sort`: YYYYMMDD as a number, 0 for an undated article."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0

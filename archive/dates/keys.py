"""The keys dates are filed and sorted under in the search index, defined once.

A period key is "2023", "2023-06" or "2023-06-20"; its length says its level. The index, the
search service and the benchmark all read levels and sort keys from here.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = [
    "MAX_SORT_KEY",
    "UNDATED",
    "date_end_key",
    "date_sort_key",
    "drill_down_level",
    "oldest_first_key",
    "period_bounds",
    "period_level",
]

# Period key length -> the index field that holds keys of that length.
_LEVELS: dict[int, str] = {4: "year", 7: "month", 10: "day"}
# What the date facet lists under a chosen period (no choice: years); a chosen day lists its month's days.
_CHILD_LEVELS: dict[int, str] = {0: "year", 4: "month", 7: "day", 10: "day"}
MAX_SORT_KEY = 99991231  # the sort key of 9999-12-31, the last date there is
UNDATED = "undated"  # the date facet's bucket (and `date=` value) for articles whose date is unknown


def date_sort_key(value: dt.date | None) -> int:
    """20230620 for 2023-06-20; no date sorts as 0 (oldest), so newest-first puts it last."""
    if value is None:
        return 0
    return value.year * 10000 + value.month * 100 + value.day


def date_end_key(value: dt.date | None, precision: str) -> int:
    """The sort key of the last day a date may be, to its precision: 19871231 for "1987" (year), 19870331 for
    "March 1987", the day's own for a day; 0 when there is no date. A from/to range holds an article whose
    first (`date_sort_key`) and last days are both within it: "1987" is not within 1 to 15 January 1987."""
    if value is None:
        return 0
    if precision == "year":
        return value.year * 10000 + 1231
    if precision == "month":
        return value.year * 10000 + value.month * 100 + calendar.monthrange(value.year, value.month)[1]
    return date_sort_key(value)


def oldest_first_key(sort_key: int) -> int:
    """The key that orders oldest first with the undated last (as newest first has them): 0 sorts after all."""
    return sort_key or MAX_SORT_KEY + 1


def period_level(key: str) -> str:
    """The index field of a period key: "2023" -> "year", "2023-06" -> "month", "2023-06-20" -> "day".

    KeyError for a key of any other length.
    """
    return _LEVELS[len(key)]


def period_bounds(key: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period key: "1987-03" -> (1987-03-01, 1987-03-31); "9999-12" ends on the last
    day there is.

    ValueError for a key that names no period.
    """
    parts = [int(part) for part in key.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    year, month = parts
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def drill_down_level(key: str) -> str:
    """The level the date facet lists under the chosen period ``key`` ("" or undated: the years)."""
    return "year" if key == UNDATED else _CHILD_LEVELS[len(key)]

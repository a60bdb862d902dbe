"""Dates as news text gives them: the date parser, PartialDate and Precision, the dateline parser, index keys.

The lowest layer of the archive: plain Python, no Django and no other ``archive`` module (the
import-linter contracts in ``.importlinter`` hold it to that), so ``ingest`` and ``extraction``
can both use it without importing each other.
"""

from archive.dates.datelines import split_dateline, title_case_place
from archive.dates.keys import (
    MAX_SORT_KEY,
    UNDATED,
    date_end_key,
    date_sort_key,
    drill_down_level,
    oldest_first_key,
    period_bounds,
    period_level,
)
from archive.dates.mail import parse_mail_date
from archive.dates.parse import MONTH_PATTERN, find_date, month_number, parse_date, with_year_before
from archive.dates.stamps import is_date_stamp
from archive.dates.types import Dateline, PartialDate, Precision

__all__ = [
    "MAX_SORT_KEY",
    "MONTH_PATTERN",
    "UNDATED",
    "Dateline",
    "PartialDate",
    "Precision",
    "date_end_key",
    "date_sort_key",
    "drill_down_level",
    "find_date",
    "is_date_stamp",
    "month_number",
    "oldest_first_key",
    "parse_date",
    "parse_mail_date",
    "period_bounds",
    "period_level",
    "split_dateline",
    "title_case_place",
    "with_year_before",
]

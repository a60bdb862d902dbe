"""archive/dates/parse.py: a day and month without a year dated by a later date the file or message gives."""

import datetime as dt

import pytest

from archive.dates import PartialDate, Precision, parse_date, with_year_before


@pytest.mark.parametrize(
    ("words", "reference", "day"),
    [
        ("Sept 14", dt.date(2026, 9, 15), dt.date(2026, 9, 14)),  # the file made the next day
        ("SEPT 14", dt.date(2026, 9, 14), dt.date(2026, 9, 14)),  # the same day
        ("Dec 31", dt.date(2027, 1, 2), dt.date(2026, 12, 31)),  # across the new year: the year before
        ("14 September", dt.date(2026, 9, 13), dt.date(2025, 9, 14)),  # never after the reference
        ("Feb 29", dt.date(2027, 3, 1), dt.date(2024, 2, 29)),  # the last leap year
    ],
)
def test_a_day_without_a_year_is_the_nearest_such_day_not_after_the_reference(words, reference, day) -> None:
    # GIVEN a dateline's day and month without a year, and a later date known to the day
    date = with_year_before(parse_date(words), reference)
    # THEN it is that day in the year that puts it nearest the reference without passing it, with its words
    assert (date.value, date.precision, date.text) == (day, Precision.DAY, words)


@pytest.mark.parametrize(
    "date",
    [
        parse_date("14 Sept 2019"),  # a year already: kept
        parse_date("Sept 2019"),
        PartialDate.unknown(),  # a dateline with no date
        parse_date("Sept 31"),  # no such day
        parse_date("5 hours ago"),
    ],
)
def test_a_date_with_a_year_or_without_a_day_and_month_is_left_as_it_is(date: PartialDate) -> None:
    assert with_year_before(date, dt.date(2026, 9, 15)) == date

"""parse_date / find_date: many formats, and never a guessed year."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.dates import (
    MAX_SORT_KEY,
    Precision,
    date_sort_key,
    drill_down_level,
    find_date,
    parse_date,
    period_bounds,
    period_level,
)

D = Precision.DAY
M = Precision.MONTH
Y = Precision.YEAR


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("20 June 2023", dt.date(2023, 6, 20), D),
        ("13 April 2025", dt.date(2025, 4, 13), D),
        ("June 20, 2023", dt.date(2023, 6, 20), D),
        ("March 3, 2019", dt.date(2019, 3, 3), D),
        ("3 March 2019", dt.date(2019, 3, 3), D),
        ("3rd of March 2019", dt.date(2019, 3, 3), D),
        ("2019-03-03", dt.date(2019, 3, 3), D),
        ("2019-3-3", dt.date(2019, 3, 3), D),
        ("2019-03", dt.date(2019, 3, 1), M),
        ("2019", dt.date(2019, 1, 1), Y),
        ("June 2023", dt.date(2023, 6, 1), M),
        ("Sept 3, 2019", dt.date(2019, 9, 3), D),
        ("SEPT. 3, 2019", dt.date(2019, 9, 3), D),
        ("sep 3 2019", dt.date(2019, 9, 3), D),
        ("3 DEC. 2019", dt.date(2019, 12, 3), D),
        ("february 28, 2024", dt.date(2024, 2, 28), D),
        ("3 may 2019", dt.date(2019, 5, 3), D),
        ("MAY 3, 2019", dt.date(2019, 5, 3), D),
        ("29 Feb 2024", dt.date(2024, 2, 29), D),
        ("Updated 13 April 2025", dt.date(2025, 4, 13), D),
        ("Published: 3 March 2019", dt.date(2019, 3, 3), D),
        ("Last updated on 3 March 2019 10:32 PKT", dt.date(2019, 3, 3), D),
        ("Monday, 13 April 2025", dt.date(2025, 4, 13), D),
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26), D),
        ("3-MAR-1987  09:15:05.40", dt.date(1987, 3, 3), D),
        ("  20\u00a0June\u00a02023  ", dt.date(2023, 6, 20), D),
    ],
)
def test_parse_date_known(text: str, value: dt.date, precision: Precision) -> None:
    result = parse_date(text)
    assert result.value == value
    assert result.precision == precision
    assert result.text == " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    "text",
    [
        "Mar. 3",
        "SEPT 22",
        "Feb 26",
        "22 Sept",
        "JUNE 16",
        "May 3",
        "Updated 5 sec ago",
        "2 hours ago",
        "an hour ago",
        "5h ago",
        "yesterday",
        "Today",
        "31 Feb 2023",  # no such day
        "2023-02-30",
        "0000",
        "hello world",
    ],
)
def test_parse_date_unknown_keeps_words(text: str) -> None:
    """GIVEN a date with no year, a relative date, an impossible one or no date
    THEN precision is UNKNOWN, no value is guessed, and the words are kept."""
    result = parse_date(text)
    assert result.precision == Precision.UNKNOWN
    assert result.value is None
    assert result.text == text
    assert result.isoformat() is None


def test_parse_date_empty() -> None:
    assert parse_date("   ") == parse_date("")
    assert parse_date("").text == ""
    assert parse_date("").precision == Precision.UNKNOWN


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("1999", "1999", Y),
        (" 1999-7 ", "1999-07", M),
        ("1999-07", "1999-07", M),
        ("Mar 1987", "1987-03", M),
        ("June 2023", "2023-06", M),
        ("1999-07-04", "1999-07-04", D),
        ("1999-13", None, Precision.UNKNOWN),
        ("0000", None, Precision.UNKNOWN),
        ("Updated 2023", None, Precision.UNKNOWN),  # a form's value is the date alone
        ("June 2023 or so", None, Precision.UNKNOWN),
        ("5 days ago", None, Precision.UNKNOWN),
    ],
)
def test_parse_date_whole(text: str, iso: str | None, precision: Precision) -> None:
    """GIVEN a date typed into a form (whole=True) THEN it is read only when it is all of the text,
    and a month may be written unpadded ("1999-7"), as people type it."""
    result = parse_date(text, whole=True)
    assert (result.isoformat(), result.precision) == (iso, precision)


def test_unpadded_months_in_news_text_stay_unread() -> None:
    assert parse_date("1999-7").precision == Precision.UNKNOWN
    assert find_date("in 1999-7 they met").precision == Precision.UNKNOWN


@pytest.mark.parametrize(
    ("text", "iso", "words"),
    [
        ("meeting in Rawalpindi on April 13, 2025. (ISPR)", "2025-04-13", "April 13, 2025"),
        ("Updated 13 April 2025", "2025-04-13", "Updated 13 April 2025"),
        ("Short Url Updated 5 sec ago Follow", None, "Updated 5 sec ago"),
        ("NEW YORK, SEPT 22 (DNA) – In a meeting", None, "SEPT 22"),
        ("posted 2019-03 in the archive", "2019-03", "posted 2019-03"),
        ("first 3 March 2019 then 4 April 2020", "2019-03-03", "3 March 2019"),
    ],
)
def test_find_date_in_longer_text(text: str, iso: str | None, words: str) -> None:
    result = find_date(text)
    assert result.isoformat() == iso
    assert result.text == words


@pytest.mark.parametrize(
    "text",
    [
        "Pakistan is a partner of ASEAN since 1993",  # a bare year in prose is not a date
        "projects implemented during 2021-2023",
        "the 2019-20 season",
        "they may 3 times refuse",  # lowercase "may" is a verb
        "no date here at all",
        "",
    ],
)
def test_find_date_ignores_non_dates(text: str) -> None:
    result = find_date(text)
    assert result.precision == Precision.UNKNOWN
    assert result.text == ""


def test_isoformat_follows_precision() -> None:
    assert parse_date("2019").isoformat() == "2019"
    assert parse_date("March 2019").isoformat() == "2019-03"
    assert parse_date("3 March 2019").isoformat() == "2019-03-03"


def test_date_keys_of_the_index() -> None:
    """One sort key and one table of levels for the index, the search service and the benchmark."""
    assert date_sort_key(dt.date(2023, 6, 20)) == 20230620
    assert date_sort_key(None) == 0  # unknown dates sort oldest
    assert date_sort_key(dt.date(9999, 12, 31)) == MAX_SORT_KEY
    assert [period_level(k) for k in ("2023", "2023-06", "2023-06-20")] == ["year", "month", "day"]
    assert [drill_down_level(k) for k in ("", "2023", "2023-06", "2023-06-20")] == ["year", "month", "day", "day"]


@pytest.mark.parametrize(
    ("key", "first", "last"),
    [
        ("1987", dt.date(1987, 1, 1), dt.date(1987, 12, 31)),
        ("1988-02", dt.date(1988, 2, 1), dt.date(1988, 2, 29)),  # a leap year's February
        ("1987-12", dt.date(1987, 12, 1), dt.date(1987, 12, 31)),
        ("1987-03-05", dt.date(1987, 3, 5), dt.date(1987, 3, 5)),
        ("9999-12", dt.date(9999, 12, 1), dt.date(9999, 12, 31)),  # the last month there is
        ("9999", dt.date(9999, 1, 1), dt.date(9999, 12, 31)),
    ],
)
def test_a_period_key_spans_its_first_to_its_last_day(key, first, last) -> None:
    assert period_bounds(key) == (first, last)


def test_a_key_that_names_no_period_is_refused() -> None:
    with pytest.raises(ValueError):
        period_bounds("1987-13")

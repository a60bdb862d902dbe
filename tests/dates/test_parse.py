"""archive/dates/parse.py: dates in the languages of the foreign press; a day and month without a year dated by a
later date the file or message gives."""

import datetime as dt

import pytest

from archive.dates import PartialDate, Precision, find_date, parse_date, with_year_before


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


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("12 mai 2023", dt.date(2023, 5, 12), Precision.DAY),
        ("Publié le 3 mars 2023", dt.date(2023, 3, 3), Precision.DAY),
        ("1er mars 2023", dt.date(2023, 3, 1), Precision.DAY),
        ("3 févr. 2023", dt.date(2023, 2, 3), Precision.DAY),
        ("3 fevrier 2023", dt.date(2023, 2, 3), Precision.DAY),  # without its accent
        ("14 janv. 2023", dt.date(2023, 1, 14), Precision.DAY),
        ("3 de junio de 2023", dt.date(2023, 6, 3), Precision.DAY),
        ("3 de junio del 2023", dt.date(2023, 6, 3), Precision.DAY),
        ("2 dic. 2022", dt.date(2022, 12, 2), Precision.DAY),
        ("1º de maio de 2023", dt.date(2023, 5, 1), Precision.DAY),
        ("4 de março de 2023", dt.date(2023, 3, 4), Precision.DAY),
        ("7 aprile 2023", dt.date(2023, 4, 7), Precision.DAY),
        ("3 set. 2023", dt.date(2023, 9, 3), Precision.DAY),
        ("12. März 2023", dt.date(2023, 3, 12), Precision.DAY),
        ("12. MÄRZ 2023", dt.date(2023, 3, 12), Precision.DAY),
        ("3 Mär 2023", dt.date(2023, 3, 3), Precision.DAY),
        ("5 mei 2023", dt.date(2023, 5, 5), Precision.DAY),  # Dutch
        ("5 mrt 2023", dt.date(2023, 3, 5), Precision.DAY),
        ("14 февраля 2023 г.", dt.date(2023, 2, 14), Precision.DAY),  # Russian genitive
        ("14 ФЕВРАЛЯ 2023", dt.date(2023, 2, 14), Precision.DAY),
        ("juin 2023", dt.date(2023, 6, 1), Precision.MONTH),
        ("junio de 2023", dt.date(2023, 6, 1), Precision.MONTH),
        ("März 2023", dt.date(2023, 3, 1), Precision.MONTH),
        ("Февраль 2023", dt.date(2023, 2, 1), Precision.MONTH),
    ],
)
def test_dates_in_other_languages_are_read(text: str, value: dt.date, precision: Precision) -> None:
    # GIVEN a date as the French, Spanish, Portuguese, Italian, German, Dutch or Russian press writes it
    date = parse_date(text)
    # THEN it is read to its precision, its words kept
    assert (date.value, date.precision, date.text) == (value, precision, text)


@pytest.mark.parametrize(
    ("text", "first_date"),
    [
        # short forms that are words: a day before them is not enough, a year is needed
        ("He saved 3 set points before the final on 12 June 2023", "2023-06-12"),
        ("The crowd sang 5 mai tai songs", None),
        ("Sold out 2023 tickets", None),
        ("Phase out 2030 coal", None),
        # full names that are English words or names, with a year and no day
        ("The Mars 2020 rover landed on 18 February 2021", "2021-02-18"),
        ("County Mayo 2019 results", None),
        ("Mai 12 and Mai 13 were the singers", None),  # the month never before the day in other languages
    ],
)
def test_words_that_are_month_abbreviations_elsewhere_are_not_read_as_dates(text: str, first_date: str | None) -> None:
    # GIVEN English prose holding "set", "mai", "out", "Mars", "Mayo", "Mai"
    # THEN only a real date in it is found
    assert find_date(text).isoformat() == first_date


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("3 mars", dt.date(2023, 3, 3)),
        ("12. März", dt.date(2023, 3, 12)),
        ("5 mar", dt.date(2023, 3, 5)),  # EFE's, in lower case
        ("14 февраля", dt.date(2023, 2, 14)),
    ],
)
def test_a_dateline_day_in_another_language_is_dated_by_a_later_day(words: str, day: dt.date) -> None:
    # GIVEN a dateline's day and month in another language, no year; a file made 2023-05-01
    date = with_year_before(parse_date(words), dt.date(2023, 5, 1))
    # THEN it is that day in the year before the file's date
    assert (date.value, date.precision) == (day, Precision.DAY)

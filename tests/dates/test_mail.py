"""archive/dates/mail.py: an e-mail's Date header as the day it was where it was sent."""

import datetime as dt

import pytest

from archive.dates import Precision, parse_mail_date


@pytest.mark.parametrize(
    ("header", "day"),
    [
        # Late evening west of Greenwich: already the next day in UTC, still the 3rd where it was sent.
        ("Tue, 3 Mar 2026 23:30:00 -0500", dt.date(2026, 3, 3)),
        # Just after midnight east of Greenwich: still the previous day in UTC, the 4th where it was sent.
        ("Wed, 4 Mar 2026 00:10:00 +1300", dt.date(2026, 3, 4)),
        ("Wed, 4 Mar 2026 00:00:00 +0000", dt.date(2026, 3, 4)),
        ("3 Mar 2026 10:00 GMT", dt.date(2026, 3, 3)),  # no weekday, an obsolete zone name
        ("Tue, 3 Mar 2026 23:59:59 -0000", dt.date(2026, 3, 3)),  # "-0000": zone unknown, the header's day
    ],
)
def test_the_day_is_the_senders_day(header, day):
    # WHEN a Date header is read
    date = parse_mail_date(header)
    # THEN the day is the wall-clock day of the sender, to day precision, with the header's words
    assert (date.value, date.precision, date.text) == (day, Precision.DAY, header)


@pytest.mark.parametrize("header", ["", None, "   ", "next Tuesday", "Mon, 31 Feb 2026 10:00:00 +0000"])
def test_a_missing_or_impossible_date_is_unknown_with_its_words(header):
    # WHEN the header is missing, unreadable or names a day that does not exist
    date = parse_mail_date(header)
    # THEN no date is guessed, and the words are kept for an editor
    assert date.value is None and date.precision == Precision.UNKNOWN
    assert date.text == " ".join(str(header or "").split())

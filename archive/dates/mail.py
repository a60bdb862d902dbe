"""The Date header of an e-mail (RFC 5322) as a PartialDate: the day in the sender's own time zone.

A newsletter sent at 23:30 -0500 on 3 March was written on 3 March where it was sent, though it
was already 4 March in UTC: the day is read from the header's local time, never converted.
"""

from __future__ import annotations

import datetime as dt
import email.utils

from archive.dates.types import PartialDate, Precision

__all__ = ["parse_mail_date"]


def parse_mail_date(header: str | None) -> PartialDate:
    """Day precision from a Date header ("Tue, 3 Mar 2026 23:30:00 -0500" -> 2026-03-03).

    A missing, unreadable or impossible header is UNKNOWN with its words kept, never guessed.
    """
    text = " ".join(str(header or "").split())
    if not text:
        return PartialDate.unknown()
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return PartialDate.unknown(text[:200])
    if moment is None or not isinstance(moment, dt.datetime):
        return PartialDate.unknown(text[:200])
    # The wall-clock date where it was sent: parsedate_to_datetime keeps the header's offset.
    return PartialDate(moment.date(), Precision.DAY, text[:200])

"""Dates as they appear in news text, turned into PartialDate without ever guessing.

A date without a year ("SEPT 22"), a relative one ("5 sec ago") or an impossible
one ("31 Feb 2023") comes back with precision UNKNOWN and its words kept in
``text``, so a person can still read what the page said.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from archive.dates.months import ENGLISH_MONTHS, MONTHS, OTHER_FULL_MONTHS, YEAR_ONLY_UNSAFE
from archive.dates.types import PartialDate, Precision

__all__ = ["ANY_MONTH_PATTERN", "MONTH_PATTERN", "find_date", "month_number", "parse_date", "with_year_before"]


def _alternatives(names: Iterable[str]) -> str:
    """A regex alternation of ``names``, longest first so "September" is not matched as "Sep" + "tember"."""
    return "|".join(sorted(names, key=len, reverse=True))


MONTH_PATTERN = _alternatives(ENGLISH_MONTHS)
# Every language's months ("mai", "févr", "März", "февраля"): read only in a date's strict shape, since many
# short forms are words too ("mar", "set", "out", "ago").
ANY_MONTH_PATTERN = _alternatives(MONTHS)
_MON = rf"(?P<mon>{MONTH_PATTERN})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# The other languages' day: "1er" (French), "1º", "1.º" (Spanish, Portuguese, Italian), "12." (German).
_WORLD_DAY = r"(?P<day>\d{1,2})(?:er|\.?[º°]|\.)?"
_ANY_MON = rf"(?P<mon>{ANY_MONTH_PATTERN})\.?(?![^\W\d_])"
_YEAR_ONLY_MON = rf"(?P<mon>{_alternatives(set(OTHER_FULL_MONTHS) - YEAR_ONLY_UNSAFE)})(?![^\W\d_])"
# "12 mai 2023", "3 de junio de 2023", "1º de maio de 2023", "12. März 2023", "14 февраля 2023"
_WORLD_DAY_MONTH = rf"{_WORLD_DAY}\s+(?:de\s+)?{_ANY_MON}"
_WORLD_YEAR = rf"(?:,?\s+|\s+del?\s+){_YEAR}\b"
# "Updated", "Published:", "Last updated on" ... kept in the match so relative
# dates keep their full words ("Updated 5 sec ago").
_PREFIX = r"(?:(?:last\s+)?(?:updated|published|posted|dated)(?:\s+on)?\s*:?\s*)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

_FLAGS = re.IGNORECASE
# At equal start positions the longest match wins (see _first_match).
_PATTERNS: list[re.Pattern[str]] = [
    # Reuters DATE "26-FEB-1987 15:01:01.79"
    re.compile(rf"\b{_DAY}-{_MON}-{_YEAR}\b(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?", _FLAGS),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>0?[1-9]|1[0-2])-(?P<day>\d{1,2})(?!\d)", _FLAGS),
    # "2019-03" but not the range "2019-2020" nor the start of "2019-03-40"
    re.compile(r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\b(?!-\d)", _FLAGS),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", _FLAGS),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", _FLAGS),
    re.compile(rf"\b{_MON},?\s+{_YEAR}\b", _FLAGS),
    # Other languages: the day first, and always a year ("3 set" may be a tennis score, "Mai 3" a name).
    re.compile(rf"\b{_WORLD_DAY_MONTH}{_WORLD_YEAR}", _FLAGS),
    re.compile(rf"\b{_YEAR_ONLY_MON}{_WORLD_YEAR}", _FLAGS),  # "juin 2023", "junio de 2023", "März 2023"
    re.compile(rf"\b{_DAY}\s+{_MON}(?![a-z])", _FLAGS),
    re.compile(rf"\b{_MON}\s+{_DAY}\b(?!:\d)", _FLAGS),
    # Relative dates: no year group, so always UNKNOWN with their words.
    re.compile(
        r"\b(?:\d+\s*[smhdw]|(?:\d+|an?|one)\s+(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|"
        r"weeks?|months?|years?))\s+ago\b|\b(?:yesterday|today|just\s+now)\b",
        _FLAGS,
    ),
]
# A dateline's day and month in any language, its whole date text ("3 mars", "12. März"): only there is a
# yearless "5 mar" known to be a date.
_DAY_AND_MONTH = re.compile(_WORLD_DAY_MONTH, _FLAGS)
# Bare years are accepted by parse_date (the whole string is a year) but not by
# find_date: in prose "since 1993" is not a publication date.
_BARE_YEAR = re.compile(r"\d{4}")
# "2023-6", as people type a month into a form; read only where the date is the whole text
# (parse_date(..., whole=True)): in news text an unpadded "2019-3" stays unread, as before.
_TYPED_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>0?[1-9]|1[0-2])")
_PREFIX_RE = re.compile(rf"^{_PREFIX}{_WEEKDAY}", _FLAGS)
_PREFIX_BEFORE = re.compile(rf"{_PREFIX}{_WEEKDAY}$", _FLAGS)
# Month names that are also ordinary lowercase words ("they may 3x", "to mar").
_WORDLIKE_MONTHS = frozenset({"may", "mar"})


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation in any language read ("Sept", "MAR.", "févr.", "März", "февраля")."""
    return MONTHS.get(unicodedata.normalize("NFC", name).lower().rstrip("."))


def _build(match: re.Match[str], text: str) -> PartialDate:
    """Turn one regex match into a PartialDate; impossible dates become UNKNOWN."""
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("mon"):
        month = month_number(groups["mon"])
    elif groups.get("month"):
        month = int(groups["month"])
    else:
        month = None
    day = int(groups["day"]) if groups.get("day") else None
    if year is None:  # "SEPT 22": a year would be a guess
        return PartialDate.unknown(text)
    try:
        if month is None:
            return PartialDate(dt.date(year, 1, 1), Precision.YEAR, text)
        if day is None:
            return PartialDate(dt.date(year, month, 1), Precision.MONTH, text)
        return PartialDate(dt.date(year, month, day), Precision.DAY, text)
    except ValueError:  # 31 Feb, year 0000 ...
        return PartialDate.unknown(text)


def _plausible(match: re.Match[str]) -> bool:
    """Lowercase "may"/"mar" without a year is a verb ("they may 3x"), not a date."""
    groups = match.groupdict()
    mon = groups.get("mon")
    return bool(groups.get("year")) or not (mon and mon.rstrip(".") in _WORDLIKE_MONTHS)


def _first_match(text: str) -> re.Match[str] | None:
    """Earliest date match in text; at equal starts the longest (most precise) wins."""
    best: re.Match[str] | None = None
    for pattern in _PATTERNS:
        match = next((m for m in pattern.finditer(text) if _plausible(m)), None)
        if match is not None and (best is None or (match.start(), -match.end()) < (best.start(), -best.end())):
            best = match
    return best


def find_date(text: str) -> PartialDate:
    """The first date inside a longer string; UNKNOWN with empty text when there is none.

    ``text`` of the result is the matched words, including an "Updated"/"Published:"
    prefix right before them ("Updated 5 sec ago").
    """
    text = text.replace("\u00a0", " ")
    match = _first_match(text)
    if match is None:
        return PartialDate.unknown()
    start = match.start()
    before = _PREFIX_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and before.group().strip():
        start = before.start()
    words = " ".join(text[start : match.end()].split())
    return _build(match, words)


def _bare_year(core: str, words: str) -> PartialDate:
    """The year ``core`` ("1987"); year 0 is UNKNOWN."""
    if int(core) == 0:
        return PartialDate.unknown(words)
    return PartialDate(dt.date(int(core), 1, 1), Precision.YEAR, words)


def _whole_match(words: str) -> re.Match[str] | None:
    """A pattern that matches all of ``words``; the unpadded "2023-6" of a form too."""
    for pattern in (_TYPED_MONTH, *_PATTERNS):
        match = pattern.fullmatch(words)
        if match is not None:
            return match
    return None


def parse_date(text: str, *, whole: bool = False) -> PartialDate:
    """Parse a string that is (or holds) a date: "20 June 2023", "2019-03", "Updated 5 sec ago".

    The result keeps the whole stripped input as ``text``. A string with no date in it
    gives UNKNOWN (still with its text), never a guess. With ``whole`` (a date typed into a
    form) the date must be all of the text: "2023", "2023-6", "June 2023", "2023-06-20"; no
    prefix, no other words, else UNKNOWN.
    """
    words = " ".join(text.replace("\u00a0", " ").split())
    if not words:
        return PartialDate.unknown()
    prefix = None if whole else _PREFIX_RE.match(words)
    core = words[prefix.end() :] if prefix else words
    if _BARE_YEAR.fullmatch(core):
        return _bare_year(core, words)
    match = _whole_match(core) if whole else _first_match(core)
    return PartialDate.unknown(words) if match is None else _build(match, words)


_YEARS_BACK = 8  # enough for a 29 February to find its leap year


def with_year_before(date: PartialDate, reference: dt.date) -> PartialDate:
    """A day and month without a year ("Sept 14", a dateline's) in the year that puts it nearest ``reference``
    without passing it: the story's day, dated by a file's own later date (2026-09-15 gives 2026-09-14, 2027-01-02
    gives 2026-09-14); a dateline's "3 mars", "12. März" or "5 mar" too. ``date`` as it is when it has a year
    already, or no day and month to read."""
    if date.value is not None:
        return date
    match = _DAY_AND_MONTH.fullmatch(date.text) or _first_match(date.text)
    groups = match.groupdict() if match is not None else {}
    if not groups.get("day") or not groups.get("mon") or groups.get("year"):
        return date
    month, day = month_number(groups["mon"]) or 1, int(groups["day"])
    for year in range(reference.year, reference.year - _YEARS_BACK, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February out of a leap year; 31 September never
            continue
        if candidate <= reference:
            return PartialDate(candidate, Precision.DAY, date.text)
    return date

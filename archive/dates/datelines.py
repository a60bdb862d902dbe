"""Wire-style datelines at the start of a story: "NEW YORK, SEPT 22 (DNA) – ...".

Conservative on purpose: a false dateline eats the start of a sentence, a missed one
only leaves "ISLAMABAD:" in the body. So a place alone (followed by ":" or a dash)
must be ALL CAPS; a Title-case place needs a date or an agency in brackets after it.
"""

from __future__ import annotations

import re
import unicodedata

from archive.dates.months import OTHER_FULL_MONTHS, WEEKDAYS
from archive.dates.parse import ANY_MONTH_PATTERN, MONTH_PATTERN, parse_date
from archive.dates.types import Dateline, PartialDate

__all__ = ["split_dateline", "title_case_place"]

_MAX_PLACE_WORDS = 4
# A dateline is read from the first characters of a paragraph only: the longest real one is
# under 100 characters, and the bound caps the work on a hostile paragraph whatever the pattern.
_MAX_DATELINE_CHARS = 300
_SP = r"[^\S\n]"  # horizontal whitespace, NBSP included
_WORD = r"[^\W\d_][\w.'’&/-]*"
# Runs of spaces are possessive ("*+", "++"): what follows them is never a space, so the
# matches are the same, and a long run is read once instead of once per way to split it
# ("x", 20,000 spaces, "y" took 58 s with "{_SP}*,?{_SP}*").
_PHRASE = rf"{_WORD}(?:{_SP}++{_WORD}){{0,5}}"
_MON = rf"(?i:{MONTH_PATTERN})\.?"
_DATE = rf"(?:\d{{1,2}}{_SP}++{_MON}(?:,?{_SP}++\d{{4}})?|{_MON}{_SP}++\d{{1,2}}(?:,?{_SP}++\d{{4}})?)"
# The other languages' dates, the day first, after a comma: "12 mai 2023", "3 de junio de 2023", "12. März",
# "1er mars", "1º de maio", "14 февраля 2023". Never the month first: "Mai 3" is a name and a number.
_WORLD_DATE = (
    rf"\d{{1,2}}(?:er|\.?[º°]|\.)?{_SP}++(?:de{_SP}++)?(?i:{ANY_MONTH_PATTERN})\.?(?![^\W\d_])"
    rf"(?:(?:,?{_SP}++|{_SP}++del?{_SP}++)\d{{4}})?"
)
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_DATELINE = re.compile(
    rf"""
    (?P<place>{_PHRASE})
    (?:{_SP}*+,{_SP}*+(?P<region>{_PHRASE}))?     # "TAUPO, New Zealand, March 23"
    (?:{_SP}*+,{_SP}*+(?P<region2>{_PHRASE}))?    # "GEORGETOWN, Grand Cayman, British West Indies"
    (?:{_SP}*+,{_SP}*+(?P<weekday>(?i:{_WEEKDAY}))(?![^\W\d_]))?  # "PARIS, lundi 3 mai", "MADRID, lunes,"
    (?:{_SP}*+,?{_SP}*+(?:(?P<date>{_DATE})|\b(?P<loose>[^\W\d_]{{3,9}}\.?{_SP}++\d{{1,3}}))(?!\d)
       |{_SP}*+(?(weekday),?|,){_SP}*+(?P<world_date>{_WORLD_DATE})(?!\d))?
    (?:{_SP}*+\((?P<agency>[^()\d\n]{{1,40}})\)(?:\.(?=[-–—]))?  # "(DNA)", "(Reuters)", EFE's "(EFE).-"
       |,{_SP}*+(?P<agency2>Reuters?)\b)?        # Reuters' odd "March 23, Reuter -"
    {_SP}*+,?{_SP}*+(?P<sep>[-–—]{{1,2}}|:)
    """,
    re.VERBOSE,
)
# Lower-case words allowed inside a place name ("Rio de Janeiro", "Dar es Salaam").
# fmt: off
_CONNECTORS = frozenset({
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "les", "el", "al", "es",
    "of", "on", "upon", "sur", "am", "an", "der", "den", "van", "von", "y", "e",
})
# fmt: on
# ALL CAPS labels that open paragraphs but are not places.
# fmt: off
_NOT_PLACES = frozenset({
    "NOTE", "NB", "PS", "FYI", "UPDATE", "UPDATED", "BREAKING", "CORRECTION", "CLARIFICATION",
    "WATCH", "VIDEO", "PHOTO", "PHOTOS", "LIVE", "EXCLUSIVE", "ANALYSIS", "OPINION", "COMMENT",
    "EDITORIAL", "FILE", "READ", "ALSO", "SOURCE", "SOURCES", "Q", "A", "QUOTE", "WARNING",
    "DISCLAIMER", "FACTBOX", "EXPLAINER", "REVIEW", "INTERVIEW", "ADVERTISEMENT", "SPONSORED",
    "RELATED", "MORE", "SEE", "URGENT", "FLASH", "ALERT", "TIP", "TIPS", "REPORT", "STATEMENT",
    "SUMMARY", "BACKGROUND", "CONTEXT", "RESULTS", "TEXT", "TRANSCRIPT", "EDITOR", "EDITOR'S",
    "EDITORS",
})
# fmt: on
_MONTH_NAMES = frozenset((*MONTH_PATTERN.split("|"), *OTHER_FULL_MONTHS))
_ABBREVIATION = re.compile(r"^(?:[^\W\d_]\.)+$")  # "N.Y.", "D.C." stay as written


def _is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_name_words(words: list[str]) -> bool:
    """Capitalised words, with lower-case connectors only inside ("Rio de Janeiro")."""
    if not words or len(words) > _MAX_PLACE_WORDS:
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w in _CONNECTORS for w in words[1:])


def _title_word(word: str) -> str:
    if _ABBREVIATION.match(word) or not _is_upper_word(word):
        return word  # already mixed case, or an initialism
    parts = re.split(r"([-/’'])", word.lower())
    out: list[str] = []
    for i, part in enumerate(parts):
        # Capitalise after a hyphen, and after an apostrophe only behind one letter
        # ("N'Djamena", "D'Alene") so that "JOHN'S" becomes "John's".
        after_apostrophe = i >= 2 and parts[i - 1] in ("’", "'")
        if part and (not after_apostrophe or len(parts[i - 2]) == 1):
            part = part[0].upper() + part[1:]
        out.append(part)
    return "".join(out)


def title_case_place(place: str) -> str:
    """Title-case ALL CAPS words: "NEW YORK" -> "New York", "RIO DE JANEIRO" -> "Rio de Janeiro".

    Words already in mixed case ("Boca Raton", "Fla.") and initialisms ("N.Y.") are kept.
    """
    words = place.split()
    out = []
    for i, word in enumerate(words):
        titled = _title_word(word)
        if i and word.lower() in _CONNECTORS and _is_upper_word(word):
            titled = word.lower()
        out.append(titled)
    return " ".join(out)


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Split a leading dateline off a paragraph: (Dateline, rest) or (None, paragraph).

    Recognised: "ISLAMABAD: ...", "NEW YORK, SEPT 22 (DNA) – ...", "Islamabad, 20 June
    2023 (TDI): ...", "SALVADOR, Feb 26 - ...", "WASHINGTON (Reuters) - ...". The place may
    carry a region ("Boca Raton, Fla."), kept in ``place`` after a comma.
    """
    stripped = unicodedata.normalize("NFC", paragraph.lstrip())  # "BELÉM" typed as E + a combining accent too
    match = _DATELINE.match(stripped, 0, _MAX_DATELINE_CHARS)
    if match is None or match.end() == _MAX_DATELINE_CHARS:
        return None, paragraph  # none, or one running into the bound: not a real dateline
    place_words = match["place"].split()
    if match["place"].lower() in WEEKDAYS:
        return None, paragraph  # "Lundi, 3 mai -": a day, with no place
    # A weekday read as a region is the day: "WASHINGTON, Monday, May 3 -", "BERLIN, Montag (dpa) -".
    regions = [match[name] for name in ("region", "region2") if match[name] and match[name].lower() not in WEEKDAYS]
    region_words = [w for region in regions for w in region.split()]
    agency = (match["agency"] or match["agency2"] or "").strip()
    date_text = match["date"] or match["world_date"] or ""
    if not _is_name_words(place_words) or not all(_is_name_words(region.split()) for region in regions):
        return None, paragraph
    if match["loose"] and not all(_is_upper_word(w) for w in place_words):
        return None, paragraph  # a misspelt date ("Narch 2", "March 119") only after a wire's ALL CAPS place
    if any(w.lower().rstrip(".") in _MONTH_NAMES for w in region_words):
        return None, paragraph  # "LONDON, March" is a date fragment, not a region
    if agency and not _is_name_words(agency.replace("/", " ").split()):
        return None, paragraph
    if not (date_text or agency):
        # A bare place must look like one: ALL CAPS and not a label such as "NOTE:".
        words = place_words + region_words
        if not all(_is_upper_word(w) for w in place_words) or len(match["place"]) < 3:
            return None, paragraph
        if any(w.rstrip(".:").upper() in _NOT_PLACES for w in words):
            return None, paragraph
    place = title_case_place(match["place"])
    if not regions and not agency and not date_text and re.search(r"\w{3}\.[-–—]", match.group()):
        place = place.rstrip(".")  # the Spanish and Latin American "BUENOS AIRES.-": the dot belongs to the dash
    for region in regions:
        place = f"{place}, {title_case_place(region)}"
    date = parse_date(date_text) if date_text else PartialDate.unknown()
    dateline = Dateline(place=place, agency=agency, date=date, text=match.group().strip())
    return dateline, stripped[match.end() :].strip()

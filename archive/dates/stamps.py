"""Date stamps: the short lines a page prints under its headline about its own dates ("Published: March 4,
2026 8:15 am", "Updated | Published", "Publié le 04/03/2026 à 18h32"), never a sentence of the story.

A stamp opens with a label (published, updated, posted, publié, mis à jour, publicado, actualizado,
veröffentlicht, aktualisiert …) and holds nothing but labels and the words of a date or a time; its date may be
missing, as when a page's <time> elements were dropped with their text ("Publié le , mis à jour le").
"""

from __future__ import annotations

import re

from archive.dates.months import WEEKDAYS
from archive.dates.parse import MONTH_PATTERN

__all__ = ["is_date_stamp"]

_MAX_CHARS = 120
_LABEL = (
    r"(?:(?:first|last|originally)\s+)?(?:published|updated|posted|modified|dated)(?:\s+on)?"
    r"|publi[ée]e?|mis\s+[àa]\s+jour|modifi[ée]e?|(?:publicad|actualizad|atualizad|pubblicat|aggiornat)[oa]"
    r"|(?:zuletzt\s+)?(?:veröffentlicht|aktualisiert|geändert)"
)
_LABELS = re.compile(_LABEL, re.IGNORECASE)
_OPENS_WITH_LABEL = re.compile(rf"^\W*(?:{_LABEL})\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# A number, an ordinal, a time or an ISO timestamp's piece: 4, 4th, 1er, 18h32, 04T08.
_NUMERIC = re.compile(r"\d+(?:st|nd|rd|th|er|e|º|h\d*|t\d+)?", re.IGNORECASE)
# fmt: off
_DATE_WORDS = frozenset({
    *MONTH_PATTERN.split("|"),
    # French, Spanish, Portuguese, Italian and German months (and their short forms)
    "janvier", "janv", "février", "fevrier", "févr", "fevr", "mars", "avril", "avr", "mai", "juin", "juillet",
    "juil", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre", "déc",
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
    "octubre", "noviembre", "diciembre", "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro",
    "outubro", "novembro", "dezembro", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio",
    "settembre", "ottobre", "dicembre", "januar", "jänner", "februar", "märz", "juni", "juli", "oktober",
    "dezember",
    # weekdays (their full names: WEEKDAYS) as English shortens them
    *WEEKDAYS, "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    # the little words around a date and a time, and time zones
    "on", "at", "the", "of", "le", "à", "a", "el", "las", "la", "de", "del", "do", "da", "em", "il", "alle",
    "am", "um", "pm", "m", "p", "h", "uhr", "hrs", "gmt", "utc", "et", "est", "edt", "ct", "cst", "cdt",
    "pt", "pst", "pdt", "bst", "cet", "cest", "mez", "mesz",
    # relative times: "Updated 5 hours ago"
    "ago", "min", "mins", "minute", "minutes", "hour", "hours", "day", "days", "today", "yesterday",
})
# fmt: on


def is_date_stamp(line: str) -> bool:
    """Whether ``line`` is only a page's date stamp: a label such as "Published" with a date, or with none."""
    text = line.strip()
    if len(text) > _MAX_CHARS or not _OPENS_WITH_LABEL.match(text):
        return False
    words = _WORD.findall(_LABELS.sub(" ", text).lower())
    return all(_NUMERIC.fullmatch(word) or word in _DATE_WORDS for word in words)

"""Month names as the foreign press writes them: English, French, Spanish, Portuguese, Italian, German, Dutch
and Russian (nominative and genitive), each with its usual abbreviations, with and without accents; and the
weekdays' full names in the same languages.

The one table every date reader takes its months from (the date parser, the dateline splitter). How far a
name is trusted is the readers' business: many short forms are words too ("mar", "set", "out", "ago"), so
``parse.py`` reads the other languages' months only with a day and a year (a full name with a year alone), and
``datelines.py`` only in a dateline's strict shape (a place, a comma, the day then the month).
"""

from __future__ import annotations

import unicodedata

__all__ = ["ENGLISH_MONTHS", "MONTHS", "OTHER_FULL_MONTHS", "WEEKDAYS", "YEAR_ONLY_UNSAFE"]

ENGLISH_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1,
    "feb": 2, "february": 2,
    "mar": 3, "march": 3,
    "apr": 4, "april": 4,
    "may": 5,
    "jun": 6, "june": 6,
    "jul": 7, "july": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

# January to December, each month's names separated by spaces: the full names, then the short forms, written
# with their dot (a dot is optional in text: "févr." and "févr", "Mär" and "märz" are read alike).
# fmt: off
_OTHER_LANGUAGES: dict[str, tuple[str, ...]] = {
    "fr": ("janvier janv.", "février févr. fév.", "mars", "avril avr.", "mai", "juin", "juillet juil.",
           "août", "septembre sept.", "octobre oct.", "novembre nov.", "décembre déc."),
    "es": ("enero ene.", "febrero feb.", "marzo mar.", "abril abr.", "mayo may.", "junio jun.", "julio jul.",
           "agosto ago.", "septiembre setiembre sept. sep. set.", "octubre oct.", "noviembre nov.", "diciembre dic."),
    "pt": ("janeiro jan.", "fevereiro fev.", "março mar.", "abril abr.", "maio mai.", "junho jun.", "julho jul.",
           "agosto ago.", "setembro set.", "outubro out.", "novembro nov.", "dezembro dez."),
    "it": ("gennaio gen.", "febbraio feb.", "marzo mar.", "aprile apr.", "maggio mag.", "giugno giu.",
           "luglio lug.", "agosto ago.", "settembre set.", "ottobre ott.", "novembre nov.", "dicembre dic."),
    "de": ("januar jänner jan. jän.", "februar feber feb.", "märz maerz mär. mrz.", "april apr.", "mai", "juni jun.",
           "juli jul.", "august aug.", "september sept. sep.", "oktober okt.", "november nov.", "dezember dez."),
    "nl": ("januari jan.", "februari feb.", "maart mrt.", "april apr.", "mei", "juni jun.", "juli jul.",
           "augustus aug.", "september sept. sep.", "oktober okt.", "november nov.", "december dec."),
    # nominative, genitive ("14 февраля"), short forms
    "ru": ("январь января янв.", "февраль февраля февр. фев.", "март марта мар.", "апрель апреля апр.",
           "май мая", "июнь июня июн.", "июль июля июл.", "август августа авг.",
           "сентябрь сентября сент. сен.", "октябрь октября окт.", "ноябрь ноября нояб. ноя.",
           "декабрь декабря дек."),
}
# fmt: on
# Full names that are English words or names too: "Mars 2020" is a rover, "County Mayo 2019" a county, so
# with a year alone, no day before them, they are not read as a month.
YEAR_ONLY_UNSAFE = frozenset({"mars", "mayo", "marco", "avril"})


def _without_accents(name: str) -> str:
    """ "février" -> "fevrier", "märz" -> "marz"; a Cyrillic name is kept (its "й" is a letter of its own)."""
    folded = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return folded if folded.isascii() else name


def _other_months(*, short_forms: bool) -> dict[str, int]:
    months: dict[str, int] = {}
    for names_by_month in _OTHER_LANGUAGES.values():
        for number, names in enumerate(names_by_month, start=1):
            for name in names.split():
                if name.endswith(".") == short_forms:
                    months[name.rstrip(".")] = months[_without_accents(name.rstrip("."))] = number
    return months


# Lower-case name to month number (1-12); no name stands for two months in these languages.
OTHER_FULL_MONTHS: dict[str, int] = _other_months(short_forms=False)
MONTHS: dict[str, int] = {**ENGLISH_MONTHS, **_other_months(short_forms=True), **OTHER_FULL_MONTHS}


# fmt: off
_WEEKDAY_NAMES = (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles jueves viernes sábado domingo",
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "понедельник вторник среда четверг пятница суббота воскресенье",
)
# fmt: on
# Lower-case full weekday names, with and without accents ("miércoles", "miercoles"): a dateline's "PARIS, lundi
# 3 mai" names a day, not a place; a page's "Published Monday" stamp is a date.
WEEKDAYS: frozenset[str] = frozenset(
    form for names in _WEEKDAY_NAMES for name in names.split() for form in (name, _without_accents(name))
)

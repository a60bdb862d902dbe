"""Small text helpers shared by the format parsers."""

from __future__ import annotations

import re

from archive.dates import split_dateline
from archive.ingest.types import Dateline

__all__ = [
    "BYLINE_WORDS",
    "CONTROL_CHARS",
    "TITLE_MAX_WORDS",
    "clean_inline",
    "first_sentence",
    "generate_title",
    "join_paragraphs",
    "normalise_body",
    "oversize",
    "without_byline_word",
]

TITLE_MAX_WORDS = 12
# C0/C1 control characters except tab and newline; DEL too (Reuters has stray &#127;).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
# Words after which a full stop does not end a sentence.
# fmt: off
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "capt", "maj", "sgt",
    "sen", "rep", "gov", "pres", "no", "nos", "vs", "etc", "inc", "co", "ltd", "corp", "bros",
    "dept", "est", "fig", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "u.n",
})
# fmt: on
# Words a cut title should not end on ("... meeting with the…").
# fmt: off
_WEAK_ENDINGS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but",
    "as", "its", "his", "her", "their", "our", "that", "which", "who",
})
# fmt: on
_WORD_WINDOW = 40  # characters before a full stop in which to look for an abbreviation
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*+(?=\s++[\"'“‘(\[]?[A-Z0-9])")


def clean_inline(text: str) -> str:
    """One line of text: control characters dropped, any run of spaces (NBSP too) made one space."""
    text = CONTROL_CHARS.sub("", _ZERO_WIDTH.sub("", text))
    return " ".join(text.split())


def name_case(name: str) -> str:
    """A writer's name as written, or in title case when it is shouted ("TED D'AFFLISIO", "TED d'AFFLISIO": more than
    two capitals to each small letter) or all in small letters ("keith grant"). Initials stay ("JR Smith")."""
    upper = sum(char.isupper() for char in name)
    lower = sum(char.islower() for char in name)
    return name.title() if upper > 2 * lower or not upper else name


# The word a byline opens with: English "By", French "Par", Spanish "Por", German "Von" (a regex alternation).
# Not Italian "Di" nor Dutch "Door", which open names or sentences too ("Di Maio Luigi", "Door prizes").
BYLINE_WORDS = "by|par|por|von"
_LEADING_BYLINE_WORD = re.compile(rf"^(?i:{BYLINE_WORDS})\s+")


def without_byline_word(name: str) -> str:
    """A writer's name without the byline word it kept ("Par Claire Martin" -> "Claire Martin"), when what follows
    is a name of two words or more starting with a capital: "Von Trapp" and "by staff" stay as they are."""
    match = _LEADING_BYLINE_WORD.match(name)
    rest = name[match.end() :] if match else ""
    return rest if rest[:1].isupper() and len(rest.split()) >= 2 else name


def take_dateline(paragraphs: list[str]) -> Dateline:
    """The wire dateline opening the first paragraph ("LONDON, March 3 (Reuters) - ..."), taken off it in place;
    an empty Dateline when there is none (or nothing would be left of the paragraph)."""
    if not paragraphs:
        return Dateline()
    found, rest = split_dateline(paragraphs[0])
    if found is None or not rest:
        return Dateline()
    paragraphs[0] = rest
    return found


def join_paragraphs(paragraphs: list[str]) -> str:
    """The body format every parser returns: cleaned paragraphs separated by one blank line."""
    cleaned = (clean_inline(p) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def normalise_body(text: str) -> str:
    """A body given as a whole string (JSON Lines): blank lines separate paragraphs; if there
    are none, each line is a paragraph, as in copy-pasted web text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _BLANK_LINES.search(text):
        return join_paragraphs(_BLANK_LINES.split(text))
    return join_paragraphs(text.split("\n"))


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, not fooled by "Dr." or initials like "R. Ramos"."""
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == ".":
            # The word before the stop, read from a short window (not the whole text before it,
            # which made a lead of many abbreviations quadratic): longer words are no abbreviation.
            before = text[max(0, match.start() - _WORD_WINDOW) : match.start()]
            word = before.rsplit(None, 1)[-1] if before.strip() else ""
            bare = word.lstrip("(\"'“‘").lower()
            if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
                continue
        return text[: match.end()].strip()
    return text.strip()


def generate_title(lead: str, max_words: int = TITLE_MAX_WORDS) -> str:
    """A title made from the lead: its first sentence, cut at a word boundary with "…"."""
    sentence = clean_inline(first_sentence(clean_inline(lead)))
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".")
    kept = words[:max_words]
    while len(kept) > 1 and kept[-1].lower().strip(",;:") in _WEAK_ENDINGS:
        kept.pop()
    return " ".join(kept).rstrip(",;:–—-") + "…"


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.1f} KB" if size >= 1000 else f"{size} bytes"


def oversize(raw: str, limit: int) -> str:
    """Why an article whose raw text is ``raw`` is refused ("" when it is within ``limit`` bytes)."""
    if len(raw) * 4 <= limit:
        return ""  # no UTF-8 character is longer than 4 bytes: no need to encode
    size = len(raw.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return ""
    return f"{_size(size)}, over the {_size(limit)} limit for one article; not imported"


def over_limit(limit: int) -> str:
    """Why an article is refused when reading stopped as soon as it passed ``limit`` bytes (its size unknown)."""
    return f"over the {_size(limit)} limit for one article; not imported"


_LANGUAGE = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*")  # "fr", "pt-BR" (kept as "pt")
LANGUAGE_RULE = "a language code such as 'fr' or 'pt-BR'"  # what `language_code` takes, for messages


def language_code(text: str) -> str | None:
    """The language of a code such as "fr" or "pt-BR" as stored ("pt"), or None when it is not one ("French").
    The one rule for every way an article's language arrives (a JSON Lines record, the article's admin form)."""
    match = _LANGUAGE.fullmatch(text.strip().lower())
    return match.group(1) if match else None

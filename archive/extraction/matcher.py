"""Compile a Gazetteer (plus the built-in country knowledge) into fast matchers.

All surface forms go into one case-insensitive regex built as a character trie, so a
text is scanned once and the longest form wins ("Papua New Guinea" over "Guinea",
"New Mexico" over "Mexico"). Case is then checked per form: acronyms and codes
("US", "UN", "EC") must appear exactly as written; names need their capitalised words
capitalised ("Turkey", not "turkey"); blocked phrases match in any case.

Compiled matchers are cached on the Gazetteer value (it is a frozen, hashable
dataclass), so a changed gazetteer is recompiled and an unchanged one is not.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from archive.extraction.countries import BLOCKED_PHRASES, builtin_country_forms, fold_accents, fold_letters
from archive.extraction.types import Gazetteer, OrganisationEntry

__all__ = [
    "CompiledGazetteer",
    "Hit",
    "Matcher",
    "Surface",
    "compile_gazetteer",
    "norm_key",
    "normalise_quotes",
    "place_key",
]

CaseRule = Literal["exact", "proper", "any"]
# country forms: "name", "adjective", "region"; organisation forms: "org-name",
# "org-acronym", "org-alias", "org-short" (what is left of a form after the body's own
# name: "General Assembly" from "UN General Assembly"); "block" for phrases that mean no country.
SurfaceKind = Literal["name", "adjective", "region", "org-name", "org-acronym", "org-alias", "org-short", "block"]

# Acronyms that are also English words: in an ALL-CAPS headline "US" is "us".
_WORDLIKE = frozenset({"us", "who", "aid", "nab", "sec", "ems", "ida", "isa", "eco", "fed", "arf", "can"})
# A space or hyphen in a form: "Guinea-Bissau", "Soviet\nUnion". Possessive: a letter always
# follows, so a long run of spaces after a word is read once, not once per way to split it.
_SEPARATOR = r"(?:\s*+-\s*+|\s++)"
_SEPARATOR_RE = re.compile(_SEPARATOR)
_LOWER = re.compile(r"[a-z]")
_NEWLINE = re.compile(r"\n")
# Typographic quotes become ASCII ones before matching (same length: offsets hold).
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
# British/American spellings: each form is also matched in the other spelling.
_SPELLINGS = (
    ("Organisation", "Organization"),
    ("organisation", "organization"),
    ("Labour", "Labor"),
    ("Programme", "Program"),
    ("Centre", "Center"),
    ("Co-operation", "Cooperation"),
    ("Co-operative", "Cooperative"),
    ("Defence", "Defense"),
    ("Standardisation", "Standardization"),
    ("Agricultural", "Agriculture"),
)


def normalise_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def place_key(text: str) -> str:
    """The key of a place name in a dateline: "U.S." and "U S", "Guinea-Bissau" and "Guinea Bissau" agree."""
    return re.sub(r"[\s.-]+", " ", text.lower()).strip()


def norm_key(text: str) -> str:
    """The lookup key of a form or a matched text: lower case, one space for any separator."""
    return _SEPARATOR_RE.sub(" ", text.strip()).lower()


@dataclass(frozen=True, slots=True)
class Surface:
    text: str  # the form as written
    key: str  # ISO code or organisation slug; "" for a blocked phrase
    kind: SurfaceKind
    rule: CaseRule
    # National organisations: aliases that do not name their country ("Foreign Office")
    # count only when that country is the story's own.
    conditional_on: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str
    surfaces: tuple[Surface, ...]  # candidates whose case rule accepted the text
    caps_context: bool  # the line around the hit has no lower-case letters (a headline)


def _case_rule(form: str) -> CaseRule:
    letters = [c for c in form if c.isalpha()]
    if len(letters) >= 2 and not any(c.islower() for c in letters):
        return "exact"
    return "proper"


def _words(text: str) -> list[str]:
    return _SEPARATOR_RE.split(text.strip())


def _is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _accepts(surface: Surface, text: str) -> bool:
    if surface.rule == "any":
        return True
    if surface.rule == "exact":
        return " ".join(_words(text)) == " ".join(_words(surface.text))
    form_words, text_words = _words(surface.text), _words(text)
    if len(form_words) != len(text_words):
        return False
    for form_word, text_word in zip(form_words, text_words, strict=True):
        if _is_upper_word(form_word):
            if text_word != form_word:
                return False
        elif form_word[:1].isupper() and not text_word[:1].isupper():
            return False
    return True


def _trie_pattern(forms: Iterable[str]) -> str:
    """A regex alternation of ``forms`` (lower case) factored as a trie.

    Optional tails are greedy, so the longest form matching at a position wins, and the
    regex backtracks to a shorter one when the word boundary after it fails.
    """
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for token in re.findall(r"[\s-]+|.", form):
            node = node.setdefault(" " if token.strip(" -") == "" else token, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        optional = "" in node
        branches = []
        singles = []
        for token in sorted(k for k in node if k):
            child = node[token]
            piece = _SEPARATOR if token == " " else re.escape(token)
            if list(child) == [""] and token != " ":
                singles.append(piece)
            else:
                branches.append(piece + build(child))
        if singles:
            branches.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return build(trie)


class Matcher:
    """Finds every surface form in a text, longest first, with case rules applied."""

    def __init__(self, surfaces: Iterable[Surface]) -> None:
        table: dict[str, list[Surface]] = {}
        for surface in surfaces:
            bucket = table.setdefault(norm_key(surface.text), [])
            if surface not in bucket:
                bucket.append(surface)
        self.table = {key: tuple(bucket) for key, bucket in table.items()}
        pattern = _trie_pattern(self.table) if self.table else r"(?!x)x"
        self.regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)

    def find(self, text: str) -> list[Hit]:
        """The hits in ``text``, read with its accents folded: every form has an unaccented
        twin, so "México" meets "Mexico" (a hit's text is the folded one, its offsets ``text``'s)."""
        text = fold_letters(text)
        hits = []
        lines: _CapsLines | None = None  # built at the first hit in capitals
        # The case rules depend only on the matched text and its line's capitals: judged once per
        # distinct pair, so a story repeating "US" thousands of times costs one judgement.
        judged: dict[tuple[str, bool], tuple[Surface, ...]] = {}
        for match in self.regex.finditer(text):
            matched = match.group()
            start, end = match.span()
            caps = False
            if not _LOWER.search(matched):
                lines = lines or _CapsLines(text)
                caps = lines.in_capitals(start, end)
            accepted = judged.get((matched, caps))
            if accepted is None:
                accepted = judged[matched, caps] = self._accepted(matched, caps)
            if accepted:
                hits.append(Hit(start, end, matched, accepted, caps))
        return hits

    def _accepted(self, matched: str, caps: bool) -> tuple[Surface, ...]:
        """The candidate surfaces whose case rule accepts ``matched`` ("us" in a capitals line is a word)."""
        return tuple(
            s
            for s in self.table.get(norm_key(matched), ())
            if _accepts(s, matched) and not (caps and s.rule == "exact" and matched.lower() in _WORDLIKE)
        )


class _CapsLines:
    """Whether the line around a hit has no lower-case letter (a headline in capitals).

    Each line is read once, however many hits it holds: reading the whole line again for
    every hit was quadratic ("US " * 30,000 on one line took a minute).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [match.start() for match in _NEWLINE.finditer(text)]
        self.known: dict[tuple[int, int], bool] = {}

    def in_capitals(self, start: int, end: int) -> bool:
        """From the line start before ``start`` to the line end after ``end`` (a hit may span lines)."""
        before = bisect.bisect_left(self.breaks, start)
        after = bisect.bisect_left(self.breaks, end)
        span = (
            self.breaks[before - 1] + 1 if before else 0,
            self.breaks[after] if after < len(self.breaks) else len(self.text),
        )
        if span not in self.known:
            self.known[span] = _LOWER.search(self.text, *span) is None
        return self.known[span]


def _spelling_variants(form: str) -> set[str]:
    variants = {form, fold_accents(form)}
    for a, b in _SPELLINGS:
        for variant in list(variants):
            if a in variant:
                variants.add(variant.replace(a, b))
            if b in variant:
                variants.add(variant.replace(b, a))
    return variants


def _dotted(acronym: str) -> str:
    """ "UN" -> "U.N.": short acronyms are also written with stops."""
    return ".".join(acronym) + "." if acronym.isalpha() and acronym.isupper() and len(acronym) <= 3 else ""


@dataclass(frozen=True)
class CompiledGazetteer:
    countries: Matcher
    organisations: Matcher
    country_codes: frozenset[str]
    organisation_by_slug: dict[str, OrganisationEntry] = field(default_factory=dict)
    # Lower-cased names and aliases of every country, for the dateline resolver.
    country_name_table: dict[str, str] = field(default_factory=dict)


def _country_surfaces(gazetteer: Gazetteer) -> tuple[list[Surface], dict[str, list[str]]]:
    codes = {c.code.upper() for c in gazetteer.countries}
    names_by_code: dict[str, list[str]] = {code: [] for code in codes}
    surfaces: list[Surface] = []
    for entry in gazetteer.countries:
        code = entry.code.upper()
        for form in (entry.name, *entry.aliases):
            for variant in _spelling_variants(form.strip()):
                if variant:
                    surfaces.append(Surface(variant, code, "name", _case_rule(variant)))
                    names_by_code[code].append(variant)
    for form in builtin_country_forms():
        if form.code in codes:
            surfaces.append(Surface(form.text, form.code, form.kind, _case_rule(form.text)))
            if form.kind != "region":
                names_by_code[form.code].append(form.text)
    surfaces += [Surface(phrase, "", "block", "any") for phrase in BLOCKED_PHRASES]
    return surfaces, names_by_code


def _organisation_surfaces(gazetteer: Gazetteer, names_by_code: dict[str, list[str]]) -> list[Surface]:
    surfaces: list[Surface] = []
    for org in gazetteer.organisations:
        country = org.country.upper()
        country_words = [re.escape(n) for n in names_by_code.get(country, ())]
        names_country = re.compile(rf"(?<!\w)(?:{'|'.join(country_words)})(?!\w)") if country_words else None
        forms: list[tuple[str, SurfaceKind]] = [(org.name, "org-name")]
        if org.acronym:
            forms += [(org.acronym, "org-acronym"), (_dotted(org.acronym), "org-acronym")]
        forms += [(alias, "org-alias") for alias in org.aliases]
        variants: list[tuple[str, SurfaceKind]] = []
        for form, kind in forms:
            variants += [(v, kind) for v in _spelling_variants(form.strip()) if v]
        for variant, kind in variants:
            conditional = ""
            if country and kind == "org-alias" and not (names_country and names_country.search(variant)):
                conditional = country
            rule = _case_rule(variant)
            if kind == "org-acronym" or (rule == "exact" and kind == "org-alias" and len(variant) <= 6):
                kind = "org-acronym"  # short all-caps aliases ("UNGA", "EEC") behave as acronyms
            surfaces.append(Surface(variant, org.slug, kind, rule, conditional))
        surfaces += _short_forms(org.slug, [v for v, _ in variants])
    return surfaces


def _short_forms(slug: str, forms: list[str]) -> list[Surface]:
    """ "General Assembly" from "UN General Assembly": a form minus another form of the same
    body in front of it. At least two capitalised words, so "Group" or "Fund" never qualify;
    extraction counts them only in a story that also names the body."""
    out = []
    for form in forms:
        for prefix in forms:
            if len(prefix) < len(form) and form.startswith(prefix + " "):
                rest = form[len(prefix) + 1 :]
                words = rest.split()
                if len(words) >= 2 and all(w[:1].isupper() for w in words) and rest not in forms:
                    out.append(Surface(rest, slug, "org-short", "proper"))
    return out


@lru_cache(maxsize=8)
def _compile(gazetteer: Gazetteer) -> CompiledGazetteer:
    country_surfaces, names_by_code = _country_surfaces(gazetteer)
    name_table: dict[str, str] = {}
    for surface in country_surfaces:
        if surface.kind == "name":
            name_table.setdefault(place_key(surface.text), surface.key)
    return CompiledGazetteer(
        countries=Matcher(country_surfaces),
        organisations=Matcher(_organisation_surfaces(gazetteer, names_by_code)),
        country_codes=frozenset(names_by_code),
        organisation_by_slug={org.slug: org for org in gazetteer.organisations},
        country_name_table=name_table,
    )


_last: tuple[Gazetteer, CompiledGazetteer] | None = None


def compile_gazetteer(gazetteer: Gazetteer) -> CompiledGazetteer:
    """The compiled matchers for ``gazetteer``, built once per distinct gazetteer value.

    The identity check skips hashing the (large) frozen dataclass on the hot path; the
    lru_cache then catches equal-but-rebuilt gazetteers (e.g. reloaded from the database).
    """
    global _last
    last = _last
    if last is not None and last[0] is gazetteer:
        return last[1]
    compiled = _compile(gazetteer)
    _last = (gazetteer, compiled)
    return compiled

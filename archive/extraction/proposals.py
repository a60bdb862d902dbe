"""Proposed organisations: "Full Name (ACRONYM)" pairs in a story that the gazetteer does not know.

Editors review proposals before they become organisations, so a story can propose at most
MAX_PROPOSALS_PER_ARTICLE: a hostile 153 KB file once proposed 2,998. On Reuters-21578 no
story has more than four.
"""

from __future__ import annotations

import re
from collections import Counter

from archive.extraction.matcher import compile_gazetteer, norm_key, normalise_quotes
from archive.extraction.types import Gazetteer, ProposedOrganisation

__all__ = ["MAX_PROPOSALS_PER_ARTICLE", "propose_organisations"]

MAX_PROPOSALS_PER_ARTICLE = 5
_WORD = re.compile(r"[\w&.-]+")  # words as an acronym is written: "NDMA", "U.N."
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z&.-]{1,11})\)")
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "&", "to"})
_NAME_WORD = re.compile(r"[A-Z][\w&'.-]*|&|[a-z]+")
# Long forms ending in these are concepts, not bodies ("Foreign Direct Investment (FDI)").
_NOT_ORGANISATION_HEADS = frozenset(
    (
        "investment", "investments", "treaty", "agreement", "accord", "area", "zone", "partnership", "index",
        "rate", "rates", "product", "products", "price", "prices", "system", "act", "law", "bill", "policy",
        "framework", "strategy", "plan", "report", "protocol", "convention", "declaration", "technology",
        "technologies", "income", "tax", "taxes", "value", "deficit", "surplus", "balance", "growth", "reserve",
        "reserves", "initiative", "corridor", "project", "projects", "scheme", "card", "number", "code",
        "standard", "standards", "test", "units", "unit", "rights", "receipt", "receipts", "network", "networks",
        "satellite", "preference", "preferences", "nation", "nations", "status", "certificate", "certificates",
        "loan", "loans", "bond", "bonds", "notes",
    )
)
# Companies are not what the organisation gazetteer is for.
_COMPANY_SUFFIXES = frozenset(
    {"ltd", "corp", "inc", "co", "plc", "ag", "sa", "nv", "bv", "bhd", "pty", "gmbh", "llc", "spa"}
)


def _schwartz_hearst(words: list[str], acronym: str) -> list[str] | None:
    """The shortest run of trailing ``words`` that ``acronym`` abbreviates, or None.

    Schwartz & Hearst (2003): every letter of the acronym must occur in order in the long
    form, the first one at the start of a word; here we also insist that every
    capitalised word in the long form contributes a letter (no stray leading words).
    """
    letters = [c.lower() for c in acronym if c.isalnum()]
    if len(letters) < 2:
        return None
    for start in range(len(words) - 1, -1, -1):
        candidate = words[start:]
        first = candidate[0]
        if first.lower() in _CONNECTORS or not first[:1].isupper():
            continue
        if first[0].lower() != letters[0]:
            continue
        if _letters_match(letters, " ".join(candidate).lower()):
            return candidate
    return None


def _letters_match(letters: list[str], long_form: str) -> bool:
    """Match the acronym's letters right to left, the first at a word start."""
    position = len(long_form) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while position >= 0 and (
            long_form[position] != letter or (index == 0 and position > 0 and long_form[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


def propose_organisations(
    *, text: str, gazetteer: Gazetteer, limit: int = MAX_PROPOSALS_PER_ARTICLE
) -> list[ProposedOrganisation]:
    """The "Full Name (ACRONYM)" pairs in ``text`` whose acronym and name the gazetteer lacks.

    At most ``limit``: the most salient (the acronym used most often in the text, then the
    first to appear), listed in the order they appear.
    """
    compiled = compile_gazetteer(gazetteer)
    text = normalise_quotes(text)
    known_orgs = compiled.organisations.table
    known_countries = compiled.countries.table
    found: list[tuple[int, ProposedOrganisation]] = []
    seen: set[str] = set()
    for match in _ACRONYM_IN_PARENS.finditer(text):
        acronym = match.group(1)
        if sum(c.isupper() for c in acronym) < 2 or acronym in seen:
            continue
        before = text[max(0, match.start() - 160) : match.start()]
        words: list[str] = []
        for word in reversed(before.split()):
            token = word.strip(",;:\"'")
            if token != word and words:
                break  # punctuation ends the name ("..., Association of X (AX)")
            if not _NAME_WORD.fullmatch(token) or (token[0].islower() and token not in _CONNECTORS):
                break
            words.insert(0, token)
            if len(words) >= 12:
                break
        long_form = _schwartz_hearst(words, acronym)
        if not long_form or len(long_form) < 2:
            continue
        if long_form[0].lower() == "the":
            long_form = long_form[1:]
        name = " ".join(long_form)
        if not any(c.islower() for c in name):
            continue  # a headline in capitals, not a name
        key_acronym, key_name = norm_key(acronym), norm_key(name)
        if key_acronym in known_orgs or key_name in known_orgs:
            continue
        if key_acronym in known_countries or key_name in known_countries:
            continue
        head = long_form[-1].lower().rstrip(".")
        if head in _NOT_ORGANISATION_HEADS or head in _COMPANY_SUFFIXES:
            continue
        seen.add(acronym)
        found.append((match.start(), ProposedOrganisation(name=name, acronym=acronym)))
    if len(found) > limit:
        uses = Counter(word.rstrip(".") for word in _WORD.findall(text))
        found = sorted(found, key=lambda item: (-uses[item[1].acronym.rstrip(".")], item[0]))[:limit]
        found.sort(key=lambda item: item[0])
    return [proposal for _, proposal in found]

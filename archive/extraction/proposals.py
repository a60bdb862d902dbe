"""Proposed organisations: "Full Name (ACRONYM)" pairs in a story that the gazetteer does not know.

Editors review proposals before they become organisations, so a story can propose at most
MAX_PROPOSALS_PER_ARTICLE: a hostile 153 KB file once proposed 2,998. On Reuters-21578 no
story has more than four.

A pair is proposed only when its name looks like a body: it contains an organisational head word
("Australian Wheat Board", "Ministry of International Trade and Industry", "Banque Nationale de
Paris", "Westdeutsche Landesbank") and does not end in a concept's head ("Public Sector Borrowing
Requirement" has none; "Second-Tier Foreign Exchange Market" ends in one); `is_organisation_name` is
the rule. On the shared Reuters-21578 files it cut the distinct proposals from 192 to 152: 27 of the 41
it drops are weapons, diseases, programmes, products and people ("Anti-Ballistic Missile", "AIDS",
"Dan Glickman (D-Kan.)"), 14 companies without a head word ("Archer Daniels Midland"); 49 of 50
proposals left, drawn at random and labelled by hand, are organisations
(tests/extraction/fixtures/reuters_proposals_sample.json).
"""

from __future__ import annotations

import re
from collections import Counter

from archive.extraction.matcher import compile_gazetteer, norm_key, normalise_quotes
from archive.extraction.types import Gazetteer, ProposedOrganisation

__all__ = ["MAX_PROPOSALS_PER_ARTICLE", "is_organisation_name", "propose_organisations", "strip_possessive"]

MAX_PROPOSALS_PER_ARTICLE = 5
_WORD = re.compile(r"[\w&.-]+")  # words as an acronym is written: "NDMA", "U.N."
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z&.-]{1,11})\)")
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "&", "to"})
_NAME_WORD = re.compile(r"[A-Z][\w&'.-]*|&|[a-z]+")
# fmt: off
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
        "loan", "loans", "bond", "bonds", "notes", "market", "markets", "survey", "program", "programme",
        "requirement", "securities", "amounts", "vehicle", "missile", "syndrome", "reform", "forces",
    )
)
# Words that name a body. English heads stand anywhere in the name ("Board", "Ministry of ...");
# the Romance languages put theirs first ("Banque Nationale de Paris", "Ente Nazionale Idrocarburi").
_ORGANISATION_HEADS = frozenset(
    (
        "academy", "administration", "agency", "airlines", "airways", "alliance", "assembly", "association",
        "authority", "bank", "banks", "board", "bureau", "center", "centers", "centre", "centres", "chamber",
        "club", "coalition", "college", "commission", "committee", "company", "confederation", "congress",
        "consortium", "cooperative", "corporation", "council", "court", "department", "directorate", "exchange",
        "federation", "foundation", "front", "fund", "group", "guild", "institute", "institution", "league",
        "ministry", "movement", "office", "organisation", "organization", "parliament", "party", "secretariat",
        "service", "services", "society", "syndicate", "trust", "tribunal", "union", "unions", "university",
        # US unions are named for their members ("United Auto Workers (UAW)").
        "workers",
        # Romance-language heads, first in the name.
        "agence", "agencia", "banca", "banco", "banque", "caisse", "cie", "comision", "commissione", "compagnie",
        "conseil", "consejo", "corporacion", "empresa", "ente", "federacion", "fonds", "institut", "instituto",
        "istituto", "ministere", "ministerio", "partido", "parti", "partito", "sociedad", "sociedade", "societa",
        "societe", "ste",
    )
)
# fmt: on
# Companies are not what the organisation gazetteer is for.
_COMPANY_SUFFIXES = frozenset(
    {"ltd", "corp", "inc", "co", "plc", "ag", "sa", "nv", "bv", "bhd", "pty", "gmbh", "llc", "spa"}
)
# Germanic compounds end in their head ("Landesbank", "Centraal Planbureau", "Bundesamt").
_COMPOUND_HEADS = ("bank", "bureau", "amt", "verband", "gesellschaft", "anstalt", "kasse", "institut", "raad")
_HEADLINE = re.compile(r"\b[A-Z]{2,}\s+[A-Z]{2,}\b")  # two words in capitals: a headline ran into the name


def strip_possessive(word: str) -> str:
    """ "Board's" -> "Board", "Workers'" -> "Workers": the name without the possessive."""
    if word.endswith("'s"):
        return word[:-2]
    return word[:-1] if word.endswith("'") else word


def is_organisation_name(name: str) -> bool:
    """Whether a proposed long form names a body rather than a concept, a product or a person."""
    words = [w.lower().strip(".,") for w in re.split(r"[\s-]+", strip_possessive(name)) if w]
    if len(words) < 2 or words[-1] in _NOT_ORGANISATION_HEADS or words[-1] in _COMPANY_SUFFIXES:
        return False
    return any(w in _ORGANISATION_HEADS or (len(w) > 6 and w.endswith(_COMPOUND_HEADS)) for w in words)


def _initials_match(words: list[str], acronym: str) -> list[str] | None:
    """The trailing words whose initials spell the acronym exactly ("Edison Electric Institute (EEI)"), or None.

    Preferred to the shortest Schwartz-Hearst match, which stops at "Electric Institute" (the
    acronym's second E is inside "Electric")."""
    letters = "".join(c.lower() for c in acronym if c.isalpha())
    for start in range(len(words) - 1, -1, -1):
        initials = "".join(w[0].lower() for w in words[start:] if w[:1].isupper())
        if len(initials) > len(letters):
            return None
        if initials == letters and words[start][:1].isupper():
            return words[start:]
    return None


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
        if words:
            words[-1] = strip_possessive(words[-1])  # "Australian Wheat Board's (AWB)"
        long_form = _initials_match(words, acronym) or _schwartz_hearst(words, acronym)
        if not long_form or len(long_form) < 2:
            continue
        if long_form[0].lower() == "the":
            long_form = long_form[1:]
        name = " ".join(long_form)
        if not any(c.islower() for c in name) or _HEADLINE.search(name):
            continue  # a headline in capitals, not a name
        key_acronym, key_name = norm_key(acronym), norm_key(name)
        if key_acronym in known_orgs or key_name in known_orgs:
            continue
        if key_acronym in known_countries or key_name in known_countries:
            continue
        if not is_organisation_name(name):
            continue
        seen.add(acronym)
        found.append((match.start(), ProposedOrganisation(name=name, acronym=acronym)))
    if len(found) > limit:
        uses = Counter(word.rstrip(".") for word in _WORD.findall(text))
        found = sorted(found, key=lambda item: (-uses[item[1].acronym.rstrip(".")], item[0]))[:limit]
        found.sort(key=lambda item: item[0])
    return [proposal for _, proposal in found]

"""Entity extraction: which countries and organisations a story is about.

Pure functions over (title, body, dateline, Gazetteer); no database, no Django.

Every mention is found by the compiled matcher (archive/extraction/matcher.py); context
rules (archive/extraction/country_context.py) then drop country words that are not the
country (a person called Jordan, Georgia the US state, roast turkey, "New Mexico",
"Australian dlrs").

Salience, one rule for both kinds. Each mention scores points by where it stands: 3 in
the head (the title, plus any headline/summary lines above a dateline) and in the lead's
first sentence (2 there for organisations), 2 in the rest of the lead (the first two
paragraphs, or the first quarter of a long story), 1 further down. A country word that is
a region or metonym ("Texas", "the Kremlin") or part of a company's name counts half, one
naming a currency nothing.

    country tagged       <=>  it is the dateline's country  or  points >= 3
    organisation tagged  <=>  points >= 3

So a country named in the title or the first sentence is tagged; elsewhere in the lead it
needs a second mention, further down three. Wire labellers (Reuters' PLACES and ORGS) tag
where a story comes from and what it is about, not everything it names in passing: on
Reuters-21578 a single mention outside the dateline is a label less than a quarter of the
time, a title-and-lead mention nine times in ten, and the dateline's country 98 times in a
hundred. ``Salience`` holds the weights.

Organisations: acronyms shared by several bodies ("ICC", "ADB") count only when the story
spells one of them out; a national body's alias that does not name its country ("Foreign
Office") counts only when that country is the story's own (dateline, else top country);
"General Assembly" counts for the UN only in a story that names the UN; an acronym in a table's header
row of upper-case codes ("WHEAT HRW HRS SRW") is no mention.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from archive.dates import split_dateline
from archive.extraction.countries import city_country, region_country
from archive.extraction.country_context import georgia_is_state, is_bird, kind_in_context, person_mentions
from archive.extraction.matcher import (
    CompiledGazetteer,
    Hit,
    compile_gazetteer,
    normalise_quotes,
    place_key,
)
from archive.extraction.proposals import propose_organisations
from archive.extraction.types import Extraction, Gazetteer, Tag

__all__ = [
    "Salience",
    "dateline_country",
    "extract",
    "extract_countries",
    "extract_organisations",
    "propose_organisations",
]


@dataclass(frozen=True)
class Salience:
    """When a mentioned country or organisation becomes a tag (see the module docstring).

    Defaults measured on Reuters-21578 (reut2-000..010); the F1 surface is flat around
    them (title/lead weight 2-3, threshold 3-4 move F1 by under 0.005).
    """

    title_weight: float = 3.0  # a name in the title is what the story is about: tagged on its own
    # The lead's first sentence, where a story says what it is about: a country named there is
    # tagged on its own; an organisation needs one more mention (measured: 0.007 F1 better).
    first_sentence_weight: float = 3.0
    organisation_first_sentence_weight: float = 2.0
    lead_weight: float = 2.0
    body_weight: float = 1.0
    adjective_weight: float = 1.0  # "Japanese" weighs as much as "Japan"
    region_weight: float = 0.5  # "Texas", "the Kremlin": about the country, less directly
    # "Australian dlrs", "Canon USA Inc": a currency or a company's name, not the country.
    currency_weight: float = 0.0
    company_weight: float = 0.5
    threshold: float = 3.0
    organisation_threshold: float = 3.0
    # The lead: the first paragraphs of the body, at most lead_chars long, or the first
    # lead_fraction of a long body, whichever is longer.
    lead_paragraphs: int = 2
    lead_chars: int = 600
    lead_fraction: float = 0.25


DEFAULT_SALIENCE = Salience()


@dataclass
class _Document:
    text: str  # title + "\n\n" + body, quotes normalised
    title_end: int
    head_end: int  # end of the title, or of the headline/standfirst lines above a dateline
    first_sentence_end: int
    lead_end: int
    title_case_title: bool  # "Pakistan Desires Stronger Ties": capitals say nothing there
    dateline: str


_DATELINE_CHARS = 300  # a dateline is read from the first characters of a line only
# Where the place of a dateline ends: "(", ":", a dash after a space. Starts only where a run
# of spaces starts (not at each of its characters), possessive within it.
_PLACE_END = re.compile(r"(?<!\s)\s*+[(:\u2013\u2014]|(?<!\s)\s++[-\u2013\u2014]")
_LINE_START = re.compile(r"(?:\A|\n)[ \t]*")
# A full stop closing a sentence: not "U.S." or "Dr." (a lower-case letter or digit before it, space after).
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])(?:\s|$)|\n\n")
_HEADER_CHARS = 1500  # how far into the body a dateline may stand below headline lines


def _leading_dateline(body: str) -> tuple[str, str]:
    """(whole dateline place, rest of the body) when the body opens with a wire dateline, else ("", body).

    Split by the same parser the importers use (archive.dates.split_dateline), so a story whose dateline
    stands at the start of its body ("COMMACK, N.Y., Feb 26 - ...") is read exactly like the same story
    with the dateline given as a field: place "Commack, N.Y.", body from "..." on.
    """
    end = body.find("\n", 0, _DATELINE_CHARS)
    dateline, _ = split_dateline(body[: end if end >= 0 else _DATELINE_CHARS])
    if dateline is None:
        return "", body
    start = body.find(dateline.text)  # the match as written, after any indent
    return dateline.place, body[start + len(dateline.text) :].lstrip()


def _find_dateline(body: str, compiled: CompiledGazetteer) -> tuple[str, int, int]:
    """(place, line start, end) of a wire dateline standing below the first lines of the body.

    Below the first line it must name a known place: whatever stands above it (a repeated
    headline, summary bullets) is then the story's head, not its lead.
    """
    for line in _LINE_START.finditer(body, 0, _HEADER_CHARS):
        start = line.end()
        if start == 0:
            continue  # the first line: _leading_dateline's
        end = body.find("\n", start, start + _DATELINE_CHARS)
        dateline, _ = split_dateline(body[start : end if end >= 0 else start + _DATELINE_CHARS])
        if dateline is None or not dateline_country(dateline.place, compiled):
            continue
        return dateline.place, line.start(), start + len(dateline.text)
    return "", 0, 0


def _document(title: str, body: str, dateline: str, salience: Salience, compiled: CompiledGazetteer) -> _Document:
    title = normalise_quotes(title.strip())
    body = normalise_quotes(body.strip())
    head_len = offset = 0
    if not dateline:
        dateline, body = _leading_dateline(body)
    if not dateline:
        dateline, head_len, offset = _find_dateline(body, compiled)
    body_start = len(title) + 2
    lead_text = body[offset:]
    lead_len = 0
    for _ in range(salience.lead_paragraphs):
        paragraph_end = lead_text.find("\n\n", lead_len)
        lead_len = paragraph_end + 2 if paragraph_end >= 0 else len(lead_text)
    lead_len = max(min(lead_len, salience.lead_chars), int(salience.lead_fraction * len(lead_text)))
    sentence = _SENTENCE_END.search(lead_text, 0, lead_len)
    sentence_len = sentence.end() if sentence else lead_len
    words = re.findall(r"[A-Za-z][\w'-]*", title)
    long_words = [w for w in words if len(w) > 3]
    title_case = bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)
    return _Document(
        text=f"{title}\n\n{body}",
        title_end=len(title),
        head_end=body_start + head_len if head_len else len(title),
        first_sentence_end=body_start + offset + sentence_len,
        lead_end=body_start + offset + lead_len,
        title_case_title=title_case,
        dateline=dateline,
    )


# ---------------------------------------------------------------------------------------
# Datelines


def dateline_country(dateline: str, gazetteer: Gazetteer | CompiledGazetteer) -> str:
    """The country of a dateline place ("Islamabad", "Boca Raton, Fla.", "NEW YORK, SEPT 22 -").

    Explicit country or region after the city wins ("Taupo, New Zealand", "Calgary,
    Alberta", "Atlanta, Ga."); otherwise the city table. "" when the place is unknown.
    """
    compiled = gazetteer if isinstance(gazetteer, CompiledGazetteer) else compile_gazetteer(gazetteer)
    head = _PLACE_END.split(normalise_quotes(dateline[:_DATELINE_CHARS]), maxsplit=1)[0]
    parts = [p.strip(" .") for p in head.split(",")]
    # Drop date parts: "SEPT 22", "20 June 2023".
    parts = [p for p in parts if p and not re.search(r"\d", p)]
    if not parts:
        return ""
    names = compiled.country_name_table
    city = parts[0]
    for part in reversed(parts[1:]):
        key = place_key(part)
        if key == "georgia":
            return "GE" if city_country(city) == "GE" else "US"
        code = names.get(key) or region_country(part)
        if code:
            return code if code in compiled.country_codes else ""
    code = names.get(place_key(city)) or city_country(city)
    if not code and len(parts) == 1 and " " in city:
        # "Farmington Conn.": the region without its comma.
        place, _, region = city.rpartition(" ")
        code = region_country(region) if region.lower() not in ("city", "town") else ""
        code = code or city_country(place)
    return code if code in compiled.country_codes else ""


# ---------------------------------------------------------------------------------------
# Countries


@dataclass
class _Evidence:
    points: float = 0.0
    mentions: int = 0
    dateline: bool = False


def _country_hits(doc: _Document, compiled: CompiledGazetteer) -> list[tuple[Hit, str, str]]:
    """(hit, code, kind) for every mention that survives the context rules."""
    hits = compiled.countries.find(doc.text)
    people = person_mentions(doc.text, hits, skip_before=doc.title_end if doc.title_case_title else 0)
    georgia_state: bool | None = None
    out = []
    for hit in hits:
        surfaces = [s for s in hit.surfaces if s.kind != "block"]
        if len(surfaces) < len(hit.surfaces):
            continue  # a blocked phrase ("New Mexico") consumed this text
        if not surfaces:
            continue
        surface = surfaces[0]
        word = hit.text.lower()
        if word in people:
            continue
        code, kind = surface.key, surface.kind
        if word == "georgia" and code == "GE":
            if georgia_state is None:
                georgia_state = georgia_is_state(doc.text, hits)
            if georgia_state:
                code, kind = "US", "region"
        if word == "turkey" and code == "TR" and is_bird(doc.text, hit):
            continue
        out.append((hit, code, kind_in_context(doc.text, hit.end, kind)))
    return out


def _country_evidence(
    doc: _Document, compiled: CompiledGazetteer, salience: Salience
) -> tuple[dict[str, _Evidence], str]:
    evidence: dict[str, _Evidence] = {}
    kind_weight = {
        "name": 1.0,
        "adjective": salience.adjective_weight,
        "region": salience.region_weight,
        "currency": salience.currency_weight,
        "company": salience.company_weight,
    }
    for hit, code, kind in _country_hits(doc, compiled):
        ev = evidence.setdefault(code, _Evidence())
        ev.mentions += 1
        ev.points += _position_weight(doc, hit.start, salience) * kind_weight[kind]
    home = dateline_country(doc.dateline, compiled) if doc.dateline else ""
    if home:
        ev = evidence.setdefault(home, _Evidence())
        ev.dateline = True
    return evidence, home


def _salient(ev: _Evidence, salience: Salience) -> bool:
    return ev.dateline or ev.points >= salience.threshold


def _rank(evidence: dict[str, _Evidence]) -> list[Tag]:
    """Dateline country first, then by points; ``mentions`` counts the dateline as one."""

    def order(item: tuple[str, _Evidence]) -> tuple:
        code, ev = item
        return (not ev.dateline, -ev.points, code)

    return [Tag(code, ev.mentions + ev.dateline) for code, ev in sorted(evidence.items(), key=order)]


def extract_countries(
    *, title: str, body: str, dateline: str = "", gazetteer: Gazetteer, salience: Salience = DEFAULT_SALIENCE
) -> list[Tag]:
    """Country tags, most salient first; ``mentions`` counts the dateline as one."""
    compiled = compile_gazetteer(gazetteer)
    doc = _document(title, body, dateline, salience, compiled)
    evidence, _ = _country_evidence(doc, compiled, salience)
    return _rank({code: ev for code, ev in evidence.items() if _salient(ev, salience)})


# ---------------------------------------------------------------------------------------
# Organisations


# "AID Corp", "ICO <ICO>": an acronym naming a company, not the body.
_COMPANY_AFTER = re.compile(r"\s*(?:<|(?:Corp|Inc|Co|Ltd|Plc|PLC|Corporation|Holdings|Group)\b)")
# Words an upper-case sentence cannot do without; a line of capitals with none of them is a table's row of codes.
_CAPITAL_SENTENCE_WORDS = frozenset({"A", "AN", "AND", "ARE", "AS", "AT", "BY", "FOR", "FROM", "HAS", "HAVE", "IN"})
_CAPITAL_SENTENCE_WORDS |= {"IS", "IT", "ITS", "OF", "ON", "SAID", "THAT", "THE", "TO", "WAS", "WILL", "WITH"}


class _RowsOfCodes:
    """Whether a hit stands on a line of three or more upper-case words that is no sentence: a table's header
    ("WHEAT HRW HRS SRW SWW DURUM", where HRW is hard red winter wheat, not Human Rights Watch). A row the body
    labels among numbers ("EC 13.82 13.01 12.13") is a mention. Each line is judged once, its bounds found by
    bisection: a long line of many acronyms costs what it reads, not its length once a hit."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines: list[int] | None = None
        self.verdicts: dict[int, bool] = {}

    def __call__(self, start: int) -> bool:
        if self.newlines is None:
            self.newlines = [match.start() for match in re.finditer("\n", self.text)]
        at = bisect.bisect_left(self.newlines, start)
        first = self.newlines[at - 1] + 1 if at else 0
        if first not in self.verdicts:
            line = self.text[first : self.newlines[at] if at < len(self.newlines) else len(self.text)]
            words = re.findall(r"[^\W\d_]+", line)
            self.verdicts[first] = (
                len(words) >= 3
                and not any(char.islower() for char in line)
                and not _CAPITAL_SENTENCE_WORDS.intersection(words)
            )
        return self.verdicts[first]


def _organisation_evidence(
    doc: _Document, compiled: CompiledGazetteer, salience: Salience, own_country: str
) -> dict[str, _Evidence]:
    text = doc.text
    hits = compiled.organisations.find(text)
    # Long forms seen: they settle which body a shared acronym means.
    spelled = {s.key for h in hits for s in h.surfaces if s.kind not in ("org-acronym", "org-short")}
    named = {s.key for h in hits for s in h.surfaces if s.kind != "org-short"}
    mentions: list[tuple[int, str]] = []
    in_row_of_codes = _RowsOfCodes(text)
    for hit in hits:
        surfaces = [
            s
            for s in hit.surfaces
            if (not s.conditional_on or s.conditional_on == own_country) and (s.kind != "org-short" or s.key in named)
        ]
        if not surfaces:
            continue
        if all(s.kind == "org-acronym" for s in surfaces) and (
            _COMPANY_AFTER.match(text, hit.end)
            or text[hit.start - 1 : hit.start] == "<"
            or (hit.start >= doc.head_end and in_row_of_codes(hit.start))
        ):
            continue
        keys = {s.key for s in surfaces}
        if len(keys) > 1:
            keys &= spelled  # "ICC": the court or the cricket council, whichever is spelled out
            if len(keys) != 1:
                continue
        mentions += [(hit.start, key) for key in keys]
    evidence: dict[str, _Evidence] = {}
    for start, key in mentions:
        ev = evidence.setdefault(key, _Evidence())
        ev.mentions += 1
        ev.points += _position_weight(doc, start, salience, salience.organisation_first_sentence_weight)
    return evidence


def _position_weight(doc: _Document, start: int, salience: Salience, first_sentence: float | None = None) -> float:
    if start < doc.head_end:
        return salience.title_weight
    if start < doc.first_sentence_end:
        return salience.first_sentence_weight if first_sentence is None else first_sentence
    if start < doc.lead_end:
        return salience.lead_weight
    return salience.body_weight


def extract_organisations(
    *, title: str, body: str, dateline: str = "", gazetteer: Gazetteer, salience: Salience = DEFAULT_SALIENCE
) -> list[Tag]:
    """Organisation tags, most mentioned first."""
    return _extract(title, body, dateline, gazetteer, salience, proposals=False).organisations


# ---------------------------------------------------------------------------------------


def _extract(
    title: str, body: str, dateline: str, gazetteer: Gazetteer, salience: Salience, *, proposals: bool
) -> Extraction:
    compiled = compile_gazetteer(gazetteer)
    doc = _document(title, body, dateline, salience, compiled)
    evidence, home = _country_evidence(doc, compiled, salience)
    countries = _rank({code: ev for code, ev in evidence.items() if _salient(ev, salience)})
    own_country = home or (countries[0].key if countries else "")
    org_evidence = _organisation_evidence(doc, compiled, salience, own_country)
    organisations = [
        Tag(slug, ev.mentions)
        for slug, ev in sorted(org_evidence.items(), key=lambda item: (-item[1].points, item[0]))
        if ev.points >= salience.organisation_threshold
    ]
    found = propose_organisations(text=doc.text, gazetteer=gazetteer) if proposals else []
    return Extraction(countries=countries, organisations=organisations, proposals=found)


def extract(
    *, title: str, body: str, dateline: str = "", gazetteer: Gazetteer, salience: Salience = DEFAULT_SALIENCE
) -> Extraction:
    """Countries, organisations and proposed organisations for one story: the one path from text to
    entities (the `extract_entities` contract, every importer through archive.tagging, the evaluation).

    ``dateline`` is the dateline's place ("Islamabad", "Boca Raton, Fla.") or the whole
    dateline; when empty, a dateline opening the body ("COMMACK, N.Y., Feb 26 - ") is split off
    by the importers' own parser and its whole place used, so both ways give the same entities.
    """
    return _extract(title, body, dateline, gazetteer, salience, proposals=True)

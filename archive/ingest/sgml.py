"""Reuters-21578 ``.sgm`` files: one ``<REUTERS ...>`` record per story.

Parsed with regular expressions, not an SGML/XML parser: the files are not
well-formed XML (bare "<" in text, unterminated entities) and regexes keep a
1,000-story file well under a second.
"""

from __future__ import annotations

import re

from archive.extraction.dates import parse_date
from archive.ingest.common import CONTROL_CHARS, clean_inline, generate_title, join_paragraphs
from archive.ingest.datelines import split_dateline, title_case_place
from archive.ingest.types import Dateline, IngestError, ParsedArticle, ParsedFile, PartialDate

__all__ = ["parse_sgml"]

_RECORD_START = re.compile(r"<REUTERS\b")
_OPEN_TAG = re.compile(r"<REUTERS\b([^>]*)>")
_NEWID = re.compile(r'\bNEWID\s*=\s*"?(\d+)"?')
_RECORD_END = "</REUTERS>"
_FIELDS = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL) for name in ("DATE", "TITLE", "DATELINE", "BODY")}
_LABELS = {
    key: re.compile(rf"<{tag}>(.*?)</{tag}>", re.DOTALL)
    for key, tag in (("places", "PLACES"), ("orgs", "ORGS"), ("topics", "TOPICS"), ("people", "PEOPLE"))
}
_D_ITEM = re.compile(r"<D>(.*?)</D>", re.DOTALL)
# Only the entities this corpus uses, plus numeric ones; anything else ("&c", "&amp"
# without ";") is left as written rather than guessed.
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# The wire signature closing nearly every story: "\n Reuter\n&#3;", sometimes doubled
# ("REUTER\n Reuter") or glued to the last line ("said. REUTER"). Singular only, and
# upper case when glued, so a sentence ending "... he told\nReuters." is kept.
_SIGNATURE = re.compile(r"(?:\n[ \t]*(?i:reuter)|[ \t]+REUTER)[ \t.]*\s*\Z")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")


def _entity(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return match.group()  # not a character: keep the text
    return chr(code)  # control characters among these are dropped by the caller


def unescape(text: str) -> str:
    """SGML entities to characters, then control characters (&#3; etc.) removed."""
    return CONTROL_CHARS.sub("", _ENTITY.sub(_entity, text))


def _body_paragraphs(body: str) -> list[str]:
    """Indented lines start paragraphs; wrapped lines inside one are rejoined with a space."""
    paragraphs: list[list[str]] = []
    for line in body.split("\n"):
        if not line.strip():
            paragraphs.append([])  # a blank line also ends a paragraph
            continue
        if not paragraphs or line[:1] in (" ", "\t") or not paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    out: list[str] = []
    for lines in paragraphs:
        if not lines:
            continue
        text = lines[0]
        for line in lines[1:]:
            # Reuters wrapped at spaces, so "Iraq-" at a line end is a real compound.
            text += line if _HYPHEN_END.search(text) else " " + line
        out.append(text)
    return out


def _dateline(raw: str) -> tuple[Dateline, str]:
    """The DATELINE field; a few carry the first words of the story after the dash."""
    text = clean_inline(unescape(raw)).lstrip("*").strip()
    if not text:
        return Dateline(), ""
    dateline, rest = split_dateline(text)
    if dateline is not None:
        return dateline, rest
    # Typos such as "ME}LBOURNE, March 3 -": keep the words, take the place if it is plain.
    head = text.split(",", 1)[0].strip(" -")
    place = title_case_place(head) if re.fullmatch(r"[^\W\d_][\w .'&-]{1,40}", head) else ""
    return Dateline(place=place, text=text), ""


def _record(segment: str, newid: str) -> ParsedArticle | None:
    fields = {name: pattern.search(segment) for name, pattern in _FIELDS.items()}
    body_match = fields["BODY"]
    if body_match is None:
        if "<BODY>" in segment:
            raise IngestError("BODY is not closed")
        return None
    dateline, lead_words = _dateline(fields["DATELINE"].group(1)) if fields["DATELINE"] else (Dateline(), "")
    body = unescape(body_match.group(1))
    for _ in range(2):
        body = _SIGNATURE.sub("", body)
    paragraphs = _body_paragraphs(body)
    if lead_words:
        first = paragraphs[0] if paragraphs else ""
        joiner = "" if _HYPHEN_END.search(lead_words) else " "
        paragraphs[:1] = [f"{lead_words}{joiner}{first}".strip()]
    body_text = join_paragraphs(paragraphs)
    if not body_text:
        return None
    title = clean_inline(unescape(fields["TITLE"].group(1))) if fields["TITLE"] else ""
    generated = not title
    if generated:
        title = generate_title(body_text.split("\n\n", 1)[0])
    date_field = fields["DATE"]
    published = parse_date(unescape(date_field.group(1))) if date_field else PartialDate.unknown()
    labels = {
        key: [clean_inline(unescape(item)) for item in _D_ITEM.findall(match.group(1))]
        for key, pattern in _LABELS.items()
        if (match := pattern.search(segment))
    }
    return ParsedArticle(
        ref=f"reuters:{newid}",
        title=title,
        title_generated=generated,
        body=body_text,
        raw_text=segment,
        dateline=dateline,
        published=published,
        source="Reuters",
        labels={key: labels.get(key, []) for key in _LABELS},
    )


def parse_sgml(text: str, *, ref: str) -> ParsedFile:
    """Parse a Reuters-21578 file (already decoded, Latin-1). Stories without BODY are
    counted in ``skipped``; broken records go to ``errors`` and the rest still parse."""
    result = ParsedFile(path=ref)
    starts = [m.start() for m in _RECORD_START.finditer(text)]
    if not starts:
        raise IngestError("no <REUTERS> records found; is this a Reuters-21578 .sgm file?")
    seen: set[str] = set()
    for number, start in enumerate(starts, 1):
        end_limit = starts[number] if number < len(starts) else len(text)
        chunk = text[start:end_limit]
        open_tag = _OPEN_TAG.match(chunk)
        newid_match = _NEWID.search(open_tag.group(1)) if open_tag else None
        label = f"record {number}" + (f" (NEWID {newid_match.group(1)})" if newid_match else "")
        if open_tag is None or newid_match is None:
            result.errors.append(f"{label}: no NEWID in the <REUTERS> tag")
            continue
        close = chunk.find(_RECORD_END)
        if close < 0:
            result.errors.append(f"{label}: truncated, no {_RECORD_END}")
            continue
        newid = newid_match.group(1)
        if newid in seen:
            result.errors.append(f"{label}: duplicate NEWID")
            continue
        seen.add(newid)
        segment = chunk[: close + len(_RECORD_END)]
        try:
            article = _record(segment, newid)
        except IngestError as exc:
            result.errors.append(f"{label}: {exc}")
            continue
        if article is None:
            result.skipped += 1
        else:
            result.articles.append(article)
    return result

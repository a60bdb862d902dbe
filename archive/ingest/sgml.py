"""Reuters-21578 ``.sgm`` files: one ``<REUTERS ...>`` record per story.

Parsed with str.find and small regular expressions, not an SGML/XML parser: the files
are not well-formed XML (bare "<" in text, unterminated entities). Every scan is linear
in the text (no pattern rescans from each of many opening tags), so a 1,000-story file
parses well under a second and a hostile one cannot stall an import.
"""

from __future__ import annotations

import itertools
import re

from archive.dates import Dateline, PartialDate, parse_date, split_dateline, title_case_place
from archive.ingest.common import CONTROL_CHARS, clean_inline, generate_title, join_paragraphs, name_case, oversize
from archive.ingest.types import MAX_ARTICLE_BYTES, IngestError, ParsedArticle, ParsedFile

__all__ = ["byline", "parse_sgml"]

_RECORD_START = re.compile(r"<REUTERS\b")
_OPEN_TAG = re.compile(r"<REUTERS\b([^>]*)>")
_NEWID = re.compile(r'\bNEWID\s*=\s*"?(\d+)"?')
_RECORD_END = "</REUTERS>"
_FIELDS = ("DATE", "TITLE", "AUTHOR", "DATELINE", "BODY")
_LABELS = {"places": "PLACES", "orgs": "ORGS", "topics": "TOPICS", "people": "PEOPLE"}
# Only the entities this corpus uses, plus numeric ones; anything else ("&c", "&amp"
# without ";") is left as written rather than guessed.
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_SIGNATURE_WORD = "reuter"
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
# The agency signing a byline: ", Reuters", ", REUTERS", ", Reuter", ", Reuters." and the odd typo ("Reutersd"), or
# without the comma ("By Brad Schade Reuters").
_AGENCY = re.compile(r"(?:\s*,\s*|\s+)reuters?\w?\.?$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


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


def _element(text: str, tag: str, start: int = 0) -> tuple[str, int] | None:
    """(content, end) of the first ``<tag>…</tag>`` at or after ``start``, or None.

    str.find, not a lazy ``<TAG>(.*?)</TAG>`` search: that rescans to the end of the text
    from every unclosed ``<TAG>``, quadratic on a file of open tags. Same result: when the
    first opening tag has no closing tag after it, no later one has.
    """
    opening, closing = f"<{tag}>", f"</{tag}>"
    begin = text.find(opening, start)
    if begin < 0:
        return None
    begin += len(opening)
    end = text.find(closing, begin)
    return None if end < 0 else (text[begin:end], end + len(closing))


def _items(text: str, tag: str) -> list[str]:
    """Every ``<tag>…</tag>`` content in order, as ``re.findall(r"<tag>(.*?)</tag>")`` would give."""
    items: list[str] = []
    position = 0
    while (found := _element(text, tag, position)) is not None:
        item, position = found
        items.append(item)
    return items


def _strip_signature(body: str) -> str:
    r"""Remove the wire signature closing a story: "\n Reuter\n&#3;", or "said. REUTER" glued
    to the last line (upper case then, so "... he told\nReuters." is kept). Singular only;
    sometimes doubled ("REUTER\n Reuter"), so callers strip twice.

    What ``re.sub(r"(?:\n[ \t]*(?i:reuter)|[ \t]+REUTER)[ \t.]*\s*\Z", "", body)`` did,
    read from the end of the text instead of tried at every position (quadratic on a body of
    spaces and tabs).
    """
    text = body.rstrip()  # the trailing "\s*"
    tail = text.rstrip(" \t.")  # "[ \t.]*": what is left must end with the word
    word = tail[-len(_SIGNATURE_WORD) :]
    if word.lower() != _SIGNATURE_WORD:
        return body
    head = tail[: -len(_SIGNATURE_WORD)]
    before = head.rstrip(" \t")
    if before.endswith("\n"):
        return before[:-1]  # "\n[ \t]*reuter", any case
    if word == "REUTER" and len(before) < len(head):
        return before  # "[ \t]+REUTER" glued to the last line
    return body


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
        parts = [lines[0]]
        for previous, line in itertools.pairwise(lines):
            # Reuters wrapped at spaces, so "Iraq-" at a line end is a real compound. Only the
            # previous line's end is looked at: the paragraph so far may be long.
            parts.append(line if _HYPHEN_END.search(previous[-2:]) else " " + line)
        out.append("".join(parts))
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


def byline(raw: str) -> str:
    """The writers named by an AUTHOR field: "    By Cal Mankowski, Reuters" -> "Cal Mankowski", "BY STEPHEN JUKES
    AND PHILIP SHEHADI, REUTERS" -> "Stephen Jukes and Philip Shehadi"; "" when it names no one."""
    text = _AGENCY.sub("", _BY.sub("", clean_inline(unescape(raw)))).strip(" ,.")
    if not re.search(r"[^\W\d_]", text) or text.lower().rstrip("s") == "reuter":
        return ""
    names = [name_case(name.strip(" ,")) for name in _AND.split(text) if name.strip(" ,")]
    return " and ".join(names)[:200]


def _record(segment: str, newid: str) -> ParsedArticle | None:
    fields = {name: found[0] if (found := _element(segment, name)) else None for name in _FIELDS}
    raw_body = fields["BODY"]
    if raw_body is None:
        if "<BODY>" in segment:
            raise IngestError("BODY is not closed")
        return None
    dateline, lead_words = _dateline(fields["DATELINE"]) if fields["DATELINE"] is not None else (Dateline(), "")
    body = unescape(raw_body)
    for _ in range(2):
        body = _strip_signature(body)
    paragraphs = _body_paragraphs(body)
    if lead_words:
        first = paragraphs[0] if paragraphs else ""
        joiner = "" if _HYPHEN_END.search(lead_words) else " "
        paragraphs[:1] = [f"{lead_words}{joiner}{first}".strip()]
    body_text = join_paragraphs(paragraphs)
    if not body_text:
        return None
    title = clean_inline(unescape(fields["TITLE"])) if fields["TITLE"] is not None else ""
    generated = not title
    if generated:
        title = generate_title(body_text.split("\n\n", 1)[0])
    date_field = fields["DATE"]
    published = parse_date(unescape(date_field)) if date_field is not None else PartialDate.unknown()
    labels = {
        key: [clean_inline(unescape(item)) for item in _items(found[0], "D")]
        for key, tag in _LABELS.items()
        if (found := _element(segment, tag))
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
        author=byline(fields["AUTHOR"]) if fields["AUTHOR"] is not None else "",
        labels={key: labels.get(key, []) for key in _LABELS},
    )


# Reuters' TYPE="BRIEF" records are a headline and "Blah blah blah."; TYPE="UNPROC" ones have no BODY either.
NO_STORY = "with no story text (no <BODY>: a headline-only brief or an unprocessed record)"


def parse_sgml(text: str, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> ParsedFile:
    """Parse a Reuters-21578 file (already decoded, Latin-1). Stories without BODY are
    counted in ``skipped``; broken records and records over ``max_article_bytes`` go to
    ``errors`` and the rest still parse."""
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
        if reason := oversize(segment, max_article_bytes):
            result.errors.append(f"{label}: {reason}")
            continue
        try:
            article = _record(segment, newid)
        except IngestError as exc:
            result.errors.append(f"{label}: {exc}")
            continue
        if article is None:
            result.skipped += 1
            result.skipped_why = NO_STORY
        else:
            result.articles.append(article)
    return result

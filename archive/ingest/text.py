"""Plain-text files copied from web pages: one or more articles, with site clutter.

The input is never edited; everything is decided by rules on lines:

* An article starts at the top of the file, and after 2+ blank lines at a headline-like
  line followed within 12 lines by a "header block": the same line again (sites print
  the headline twice) or a site marker line ("Short Url", "Follow", "Updated …").
* Its first line is the headline when it is short (≤ 25 words), has no final full stop,
  and is not a dateline paragraph ("ISLAMABAD: …"); otherwise the title is generated
  from the lead's first sentence (≤ 12 words, "…" when cut) and flagged.
* Between the headline and the body ("the header") sit captions, standfirst bullets,
  a byline, the repeated headline and site markers; the body is everything after.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from archive.dates import Dateline, PartialDate, find_date, split_dateline
from archive.ingest.common import clean_inline, generate_title, join_paragraphs, name_case, oversize
from archive.ingest.language import language_of
from archive.ingest.types import MAX_ARTICLE_BYTES, IngestError, ParsedArticle, ParsedFile

__all__ = ["parse_text", "parse_text_file"]

_HEADER_WINDOW = 12  # lines after a headline in which its header block must appear
_HEADLINE_MAX_WORDS = 25
_HEADLINE_MAX_CHARS = 200
_DATE_LINE_MAX_WORDS = 10
_BYLINE_MAX_WORDS = 8
_CONTACT_MAX_WORDS = 40

# Whole lines that are site furniture, not article text (compared case-insensitively).
_BOILERPLATE = frozenset(
    {
        "short url",
        "follow",
        "follow us",
        "share",
        "share this",
        "share this article",
        "tweet",
        "print",
        "email",
        "whatsapp",
        "comments",
        "comments are closed",
        "advertisement",
    }
)
# Possessive ("*+", "++") where what follows cannot be what was consumed: the same matches,
# without retrying every split of a run of spaces (linear time on hostile input).
_DATE_LINE = re.compile(r"^(?:last\s++)?(?:updated|published|posted)\b(?:\s++on)?\s*+:?\s*+\S", re.IGNORECASE)
_ALSO_READ = re.compile(r"^(?:also\s+read|read\s+also|see\s+also)\b", re.IGNORECASE)
_READ_MORE = re.compile(r"(?:read\s+more|continue\s+reading)\W*$", re.IGNORECASE)
# A line that ends the article: what follows is links to other stories.
_RELATED = re.compile(
    r"^(?:related\s+(?:news|stories|articles|posts|content)|you\s+may\s+also\s+like|more\s+stories)\W*$",
    re.IGNORECASE,
)
# (?<!\s): a match starts where a run of spaces starts, not at each of its characters.
_COMMENTS_CLOSED = re.compile(r"(?<!\s)\s*+comments\s++are\s++closed\.?\s*+$", re.IGNORECASE)
_BULLET = re.compile(r"^[•●▪■◦‣·*\-–]\s+(?P<text>\S.*)$")
_BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})(?:\s*[,|–-].*)?$")
# Photo captions: "… (ISPR)", "… (Reuters/File)", or "Photo: …", "File photo …".
_CAPTION_CREDIT = re.compile(r"\((?:[A-Z][\w.&'’-]*)(?:[ /][A-Za-z][\w.&'’-]*){0,3}\)\W*$")
_CAPTION_START = re.compile(r"^(?:(?:file\s+)?photo(?:\s+credit)?|image|picture)\b\s*[:.\-–]?", re.IGNORECASE)
# Starts only where a run of address characters starts, so a long run without "@" is read
# once, not once per character (the same leftmost matches as without the look-behind).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")
_BRACKETED = re.compile(r"^\[(?P<text>.+)\]$", re.DOTALL)
_BIO_START = re.compile(r"^(?:the\s+)?(?:writer|author|columnist|contributor)\b", re.IGNORECASE)
_BIO_WORDS = re.compile(r"\b(?:writer|author|columnist|contributor|can be reached|tweets)\b|@", re.IGNORECASE)
_NAME = r"(?P<name>(?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]*){1,3})"
_AUTHOR_PATTERNS = (
    re.compile(rf"^the\s+(?:writer|author|columnist),\s+{_NAME},", re.IGNORECASE),
    re.compile(rf"^{_NAME}\s+is\s+(?:an?|the)\s"),
)
_NOT_NAMES = frozenset({"the", "he", "she", "they", "this", "it"})
_TERMINAL = ".,;:…。，、；：،؛"  # and their Chinese, Japanese and Arabic forms
_CLOSERS = "\"'”’)]»"


@dataclass
class _Line:
    text: str  # cleaned: control characters gone, whitespace (NBSP too) collapsed
    start: int  # offset of the raw line in the file


@dataclass
class _Header:
    """What the lines between headline and body held."""

    captions: list[str] = field(default_factory=list)
    standfirst: list[str] = field(default_factory=list)
    author: str = ""
    date_line: PartialDate | None = None


def _key(text: str) -> str:
    return text.casefold()


def _is_boilerplate(text: str) -> bool:
    return _key(text).rstrip(" :") in _BOILERPLATE


def _date_line(text: str) -> PartialDate | None:
    """The date of an "Updated 13 April 2025" / "Published: …" line, None for other lines."""
    if not _DATE_LINE.match(text) or len(text.split()) > _DATE_LINE_MAX_WORDS:
        return None
    date = find_date(text)
    return date if date.text else None


def _is_headline_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > _HEADLINE_MAX_WORDS or len(text) > _HEADLINE_MAX_CHARS:
        return False
    last = text.rstrip(_CLOSERS)[-1:]
    if not last or last in _TERMINAL:
        return False
    first = next((c for c in text if c.isalnum()), "")
    if not first or first.islower():  # a capital, a digit, or a letter of a script without capitals (Arabic, 東京)
        return False
    if text.startswith("[") or _BULLET.match(text) or _is_boilerplate(text) or _date_line(text):
        return False
    if _RELATED.match(text) or _ALSO_READ.match(text) or _READ_MORE.search(text):
        return False
    return split_dateline(text)[0] is None


def _has_header_block(lines: list[_Line], index: int) -> bool:
    headline = _key(lines[index].text)
    for line in lines[index + 1 : index + 1 + _HEADER_WINDOW]:
        if _key(line.text) == headline or _is_boilerplate(line.text) or _date_line(line.text):
            return True
    return False


def _article_starts(lines: list[_Line]) -> list[int]:
    starts = [0]
    blanks = 0
    for index, line in enumerate(lines):
        if not line.text:
            blanks += 1
            continue
        if index and blanks >= 2 and _is_headline_like(line.text) and _has_header_block(lines, index):
            starts.append(index)
        blanks = 0
    return starts


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for chunk in raw.splitlines(keepends=True):
        lines.append(_Line(clean_inline(chunk), offset))
        offset += len(chunk)
    return lines


def _is_caption(text: str) -> bool:
    return bool(_CAPTION_CREDIT.search(text) or _CAPTION_START.match(text))


def _read_header(lines: list[_Line], headline: str) -> tuple[_Header, int]:
    """Consume header lines after the headline; return them and the index where the body starts.

    A line ending in a credit like "(ISPR)" only counts as a caption when more header
    lines follow it (markers, bullets, the repeated headline): a lead paragraph may also
    end in "(APP)".
    """
    header = _Header()
    pending: list[tuple[int, str]] = []  # caption candidates not yet confirmed
    body_start = len(lines)
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        date = _date_line(text)
        bullet = _BULLET.match(text)
        byline = _BYLINE.match(text) if len(text.split()) <= _BYLINE_MAX_WORDS else None
        if date is not None:
            header.date_line = header.date_line or date
        elif bullet:
            header.standfirst.append(bullet["text"])
        elif byline:
            header.author = header.author or name_case(byline["name"])
        elif _is_boilerplate(text) or (headline and _key(text) == _key(headline)):
            pass
        elif headline and _is_caption(text) and split_dateline(text)[0] is None:
            pending.append((index, text))
            continue
        else:
            body_start = index
            break
        header.captions.extend(text for _, text in pending)  # a header line follows: confirmed
        pending.clear()
    if pending:  # nothing header-like after them: they are the start of the body
        body_start = pending[0][0]
    return header, body_start


def _body_lines(lines: list[_Line], headline: str) -> tuple[list[list[str]], PartialDate | None]:
    """Body lines grouped in blank-line separated blocks, with clutter removed."""
    blocks: list[list[str]] = [[]]
    date_line: PartialDate | None = None
    for line in lines:
        text = line.text
        if _RELATED.match(text):
            break  # links to other stories from here on
        text = _COMMENTS_CLOSED.sub("", text)
        if not text:
            if blocks[-1]:
                blocks.append([])
            continue
        date = _date_line(text)
        if date is not None:
            date_line = date_line or date
            continue
        if _is_boilerplate(text) or _ALSO_READ.match(text) or _READ_MORE.search(text):
            continue
        if headline and _key(text) == _key(headline):
            continue
        blocks[-1].append(text)
    return [block for block in blocks if block], date_line


def _looks_hard_wrapped(block: list[str]) -> bool:
    """Lines of a fixed-width wrapped paragraph: similar lengths, most not ending a sentence."""
    if len(block) < 3:
        return False
    inner = block[:-1]
    lengths = [len(line) for line in inner]
    if min(lengths) < 30 or max(lengths) > 100 or max(lengths) - min(lengths) > 30:
        return False
    open_ended = sum(1 for line in inner if line.rstrip(_CLOSERS)[-1:] not in ".!?")
    return open_ended * 2 >= len(inner)


def _first_block(lines: list[_Line]) -> list[str]:
    """The first run of non-blank lines."""
    block: list[str] = []
    for line in lines:
        if line.text:
            block.append(line.text)
        elif block:
            break
    return block


def _paragraphs(blocks: list[list[str]]) -> list[str]:
    """Each line is a paragraph (web copy-paste), unless a block is visibly hard-wrapped."""
    paragraphs: list[str] = []
    for block in blocks:
        if _looks_hard_wrapped(block):
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _author_from_bio(bio: str) -> str:
    for pattern in _AUTHOR_PATTERNS:
        match = pattern.match(bio)
        if match and match["name"].split()[0].lower() not in _NOT_NAMES:
            return match["name"].strip()
    return ""


def _take_bio(paragraphs: list[str]) -> str:
    """Remove and return a closing author note ("[The writer is …]"), or ""."""
    if not paragraphs:
        return ""
    last = paragraphs[-1]
    bracketed = _BRACKETED.match(last)
    if bracketed and _BIO_WORDS.search(last):
        paragraphs.pop()
        return bracketed["text"].strip()
    if _BIO_START.match(last) and len(last.split()) <= 80:
        paragraphs.pop()
        return last
    return ""


def _drop_emails(paragraphs: list[str]) -> list[str]:
    """No e-mail address stays in the body: drop the sentence that holds one.

    One pass per paragraph: the kept pieces are joined once at the end (re-searching and
    rebuilding the paragraph after each address was quadratic in the number of addresses).
    """
    out: list[str] = []
    for paragraph in paragraphs:
        kept: list[str] = []
        position = 0  # everything before it is decided
        while (match := _EMAIL.search(paragraph, position)) is not None:
            start = paragraph.rfind(". ", position, match.start())
            start = position if start < 0 else start + 2
            end_match = _SENTENCE_STOP.search(paragraph, match.end())
            kept.append(paragraph[position:start])
            position = end_match.end() if end_match else len(paragraph)
        if kept:  # something was dropped
            kept.append(paragraph[position:])
            paragraph = "".join(kept).strip()
        if paragraph:
            out.append(paragraph)
    return out


def _parse_piece(lines: list[_Line], raw_text: str, ref: str) -> ParsedArticle | None:
    """One article's lines (its slice of the file) -> ParsedArticle, or None if no body."""
    # Site markers may come before the headline ("Updated …" above the title).
    first = 0
    pre_date: PartialDate | None = None
    while first < len(lines):
        text = lines[first].text
        if text and not _is_boilerplate(text) and _date_line(text) is None:
            break
        pre_date = pre_date or _date_line(text)
        first += 1
    lines = lines[first:]
    content = [line for line in lines if line.text]
    first_block = _first_block(lines)
    headline = ""
    # The first line of a hard-wrapped paragraph is short and open-ended too: not a headline.
    if len(content) > 1 and _is_headline_like(content[0].text) and not _looks_hard_wrapped(first_block):
        headline = content[0].text
        lines = lines[lines.index(content[0]) + 1 :]
    header, body_start = _read_header(lines, headline)
    blocks, body_date = _body_lines(lines[body_start:], headline)
    paragraphs = _paragraphs(blocks)

    dateline: Dateline | None = None
    if paragraphs:
        dateline, rest = split_dateline(paragraphs[0])
        if dateline is not None:
            paragraphs[0:1] = [rest] if rest else []
    bio = _take_bio(paragraphs)
    if paragraphs and _EMAIL.search(paragraphs[-1]) and len(paragraphs[-1].split()) <= _CONTACT_MAX_WORDS:
        bio = f"{bio} {paragraphs.pop()}".strip()  # a closing contact line belongs with the bio
    paragraphs = _drop_emails(paragraphs)
    body = join_paragraphs(paragraphs)
    if not body:
        return None

    date_line = header.date_line or pre_date or body_date
    if dateline is not None and dateline.date.value is not None:
        published = dateline.date
    elif date_line is not None and date_line.value is not None:
        published = date_line
    elif dateline is not None and dateline.date.text:
        published = dateline.date  # "SEPT 22": no year, kept as words
    else:
        published = date_line or PartialDate.unknown()

    title = headline or generate_title(body.split("\n\n", 1)[0])
    return ParsedArticle(
        ref=ref,
        title=title,
        title_generated=not headline,
        body=body,
        raw_text=raw_text,
        standfirst=header.standfirst,
        dateline=dateline or Dateline(),
        published=published,
        author=header.author or _author_from_bio(bio),
        author_bio=clean_inline(bio),
        captions=header.captions,
        language=language_of(f"{headline}\n\n{body}"),
    )


def parse_text_file(raw: str, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> ParsedFile:
    """Parse a plain-text file into its articles, refs ``f"{ref}#{n}"`` with n from 1.

    ``raw_text`` of each article is its exact slice of ``raw``; the slices follow one
    another, so together they are the whole file. An article over ``max_article_bytes`` is
    reported in ``errors`` and skipped (it still takes its number). Raises IngestError for an
    empty file or one with no article text.
    """
    if not raw.strip():
        raise IngestError("empty file")
    lines = _split_lines(raw)
    starts = _article_starts(lines)
    bounds = [*starts, len(lines)]
    result = ParsedFile(path=ref)
    numbered = 0  # articles so far, the refused ones included, so refs stay put when one is fixed
    for begin, end in itertools.pairwise(bounds):
        raw_start = lines[begin].start if begin else 0  # the first slice starts at offset 0
        raw_end = lines[end].start if end < len(lines) else len(raw)
        piece = raw[raw_start:raw_end]
        if reason := oversize(piece, max_article_bytes):
            numbered += 1
            result.errors.append(f"article {numbered} (from line {begin + 1}): {reason}")
            continue
        article = _parse_piece(lines[begin:end], piece, f"{ref}#{numbered + 1}")
        if article is not None:
            numbered += 1
            result.articles.append(article)
    if not result.articles:
        raise IngestError("; ".join(result.errors) or "no article text found")
    return result


def parse_text(raw: str, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> list[ParsedArticle]:
    """The articles of a plain-text file (see parse_text_file), without the report of skipped ones."""
    return parse_text_file(raw, ref=ref, max_article_bytes=max_article_bytes).articles

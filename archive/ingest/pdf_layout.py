"""From a PDF's positioned lines to an article's paragraphs: running heads and page numbers dropped,
the first heading found, words hyphenated across line ends joined again. Pure Python, no pdfminer:
pdf.py (text layer) and pdf_ocr.py (scanned pages) both produce `Line`s.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Line", "dehyphenate", "find_heading", "paragraphs", "strip_running_lines"]


@dataclass
class Line:
    """One line of a page in reading order."""

    text: str
    page: int  # 0-based
    top: float  # the line's top as a fraction of the page height from the top (0..1)
    bottom: float  # its bottom, the same way
    size: float = 0.0  # font size in points; 0 when unknown (OCR)
    new_block: bool = False  # first line of a text block (pdfminer box, OCR paragraph): may start a paragraph


# A line in this band at the top or bottom of a page may be a running head, a footer or a page number.
_MARGIN_BAND = 0.12
_EDGE_LINES = 2  # ... and so may the first and last lines of a page in reading order
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|p\.|seite|página|pagina)\s*)?\d{1,4}(?:\s*(?:of|/|de|von)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_TERMINAL = re.compile(r"[.!?:;\"'”’)\]]$")
# Words that begin real compounds when hyphenated at a line end ("well-known", "self-made").
# fmt: off
_COMPOUND_HEADS = frozenset({
    "well", "self", "non", "co", "ex", "so", "long", "short", "high", "low", "full", "part", "half", "cross",
    "all", "anti", "pro", "post", "multi", "mid", "one", "two", "three", "four", "five", "first", "second",
    "third", "year", "state", "left", "right", "far", "ill", "best", "vice", "semi", "quasi", "much", "old",
    "large", "small", "top", "hard", "world", "record", "trade", "market", "government", "foreign", "oil",
})
# fmt: on
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _edge(line: Line, index: int, count: int) -> bool:
    in_band = line.top < _MARGIN_BAND or line.bottom > 1 - _MARGIN_BAND
    return in_band or index < _EDGE_LINES or index >= count - _EDGE_LINES


def _key(text: str) -> str:
    """A running line's identity: case, spacing and numbers ("Page 3", "March 1987 | 4") ignored."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def strip_running_lines(lines: list[Line]) -> list[Line]:
    """Lines without page numbers and without the headers and footers that repeat across pages.

    A line counts as running when its text (numbers ignored) sits at the edge of at least half the
    pages, and of two at least; a lone number (or "Page 3 of 9") at a page's edge is a page number.
    """
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    edge: set[int] = set()  # ids of lines at a page's edge
    seen: Counter[str] = Counter()
    for page_lines in pages.values():
        keys = set()
        for index, line in enumerate(page_lines):
            if _edge(line, index, len(page_lines)):
                edge.add(id(line))
                keys.add(_key(line.text))
        seen.update(keys)
    needed = max(2, math.ceil(len(pages) / 2))
    running = {key for key, count in seen.items() if count >= needed}
    kept = []
    for line in lines:
        if id(line) in edge and (_PAGE_NUMBER.match(line.text) or _key(line.text) in running):
            continue
        kept.append(line)
    return kept


def find_heading(lines: list[Line]) -> tuple[str, list[Line]]:
    """(the first page's heading, the lines without it): the lines in its largest font, when that font is
    clearly larger than the body's. ("", lines) when the sizes are unknown or all alike."""
    sized = [line for line in lines if line.size > 0]
    if not sized:
        return "", lines
    weights: Counter[float] = Counter()
    for line in sized:
        weights[round(line.size, 1)] += len(line.text)
    body_size = weights.most_common(1)[0][0]
    first_page = [line for line in sized if line.page == sized[0].page]
    largest = max(line.size for line in first_page)
    if largest < body_size * 1.15:
        return "", lines
    start = next(i for i, line in enumerate(lines) if line.size == largest and line.page == sized[0].page)
    end = start
    while end < len(lines) and abs(lines[end].size - largest) < 0.5 and end - start < 4:
        end += 1
    heading = " ".join(" ".join(line.text for line in lines[start:end]).split())
    if sum(ch.isalpha() for ch in heading) < 3:  # a drop cap or an ornament, not a heading
        return "", lines
    return heading, lines[:start] + lines[end:]


def _vocabulary(lines: list[Line]) -> set[str]:
    """The words of the text as printed inside lines (a line's last word may be cut, so it is left out)."""
    words: set[str] = set()
    for line in lines:
        found = _WORD.findall(line.text.lower())
        if line.text.rstrip().endswith("-") and found:
            found = found[:-1]
        words.update(found)
    return words


def dehyphenate(left: str, right: str, vocabulary: set[str]) -> bool:
    """Whether "left-" at a line end and "right" at the next line's start are one word cut in two.

    The document decides when it can: the joined word used elsewhere joins, the hyphenated one keeps the
    hyphen. Otherwise a compound head ("well-", "self-"), a capital ("Franco-German") or two halves that
    are both words of the text keep it; anything else is typesetting, joined ("interna-tional").
    """
    joined, hyphenated = (left + right).lower(), f"{left}-{right}".lower()
    if joined in vocabulary:
        return True
    if hyphenated in vocabulary:
        return False
    if right[:1].isupper() or left.lower() in _COMPOUND_HEADS:
        return False
    return not (len(left) > 1 and len(right) > 1 and left.lower() in vocabulary and right.lower() in vocabulary)


_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)-$")
_LINE_START_WORD = re.compile(r"^([^\W\d_]+)")


def _join(text: str, line: str, vocabulary: set[str]) -> str:
    if not text:
        return line
    if text.endswith("\u00ad"):  # a soft hyphen is a break point, never part of the word
        return text[:-1] + line
    cut, rest = _LINE_END_HYPHEN.search(text), _LINE_START_WORD.match(line)
    if cut and rest:
        if dehyphenate(cut.group(1), rest.group(1), vocabulary):
            return text[:-1] + line
        return text + line
    return f"{text} {line}"


# A text layer's block that follows the line above at about the text's usual line spacing (at most this many
# times the median gap between its lines) continues its paragraph: PDF tools (pdfminer's layout among them) set
# lines of justified text apart in blocks of their own, and a real paragraph break leaves more space.
_CLOSE_GAP = 1.5


def _line_gap(lines: list[Line]) -> float | None:
    """The median space between a text layer's consecutive lines on a page (None for OCR, or too few lines)."""
    gaps = sorted(
        line.top - previous.bottom
        for previous, line in itertools.pairwise(lines)
        if line.size > 0 and line.page == previous.page and line.top >= previous.bottom
    )
    return gaps[len(gaps) // 2] if len(gaps) >= 3 else None


def _starts_paragraph(previous: Line | None, line: Line, text_so_far: str, gap: float | None) -> bool:
    """A new block starts a paragraph unless it continues a sentence cut by a column or page break, or follows
    the line above at the text's line spacing (a text layer's: OCR's paragraphs are its own)."""
    if previous is None:
        return True
    if not line.new_block:
        return False
    close = (
        gap is not None
        and line.size > 0
        and line.page == previous.page
        and 0 <= line.top - previous.bottom <= _CLOSE_GAP * gap
    )
    continues = text_so_far and (close or (not _TERMINAL.search(text_so_far) and line.text[:1].islower()))
    return not continues


def paragraphs(lines: list[Line]) -> list[str]:
    """The lines joined into paragraphs: one per text block, a sentence cut by a column or page break
    joined again, hyphenated line ends joined where the hyphen was typesetting (see dehyphenate)."""
    vocabulary = _vocabulary(lines)
    gap = _line_gap(lines)
    out: list[str] = []
    text, previous = "", None
    for line in lines:
        stripped = " ".join(line.text.replace("\u00ad ", "\u00ad").split())
        if not stripped:
            continue
        if _starts_paragraph(previous, line, text, gap) and text:
            out.append(text)
            text = ""
        text = _join(text, stripped, vocabulary)
        previous = line
    if text:
        out.append(text)
    return out

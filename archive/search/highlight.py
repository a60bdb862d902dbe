"""Snippets with the matched words marked, built from plain text and escaped by `archive.sanitize`.

Not haystack's {% highlight %}: that strips tags without escaping (stored XSS).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.safestring import SafeString

from archive.sanitize import highlighted
from archive.search.query import ParsedQuery, analyse

_WORD = re.compile(r"\w+(?:['’]\w+)*")
SNIPPET_CHARS = 260


@lru_cache(maxsize=20000)
def _stem(word: str) -> str:
    return analyse(word)


def _matches(word: str, parsed: ParsedQuery) -> bool:
    lowered = word.lower()
    return _stem(word) in parsed.text_terms or any(lowered.startswith(p) for p in parsed.prefixes)


def snippet(text: str, parsed: ParsedQuery, *, length: int = SNIPPET_CHARS) -> SafeString:
    """The window of `text` with the most matched words (or its start), matches marked, as safe HTML."""
    return highlighted(snippet_pieces(text, parsed, length=length))


def snippet_pieces(text: str, parsed: ParsedQuery, *, length: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """The snippet as plain-text pieces, each flagged as a match or not (for HTML or for the API)."""
    text = " ".join((text or "").split())
    words = list(_WORD.finditer(text))
    wanted = parsed.text_terms or parsed.prefixes
    hits = [m for m in words if _matches(m.group(), parsed)] if wanted else []
    start = 0
    if hits:
        # Two pointers: the window of `length` characters that holds the most matches.
        best, best_count, last = hits[0].start(), 0, 0
        for first_index, first in enumerate(hits):
            last = max(last, first_index)
            while last + 1 < len(hits) and hits[last + 1].end() - first.start() <= length:
                last += 1
            if last - first_index + 1 > best_count:
                best, best_count = first.start(), last - first_index + 1
        # Start a little before the first match, at a word boundary.
        start = max(0, best - 60)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < best else best
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces: list[tuple[str, bool]] = [("…", False)] if start else []
    cursor = start
    for match in hits:
        if match.start() < start or match.end() > end:
            continue
        pieces.append((text[cursor : match.start()], False))
        pieces.append((match.group(), True))
        cursor = match.end()
    pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces

"""Snippets with the matched words marked, built from plain text and escaped by `archive.sanitize`.

Not haystack's {% highlight %}: that strips tags without escaping (stored XSS).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

from django.utils.safestring import SafeString
from whoosh import query as wquery

from archive.sanitize import highlighted
from archive.search import faults, reader
from archive.search.analysis import fold
from archive.search.query import TEXT_FIELDS, ParsedQuery, QueryError, analyse, parse_query

# A word as the index's tokenizer reads it (Whoosh's `\w+(\.?\w+)*`: "U.S", "3.5" are one), and the parts an
# apostrophe joins ("O'Brien", which the index reads as two), so that the whole of it is marked.
_WORD = re.compile(r"\w++(?:\.?\w++)*+(?:['’]\w++(?:\.?\w++)*+)*+")
SNIPPET_CHARS = 260
# Snippets look at the start of a body only: a 19 MB article would cost every search that lists it a
# second or more. 50,000 characters are 8,000 words, longer than almost any news story.
SNIPPET_SCAN_CHARS = 50_000
# Porter stemming only rewrites a word's ending: the stem's last letter or two may differ from the
# word ("happy" -> "happi", "ability" -> "abl"), never more. So a word can only stem to `s` if it
# starts with `s` minus its last three letters, and that prefix finds the candidates in one regex
# scan. A word with an apostrophe stems from one of its parts ("O'Brien" -> "brien"): a candidate
# part leads to the whole word.
STEM_SLACK = 3


@lru_cache(maxsize=20000)
def _stem(word: str) -> str:
    return analyse(word)


def index_form(word: str) -> str:
    """A word as the index keeps it (lower-cased, stemmed: "Prices" -> "price"); "" for a word it leaves out."""
    return _stem(word)


def _matches(word: str, parsed: ParsedQuery) -> bool:
    lowered = fold(word.lower())
    return _stem(word) in parsed.text_terms or any(lowered.startswith(p) for p in parsed.prefixes)


_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=1024)
def _candidates(terms: frozenset[str], prefixes: frozenset[str]) -> re.Pattern | None:
    """A regex finding the words (from their start to the end of `_WORD`'s word), or their parts after an
    apostrophe, that may match, in lower-cased text. None: check every word."""
    # A start, and the fewest letters a word needs after it: a stem is never longer than the word (or the part
    # of it) it comes from, so "of" and "on" are not read for "oil".
    starts: dict[str, int] = {}
    for term in terms:
        if term:
            start = term[: max(1, len(term) - STEM_SLACK)]
            rest = len(_WORD_CHAR.findall(term, len(start)))  # the letters after it ("u." from "U.S": none)
            starts[start] = min(starts.get(start, rest), rest)
    for prefix in prefixes:
        if prefix:
            starts[prefix] = 0
    if not starts or not all(re.match(r"\w", x) for x in starts):
        return None
    # What `\b(?:start|…)` finds, written so that each alternative begins with its letters: a pattern that
    # opens with `\b` is tried at every position of the text, one beginning with literals only where they
    # occur (5-25x faster on a news story). Each start is a word start when no word character precedes it;
    # the rest of the word is read by the same pattern (one match a word, not a match and a `_WORD.match`).
    # A letter may follow a dot inside the word ("U.S", "3.5"), as the tokenizer reads it.
    alternatives = "|".join(
        rf"{re.escape(x)}(?<!\w{re.escape(x)})(?:\.?\w){{{starts[x]},}}+" for x in sorted(starts, key=len, reverse=True)
    )
    return re.compile(f"(?:{alternatives})(?:['’]\\w++(?:\\.?\\w++)*+)*+")


def _word_start(text: str, at: int) -> int:
    """Where the `_WORD` word holding position `at` starts ("O'Brien": the O for the B; "U.S": the U for the S)."""
    while at >= 2 and text[at - 1] in "'’." and _WORD_CHAR.match(text, at - 2):
        at -= 2
        while at > 0 and _WORD_CHAR.match(text, at - 1):
            at -= 1
    return at


def _hits(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Where the words of `text` (as `_WORD` splits it) that match the query start and end, in order."""
    if not (parsed.text_terms or parsed.prefixes):
        return []
    lowered = fold(text.lower())  # as the index reads it ("Müller" found by "muller"), each letter where it was
    pattern = _candidates(parsed.text_terms, parsed.prefixes)
    if pattern is None or len(lowered) != len(text):  # lower-casing moved characters: check every word
        return _with_final_dots(text, [m.span() for m in _WORD.finditer(text) if _matches(m.group(), parsed)])
    verdicts: dict[str, bool] = {}  # a story repeats its words: stem each once
    found: dict[int, tuple[int, int] | None] = {}
    for candidate in pattern.finditer(lowered):
        start, end = candidate.span()
        if start >= 2 and text[start - 1] in "'’." and _WORD_CHAR.match(text, start - 2):
            # a part after an apostrophe, or after a dot inside a word: its word starts before it
            start = _word_start(text, start)
            if start in found:
                continue
            match = _WORD.match(text, start)
            end = match.end() if match is not None else start
        word = text[start:end]
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = bool(word) and _matches(word, parsed)
        found[start] = (start, end) if verdict else None
    return _with_final_dots(text, [span for _, span in sorted(found.items()) if span is not None])


# An abbreviation's letters and dots ("U.S", "U.K", "e.g"): the tokenizer's word ends before the last dot.
_ABBREVIATION = re.compile(r"(?:\w\.)+\w")


def _with_final_dots(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans`, an abbreviation's final dot marked with it ("U.S." whole, not "U.S" and a dot after it)."""
    return [
        (start, end + 1) if text[end : end + 1] == "." and _ABBREVIATION.fullmatch(text, start, end) else (start, end)
        for start, end in spans
    ]


def snippet(text: str, parsed: ParsedQuery, *, length: int = SNIPPET_CHARS) -> SafeString:
    """The window of `text` with the most matched words (or its start), matches marked, as safe HTML."""
    return highlighted(snippet_pieces(text, parsed, length=length))


def _folded_start(text: str, length: int) -> str:
    """The start of `" ".join(text.split())`, longer than `length` (or all of it): all that a snippet with nothing
    to mark reads. Folding a prefix of the text gives a prefix of the whole folded text."""
    size = 2 * length
    while True:
        folded = " ".join(text[:size].split())
        if len(folded) > length or size >= len(text):
            return folded
        size *= 4


def snippet_pieces(text: str, parsed: ParsedQuery, *, length: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """The snippet as plain-text pieces, each flagged as a match or not (for HTML or for the API).

    Only the first `SNIPPET_SCAN_CHARS` characters are read, whatever the length of `text`.
    """
    text = text or ""
    cut = len(text) > SNIPPET_SCAN_CHARS
    text = text[:SNIPPET_SCAN_CHARS]
    text = " ".join(text.split()) if parsed.text_terms or parsed.prefixes else _folded_start(text, length)
    hits = _marks(text, parsed)
    start = 0
    if hits:
        # Two pointers: the window of `length` characters that holds the most matches.
        best, best_count, last = hits[0][0], 0, 0
        for first_index, (first_start, _) in enumerate(hits):
            last = max(last, first_index)
            while last + 1 < len(hits) and hits[last + 1][1] - first_start <= length:
                last += 1
            if last - first_index + 1 > best_count:
                best, best_count = first_start, last - first_index + 1
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
    for hit_start, hit_end in hits:
        if hit_start < start or hit_end > end:
            continue
        pieces.append((text[cursor:hit_start], False))
        pieces.append((text[hit_start:hit_end], True))
        cursor = hit_end
    pieces.append((text[cursor:end], False))
    if end < len(text) or cut:
        pieces.append(("…", False))
    return pieces


def _marking(query: str) -> ParsedQuery | None:
    """The query parsed for marking its words; None when there is nothing to mark: no query, one that cannot be
    run, or an index that cannot be read."""
    if not (query or "").strip():
        return None
    try:
        parsed = parse_query(query, schema=reader.schema())
    except (QueryError, *faults.READ_ERRORS):
        return None
    return parsed if parsed.text_terms or parsed.prefixes else None


def text_highlighter(query: str) -> Callable[[str], list[tuple[str, bool]]] | None:
    """For an article page reached from a search: a function marking the query's words in any text, as the
    snippets mark them (same parser, same stemming). None when there is nothing to mark (`_marking`): the page
    must still show the article."""
    parsed = _marking(query)
    if parsed is None:
        return None

    def mark(text: str) -> list[tuple[str, bool]]:
        pieces: list[tuple[str, bool]] = []
        cursor = 0
        for start, end in _marks(text, parsed):
            pieces.append((text[cursor:start], False))
            pieces.append((text[start:end], True))
            cursor = end
        pieces.append((text[cursor:], False))
        return pieces

    return mark


# What may part two words of one keyword: spaces and hyphens ("oil prices", "oil-bearing"); and, inside a phrase,
# words the index leaves out too ("price of oil" is found for "price oil", as Whoosh finds it).
_ADJACENT = re.compile(r"[\s\-‐–]+")


def keyword_finder(query: str) -> Callable[[str], list[tuple[int, int]]] | None:
    """For a concordance: a function giving where the query's keywords are in a text, in order. A keyword is a
    word searched on its own (or by prefix), or a phrase's words in their order; keywords side by side are one
    ("oil prices" for `oil prices`). A phrase's word found outside the phrase is no keyword (the snippets mark
    it all the same), nor is a word the query excludes. None when there is nothing to mark (`_marking`), or no word
    but excluded ones (`-oil`)."""
    parsed = _marking(query)
    if parsed is None or not any(_keyword_units(parsed.query)):
        return None

    def find(text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for span in _marks(text, parsed):
            if spans and _ADJACENT.fullmatch(text, spans[-1][1], span[0]):
                spans[-1] = (spans[-1][0], span[1])
            else:
                spans.append(span)
        return spans

    return find


class _Marked(NamedTuple):
    """The words and prefixes to mark, read as `_hits` reads a parsed query's."""

    text_terms: frozenset[str]
    prefixes: frozenset[str]


def _marks(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Where the query's keywords are in `text`, in order: each word searched on its own or by prefix, and each
    phrase whole, its words in their order as one span. A phrase's word found outside the phrase is not marked
    (`"third world debt"` marked every "debt", and a snippet could show a lone "debt" and not the phrase), nor is
    a word the query excludes."""
    alone, phrases, prefixes = _keyword_units(parsed.query)
    if not phrases:  # every word found is a keyword: look for those alone (not the excluded ones)
        same = alone >= parsed.text_terms and prefixes >= parsed.prefixes
        return _hits(text, parsed if same else _Marked(alone, prefixes))
    hits = _hits(text, parsed)
    stems = [_stem(text[start:end]) for start, end in hits]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(hits):
        phrase = _phrase_at(text, hits, stems, index, phrases)
        if phrase:
            spans.append((hits[index][0], hits[index + phrase - 1][1]))
            index += phrase
            continue
        start, end = hits[index]
        if stems[index] in alone or any(fold(text[start:end].lower()).startswith(p) for p in prefixes):
            spans.append((start, end))
        index += 1
    return spans


@lru_cache(maxsize=1024)  # a results page asks it of the same query for each of its snippets
def _keyword_units(node: wquery.Query | None) -> tuple[frozenset[str], tuple[tuple[str, ...], ...], frozenset[str]]:
    """(the words searched on their own, the phrases of more than one word, the prefixes) of the text fields,
    leaving out what the query excludes (`-word`, `NOT word`)."""
    alone: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    prefixes: set[str] = set()
    for leaf in _included_leaves(node):
        if getattr(leaf, "fieldname", None) not in TEXT_FIELDS:
            continue
        if isinstance(leaf, wquery.Phrase):
            if len(leaf.words) > 1:
                phrases.add(tuple(leaf.words))
            else:
                alone.update(leaf.words)
        elif isinstance(leaf, wquery.Prefix):
            prefixes.add(leaf.text.lower())
        elif isinstance(leaf, wquery.Term):
            alone.add(leaf.text)
    return frozenset(alone), tuple(sorted(phrases, key=len, reverse=True)), frozenset(prefixes)


def _included_leaves(node: wquery.Query | None) -> Iterator[wquery.Query]:
    if node is None or isinstance(node, wquery.Not):
        return
    if isinstance(node, wquery.AndNot):
        yield from _included_leaves(node.a)
    elif node.is_leaf():
        yield node
    else:
        for child in node.children():
            yield from _included_leaves(child)


def _phrase_at(text: str, hits, stems: list[str], index: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many hits from `index` on are a phrase's words in order, parted only by what the index leaves out
    (0: none). The longest phrase is tried first."""
    for phrase in phrases:
        end = index + len(phrase)
        if end > len(hits) or tuple(stems[index:end]) != phrase:
            continue
        gaps = (text[hits[i][1] : hits[i + 1][0]] for i in range(index, end - 1))
        if all(_left_out(gap) for gap in gaps):
            return len(phrase)
    return 0


def _left_out(gap: str) -> bool:
    """Whether the text between two words holds no word the index keeps (only spaces, punctuation, stop words)."""
    return all(not _stem(word) for word in _WORD.findall(gap))

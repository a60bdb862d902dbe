"""The words found near a search's keywords more often than elsewhere in the same stories (collocates, as corpus
tools such as AntConc list them beside a concordance): "crude", "prices" and "palm" near "oil".

Each place in a story's text counts once: near the keywords when it is within the concordance's words of one (the
words before and after each keyword, windows that overlap counted once), elsewhere when not; the keywords' own
words count neither. A word is a collocate when it stands near more often than its count elsewhere in the same
text would make chance, ranked by Dunning's log-likelihood (G², one of the measures AntConc ranks collocates by):
words that are everywhere ("said", "year") score low, words drawn to the keyword high. Words are counted in the
form the index keeps ("prices" and "price" are one), shown as written most often near the keywords; words the
index leaves out ("the", "of"), numbers and the keywords' own words are not counted.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

from archive.search import index_form

TOKEN = re.compile(r"\w+")
_NUMBER = re.compile(r"\d")  # a word with a digit is a figure, not a collocate
SHOWN = 20  # collocates listed
MIN_NEAR = 3  # times near the keywords before a word can be one
# The least G² a collocate has: 3.84 is chance at p = 0.05 (one degree of freedom), the floor AntConc and the
# corpus linguists' literature use; below it, "its" and "report" filled a narrow search's list at 0.2 to 0.4.
MIN_SCORE = 3.84


@dataclass(frozen=True)
class Collocate:
    word: str  # as written most often near the keywords
    near: int  # places within the words of a keyword
    before: int  # of which before it
    after: int
    elsewhere: int  # places elsewhere in the stories' text
    score: float  # log-likelihood (G²): how far `near` is from chance


class WordCounts:
    """The words of the stories read: near the keywords (before, after) and elsewhere, each place counted once.

    `add` keeps each story's text and the slices of it near the keywords; the words are read when first asked
    for, in one pass over all the stories (a `Counter` a story cost more than the rest of the page together). They
    are compared lower-cased, and shown as written."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._slices: tuple[list[str], list[str], list[str]] = ([], [], [])  # keywords', before, after

    def add(self, text: str, windows: list[tuple[int, int, int, int]]) -> None:
        """One story's text and its keywords' windows, in order: (where the words before begin, where the keyword
        begins, where it ends, where the words after end), as the concordance's lines cut them. Where windows
        overlap, a place counts once: after the first keyword, up to the next one."""
        self.__dict__.pop("tally", None)
        self._texts.append(text)
        keywords, before, after = self._slices
        covered = 0  # where the last window counted ends
        for n, (left, start, end, right) in enumerate(windows):
            stop = min(right, windows[n + 1][1]) if n + 1 < len(windows) else right
            keywords.append(text[start:end])
            before.append(text[max(left, covered) : start])
            after.append(text[end:stop])
            covered = max(end, stop)

    @cached_property
    def tally(self) -> Tally:
        """The words counted, read when first asked for (again after another `add`)."""
        # Each side's words read in one pass over its slices (a slice starts and ends where a word does), as written
        # and lower-cased; and every place of every story less those: what stands elsewhere.
        keywords, before, after = (Counter(TOKEN.findall(" ".join(slices))) for slices in self._slices)
        written = before + after
        keywords, before, after = (_lowered(counts) for counts in (keywords, before, after))
        elsewhere = Counter(TOKEN.findall(" ".join(self._texts).lower()))
        for near in (keywords, before, after):  # each distinct word once (a list would be walked word by word)
            elsewhere.subtract(near)
        return Tally(before, after, +elsewhere, written, frozenset(index_form(word) for word in keywords))


@dataclass(frozen=True)
class Tally:
    before: Counter[str]  # lower-cased word -> places before a keyword
    after: Counter[str]
    elsewhere: Counter[str]
    written: Counter[str]  # the words near the keywords as written ("ICO", "Prices"), with how often
    keywords: frozenset[str]  # the keywords' own words, in the index's form


def _lowered(words: Counter[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word, n in words.items():
        counts[word.lower()] += n
    return counts


def collocates(
    counts: WordCounts, *, shown: int = SHOWN, min_near: int = MIN_NEAR, min_score: float | None = None
) -> list[Collocate]:
    """The `shown` words most drawn to the keywords, most drawn first: those whose G² is not chance (`MIN_SCORE`)."""
    min_score = MIN_SCORE if min_score is None else min_score
    counted = counts.tally
    words = counted.before.keys() | counted.after.keys() | counted.elsewhere.keys()
    forms = {word: "" if _NUMBER.search(word) else index_form(word) for word in words}  # "": not counted
    before, after, rest = (_by_form(side, forms) for side in (counted.before, counted.after, counted.elsewhere))
    near_total, rest_total = before.total() + after.total(), rest.total()
    found = []
    for key in (before.keys() | after.keys()) - counted.keywords:
        near = before[key] + after[key]
        if near < min_near or (rest_total and near / near_total <= rest[key] / rest_total):
            continue
        score = _log_likelihood(near, near_total, rest[key], rest_total)
        if score < min_score:
            continue
        found.append(Collocate(key, near, before[key], after[key], rest[key], round(score, 1)))
    found.sort(key=lambda c: (-c.score, -c.near, c.word))
    # Each shown as written most often near the keywords (its form, "price", is the index's, not a reader's).
    spelled: dict[str, Counter[str]] = {c.word: Counter() for c in found[:shown]}
    for word, n in counted.written.items():
        key = forms.get(word.lower(), "")
        if key in spelled:
            spelled[key][word] += n
    return [replace(c, word=spelled[c.word].most_common(1)[0][0]) for c in found[:shown]]


def _by_form(words: Counter[str], forms: dict[str, str]) -> Counter[str]:
    """The words' counts gathered by the form the index keeps; numbers and words the index leaves out dropped."""
    counts: Counter[str] = Counter()
    for word, n in words.items():
        if forms[word]:
            counts[forms[word]] += n
    return counts


def _log_likelihood(a: int, c: int, b: int, d: int) -> float:
    """Dunning's G² for a word seen `a` times in the `c` places near the keywords and `b` times in the `d` others."""
    score = 0.0
    for observed, expected in ((a, c * (a + b) / (c + d)), (b, d * (a + b) / (c + d))):
        if observed:
            score += observed * math.log(observed / expected)
    return 2 * score


def collocate_query(q: str, word: str) -> str:
    """The search for the stories holding both the query and the word."""
    return f"({q}) {word}" if re.search(r"\bOR\b|\bNOT\b|^-|\s-", q) else f"{q} {word}"

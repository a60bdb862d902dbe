"""The words found near a search's keywords more often than elsewhere in the same stories (collocates, as corpus
tools such as AntConc list them beside a concordance): "crude", "prices" and "barrels" near "oil".

A word counts once for each time it stands within a concordance line's words before or after its keyword. It is a
collocate when it stands there more often than its count in the whole text of the stories read would make
chance, by Dunning's log-likelihood (G², one of the measures AntConc ranks collocates by): frequent words that
are everywhere ("said", "year") score low, words drawn to the keyword high. Words are counted in the
form the index keeps ("prices" and "price" are one), shown as written most often near the keyword; words the index
leaves out ("the", "of"), numbers and the keywords' own words are not counted.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from archive.search import index_form

TOKEN = re.compile(r"\w+")
SHOWN = 20  # collocates listed
MIN_NEAR = 3  # times near the keywords before a word can be one


@dataclass(frozen=True)
class Collocate:
    word: str  # as written most often near the keywords
    near: int  # times within the lines' words
    before: int  # of which before the keyword
    after: int
    elsewhere: int  # times elsewhere in the stories' text
    score: float  # log-likelihood (G²): how far `near` is from chance


def text_words(text: str) -> Counter[str]:
    """Each lower-cased word of a text, with the times it occurs (what `collocates` compares with)."""
    return Counter(TOKEN.findall(text.lower()))


def collocates(
    sides: Iterable[tuple[str, str, str]], texts: Counter[str], *, shown: int = SHOWN, min_near: int = MIN_NEAR
) -> list[Collocate]:
    """The `shown` words most drawn to the keywords: `sides` are the lines' (before, keyword, after) texts, `texts`
    the lower-cased words of all the stories' text (`text_words`), lines included."""
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    spelled: dict[str, Counter[str]] = {}
    keywords: set[str] = set()
    for left, keyword, right in sides:
        keywords.update(index_form(word) for word in TOKEN.findall(keyword))
        for counts, text in ((before, left), (after, right)):
            for word in TOKEN.findall(text):
                form = _counted_form(word)
                if form:
                    counts[form] += 1
                    spelled.setdefault(form, Counter())[word.lower()] += 1
    everywhere = _by_form(texts)
    near_total = sum(before.values()) + sum(after.values())
    all_total = sum(everywhere.values())
    found = []
    for form in (before | after).keys() - keywords:
        near = before[form] + after[form]
        elsewhere = max(everywhere.get(form, 0) - near, 0)
        if near < min_near or not _above_chance(near, near_total, elsewhere, all_total - near_total):
            continue
        score = _log_likelihood(near, near_total, elsewhere, all_total - near_total)
        word = spelled[form].most_common(1)[0][0]
        found.append(Collocate(word, near, before[form], after[form], elsewhere, round(score, 1)))
    found.sort(key=lambda c: (-c.score, -c.near, c.word))
    return found[:shown]


def _counted_form(word: str) -> str:
    """The index form of a word that can be a collocate; "" for a number or a word the index leaves out."""
    if any(character.isdigit() for character in word):
        return ""
    return index_form(word)


def _by_form(texts: Counter[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word, n in texts.items():
        form = _counted_form(word)
        if form:
            counts[form] += n
    return counts


def _above_chance(near: int, near_total: int, elsewhere: int, rest_total: int) -> bool:
    return rest_total <= 0 or near / max(near_total, 1) > elsewhere / rest_total


def _log_likelihood(a: int, c: int, b: int, d: int) -> float:
    """Dunning's G² for a word seen `a` times in `c` words near the keywords and `b` times in `d` words elsewhere."""
    expected_near = c * (a + b) / (c + d)
    expected_elsewhere = d * (a + b) / (c + d)
    score = 0.0
    for observed, expected in ((a, expected_near), (b, expected_elsewhere)):
        if observed:
            score += observed * math.log(observed / expected)
    return 2 * score


def collocate_query(q: str, word: str) -> str:
    """The search for the stories holding both the query and the word."""
    return f"({q}) {word}" if _needs_group(q) else f"{q} {word}"


def _needs_group(q: str) -> bool:
    return bool(re.search(r"\bOR\b|\bNOT\b|^-|\s-", q))

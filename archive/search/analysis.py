"""The text fields' analysis: Whoosh's StemmingAnalyzer with accents folded, and the same for indexing in one pass.

`text_analyzer()` is what the text fields index and are searched with: Whoosh's StemmingAnalyzer
(tokenizer | lowercase | stop | stem) with a `CharsetFilter` after the lower-casing that folds Latin letters'
accents (`ACCENT_FOLDING`: "café", "Bogotá", "Müller", "São" are indexed and searched as "cafe",
"bogota", "muller", "sao"), so that a word typed with or without its accents finds both spellings, as
a reader expects of an archive in several languages. Each letter folds to one letter, so a text and its
folded form have the same length and offsets (the highlighter scans the folded text and marks the
original). Greek accents, Russian "ё" and Arabic alef forms fold too (see `_accent_folding`).
Letters that are other letters in their language (Cyrillic "й", German "ß", "æ") are left.

Whoosh indexes a TEXT field by running its analyzer (one generator per filter and one method call per
token) and then runs it a second time without the stemmer for the spelling word list. `one_pass`
returns both from one tokenisation, with the same terms, frequencies, weights, encoded positions and
spelling words, in the same order as Whoosh's `Positions.word_values` and `FieldType.spellable_words`
give them. `one_pass_for` says whether a field's analyzer is exactly one this reproduces (the
StemmingAnalyzer, with or without the folding; else: Whoosh's own path).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from whoosh import formats
from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.tokenizers import default_pattern


def _accent_folding() -> dict[int, str]:
    """Each accented lower-case Latin letter (Latin-1 to Latin Extended Additional) to its letter without the
    marks, when it decomposes to one ASCII letter and combining marks; and the few with a stroke that do not.
    Lower-case only: the analysis folds after lower-casing."""
    table = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        parts = unicodedata.normalize("NFD", chr(code))
        base, marks = parts[0], parts[1:]
        if base.isascii() and base.islower() and marks and all(unicodedata.combining(mark) for mark in marks):
            table[code] = base
    table.update({ord(letter): plain for letter, plain in {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i"}.items()})
    # Lower-casing the Turkish "İ" leaves "i" and a combining dot above: the dot goes ("İstanbul" is "istanbul").
    table[0x0307] = ""
    # Greek letters' accents and breathings ("Ελλάδα" is "ελλαδα", as it is written in capitals), and the final sigma
    # as any other; Russian "ё", printed "е" as often as not ("Фёдор", "Федор").
    for code in [*range(0x0386, 0x03D0), *range(0x1F00, 0x2000)]:
        parts = unicodedata.normalize("NFD", chr(code))
        base, marks = parts[0], parts[1:]
        if "GREEK SMALL LETTER" in unicodedata.name(base, "") and marks and all(map(unicodedata.combining, marks)):
            table[code] = base
    table.update({ord("ς"): "σ", ord("ё"): "е"})
    # Arabic's stretching tatweel, and the hamza forms of alef, often written bare ("أوبك", "اوبك"). (Its vowel marks
    # are not letters to the tokenizer, which splits a word at them: a query drops them, `query.parse_query`.)
    table[0x0640] = ""
    table.update({ord(alef): "ا" for alef in "أإآٱ"})
    return table


ACCENT_FOLDING: dict[int, str] = _accent_folding()


def fold(text: str) -> str:
    """Lower-cased `text` with its letters' accents folded (as the index reads it); the same length, but for the
    dot above that lower-casing "İ" leaves and Arabic's tatweel (the highlighter then checks each word)."""
    return text if text.isascii() else text.translate(ACCENT_FOLDING)


def text_analyzer() -> CompositeAnalyzer:
    """The text fields' analyzer: Whoosh's StemmingAnalyzer with the accents folded after lower-casing, and words of
    one letter or digit kept (StemmingAnalyzer drops them: "1 billion dlrs" found every "billion dlrs", "15" ones
    too, and "G-7" or "Plan B" nothing, as if "the" had been typed)."""
    return (
        RegexTokenizer(expression=default_pattern)
        | LowercaseFilter()
        | CharsetFilter(ACCENT_FOLDING)
        | StopFilter(minsize=1)
        | StemFilter(cachesize=50000)
    )


# The same matches as Whoosh's default pattern (r"\w+(\.?\w+)*"), without the capturing group,
# so that findall returns the whole matches.
_TOKENS = re.compile(r"\w+(?:\.?\w+)*", default_pattern.flags)
_CACHE_LIMIT = 500_000  # distinct raw tokens remembered per process (then the cache starts again)

# (terms: [(term, frequency, weight, encoded positions)] in first-occurrence order, spelling words sorted)
Analysed = tuple[list[tuple[str, int, float, bytes]], list[str]]


class OnePass:
    """Indexing analysis for a TEXT field with the default StemmingAnalyzer and Positions format."""

    def __init__(
        self,
        stoplist: frozenset,
        minsize: int,
        maxsize: int | None,
        stem: Callable[[str], str],
        charmap: dict[int, str] | None = None,
    ) -> None:
        self.stoplist, self.minsize, self.maxsize, self.stem, self.charmap = stoplist, minsize, maxsize, stem, charmap
        self._words: dict[str, tuple[str, str] | None] = {}  # raw token -> (lowercased, stemmed) or None (a stop)

    def _word(self, raw: str) -> tuple[str, str] | None:
        text = raw.lower()
        if self.charmap is not None and not text.isascii():
            text = text.translate(self.charmap)
        if len(text) < self.minsize or (self.maxsize is not None and len(text) > self.maxsize) or text in self.stoplist:
            found = None
        else:
            found = (text, self.stem(text))
        if len(self._words) >= _CACHE_LIMIT:
            self._words.clear()
        self._words[raw] = found
        return found

    def __call__(self, value: str, field_boost: float, encode: Callable[[list[int]], bytes]) -> Analysed:
        words = self._words
        lookup = self._word
        positions: dict[str, list[int]] = {}
        spelling: set[str] = set()
        pos = None
        for index, raw in enumerate(_TOKENS.findall(value)):
            word = words[raw] if raw in words else lookup(raw)
            if word is None:
                continue
            # StopFilter(renumber=True): the first kept token keeps its position, the next count on.
            pos = index if pos is None else pos + 1
            spelling.add(word[0])
            found = positions.get(word[1])
            if found is None:
                positions[word[1]] = [pos]
            else:
                found.append(pos)
        terms = []
        for term, poslist in positions.items():
            # Positions.word_values sums a boost of 1.0 per token (exactly the count, as a float),
            # then multiplies by the field boost.
            terms.append((term, len(poslist), float(len(poslist)) * field_boost, encode(poslist)))
        return terms, sorted(spelling)


def one_pass_for(field) -> OnePass | None:
    """An `OnePass` equivalent to this field's indexing analysis, or None when it has another one."""
    analyzer = getattr(field, "analyzer", None)
    if type(getattr(field, "format", None)) is not formats.Positions or type(analyzer) is not CompositeAnalyzer:
        return None
    items = list(analyzer.items)
    charmap = None
    if len(items) == 5 and type(items[2]) is CharsetFilter:
        charmap = items.pop(2).charmap
    if [type(item) for item in items] != [RegexTokenizer, LowercaseFilter, StopFilter, StemFilter]:
        return None
    tokenizer, _, stops, stemmer = items
    if tokenizer.gaps or tokenizer.expression.pattern != default_pattern.pattern:
        return None
    if tokenizer.expression.flags != default_pattern.flags or not stops.renumber or stemmer.ignore:
        return None
    return OnePass(stops.stops, stops.min, stops.max, stemmer._stem, charmap)

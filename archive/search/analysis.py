"""Whoosh's StemmingAnalyzer for indexing, in one pass and without its per-token generator chain.

Whoosh indexes a TEXT field by running its analyzer (tokenizer | lowercase | stop | stem, one
generator per filter and one method call per token) and then runs it a second time without the
stemmer for the spelling word list. `one_pass` returns both from one tokenisation, with the same
terms, frequencies, weights, encoded positions and spelling words, in the same order as Whoosh's
`Positions.word_values` and `FieldType.spellable_words` give them. `one_pass_for` says whether a
field's analyzer is exactly the default StemmingAnalyzer this reproduces (else: Whoosh's own path).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import formats
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.tokenizers import default_pattern

# The same matches as Whoosh's default pattern (r"\w+(\.?\w+)*"), without the capturing group,
# so that findall returns the whole matches.
_TOKENS = re.compile(r"\w+(?:\.?\w+)*", default_pattern.flags)
_CACHE_LIMIT = 500_000  # distinct raw tokens remembered per process (then the cache starts again)

# (terms: [(term, frequency, weight, encoded positions)] in first-occurrence order, spelling words sorted)
Analysed = tuple[list[tuple[str, int, float, bytes]], list[str]]


class OnePass:
    """Indexing analysis for a TEXT field with the default StemmingAnalyzer and Positions format."""

    def __init__(self, stoplist: frozenset, minsize: int, maxsize: int | None, stem: Callable[[str], str]) -> None:
        self.stoplist, self.minsize, self.maxsize, self.stem = stoplist, minsize, maxsize, stem
        self._words: dict[str, tuple[str, str] | None] = {}  # raw token -> (lowercased, stemmed) or None (a stop)

    def _word(self, raw: str) -> tuple[str, str] | None:
        text = raw.lower()
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
    items = analyzer.items
    if [type(item) for item in items] != [RegexTokenizer, LowercaseFilter, StopFilter, StemFilter]:
        return None
    tokenizer, _, stops, stemmer = items
    if tokenizer.gaps or tokenizer.expression.pattern != default_pattern.pattern:
        return None
    if tokenizer.expression.flags != default_pattern.flags or not stops.renumber or stemmer.ignore:
        return None
    return OnePass(stops.stops, stops.min, stops.max, stemmer._stem)

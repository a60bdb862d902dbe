"""How good “did you mean” is on the current archive (`manage.py evaluate_suggestions`).

From the archive's most frequent words (letters only: numbers, and tokens with digits, dots or
apostrophes such as "1986", "4th", "u.s", are left out; stop words are not in the vocabulary at
all; words under `MIN_LENGTH` letters, which are never corrected, are left out), one misspelling
with one edit and one with two edits is made per word: deletion, insertion, substitution or
transposition of adjacent letters, chosen at random (seeded). A misspelling that is itself an
archive word, or whose distance to the word is not exactly the number of edits made (two edits
can undo each other), is drawn again; so is one whose search finds enough articles for no
suggestion to be offered (`SUGGEST_BELOW`: "asid" finds the 48 articles with "aside", whose stem
it is). Each is searched as a user would (the search service, fast path) and counts as restored
when the suggestion is the word. Then random strings of letters at
edit distance 3 or more from every archive word are searched: they should get no suggestion. Last, one
word spelt as heard per frequent word (`respellings`: a c for a k, an f for a ph, a z for an s, a letter
doubled or undoubled, ...), the slip typed names are most prone to, drawn with a generator of its own so that
the other draws stay what they were.
"""

from __future__ import annotations

import random
import re
import string
import time
from dataclasses import dataclass, field

import numpy as np

from archive.search.service import SUGGEST_BELOW
from archive.search.spelling import MIN_LENGTH, Vocabulary, correct_query, osa_distances, snapshot_vocabulary

EDITS = ("deletion", "insertion", "substitution", "transposition")
# One spelling of a sound for another, as a word heard is typed: "korp", "ekonomy", "billyon", "reuterz".
SOUND_SWAPS = (
    ("c", "k"),
    ("k", "c"),
    ("ph", "f"),
    ("f", "ph"),
    ("y", "i"),
    ("i", "y"),
    ("s", "z"),
    ("z", "s"),
    ("ck", "k"),
    ("x", "ks"),
)
LETTERS = string.ascii_lowercase


@dataclass
class Trial:
    typed: str
    wanted: str  # "" for a non-word: no suggestion wanted
    suggestion: str
    count: int

    @property
    def right(self) -> bool:
        return self.suggestion.lower() == self.wanted


@dataclass
class SuggestionReport:
    words: list[str]
    left_out: dict[str, int]
    one_edit: list[Trial] = field(default_factory=list)
    two_edits: list[Trial] = field(default_factory=list)
    non_words: list[Trial] = field(default_factory=list)
    sound_alike: list[Trial] = field(default_factory=list)
    found_enough: list[str] = field(default_factory=list)  # misspellings drawn again: their search found enough
    correction_wall_ms: list[float] = field(default_factory=list)  # correct_query alone, per misspelled search
    correction_cpu_ms: list[float] = field(default_factory=list)
    search_wall_ms: list[float] = field(default_factory=list)  # the whole search, suggestion included
    search_cpu_ms: list[float] = field(default_factory=list)
    articles: int = 0
    vocabulary: int = 0

    @staticmethod
    def share(trials: list[Trial]) -> float:
        return sum(t.right for t in trials) / len(trials) if trials else 0.0


def edit(word: str, kind: str, rng: random.Random) -> str:
    """`word` with one edit of the given kind at a random place."""
    if kind == "deletion" and len(word) > 1:
        at = rng.randrange(len(word))
        return word[:at] + word[at + 1 :]
    if kind == "insertion":
        at = rng.randrange(len(word) + 1)
        return word[:at] + rng.choice(LETTERS) + word[at:]
    if kind == "substitution":
        at = rng.randrange(len(word))
        return word[:at] + rng.choice(LETTERS.replace(word[at], "")) + word[at + 1 :]
    if kind == "transposition" and len(word) > 1:
        at = rng.randrange(len(word) - 1)
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word


def distance(a: str, b: str, limit: int = 3) -> int:
    return int(osa_distances(np.array([a]), b, limit)[0])


def misspellings(word: str, edits: int, vocabulary: Vocabulary, rng: random.Random, attempts: int = 200):
    """Non-words exactly `edits` edits from `word`, drawn at random (up to `attempts` draws)."""
    for _ in range(attempts):
        typed = word
        for _ in range(edits):
            typed = edit(typed, rng.choice(EDITS), rng)
        if typed and not vocabulary.count(typed) and distance(typed, word) == edits:
            yield typed


def respellings(word: str) -> list[str]:
    """`word` spelt as heard, one change each: a sound's other spelling, a doubled letter single, a consonant
    inside the word doubled."""
    found = [word[: m.start()] + new + word[m.end() :] for old, new in SOUND_SWAPS for m in re.finditer(old, word)]
    found += [word[: m.start()] + word[m.start() + 1 :] for m in re.finditer(r"(.)\1", word)]
    found += [
        word[: at + 1] + word[at:]
        for at in range(1, len(word) - 1)
        if word[at] in "bdfglmnprst" and word[at] not in (word[at - 1], word[at + 1])  # not a third
    ]
    return [typed for typed in dict.fromkeys(found) if typed != word]


def far_from_every_word(vocabulary: Vocabulary, rng: random.Random, how_many: int) -> list[str]:
    """Random lower-case strings (4 to 10 letters) at edit distance 3 or more from every archive word."""
    lengths = np.char.str_len(vocabulary.words) if len(vocabulary) else np.zeros(0, dtype=np.int64)
    found: list[str] = []
    while len(found) < how_many:
        text = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 10)))
        near = vocabulary.words[np.abs(lengths - len(text)) <= 2]
        if text not in found and not (osa_distances(near, text, 2) <= 2).any():
            found.append(text)
    return found


def frequent_words(vocabulary: Vocabulary, how_many: int) -> tuple[list[str], dict[str, int]]:
    """The `how_many` most frequent words made of letters only and at least MIN_LENGTH long."""
    left_out = {"numbers and tokens with digits, dots or apostrophes": 0, f"under {MIN_LENGTH} letters": 0}
    chosen: list[str] = []
    for at in np.argsort(-vocabulary.counts, kind="stable"):
        word = str(vocabulary.words[at])
        if not word.isalpha():
            left_out["numbers and tokens with digits, dots or apostrophes"] += 1
        elif len(word) < MIN_LENGTH:
            left_out[f"under {MIN_LENGTH} letters"] += 1
        else:
            chosen.append(word)
            if len(chosen) == how_many:
                break
    return chosen, left_out


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def evaluate_suggestions(*, words: int = 200, non_words: int = 200, seed: int = 18, resolvers=None) -> SuggestionReport:
    """Misspell the archive's frequent words, search them, and count the suggestions that restore them."""
    from archive.search import faults, reader
    from archive.search.service import search
    from archive.search.snapshot import current
    from archive.search.types import SearchParams

    try:
        reader.schema()  # sets up the backend (and an empty live index on a new data dir), as search() does
        snap = current()
    except faults.READ_ERRORS as error:
        raise faults.IndexUnavailable(faults.describe(error)) from error
    vocabulary = snapshot_vocabulary(snap)
    rng = random.Random(seed)
    chosen, left_out = frequent_words(vocabulary, words)
    report = SuggestionReport(chosen, left_out, articles=snap.doc_count, vocabulary=len(vocabulary))

    def run(typed: str, wanted: str, into: list[Trial]) -> bool:
        """Search `typed`; a trial only when it finds too little for a suggestion to be offered."""
        result, wall, cpu = _timed(lambda: search(SearchParams(q=typed), resolvers=resolvers))
        if wanted and result.count >= SUGGEST_BELOW:
            report.found_enough.append(typed)
            return False
        _, fix_wall, fix_cpu = _timed(lambda: correct_query(typed, vocabulary))
        report.search_wall_ms.append(wall)
        report.search_cpu_ms.append(cpu)
        report.correction_wall_ms.append(fix_wall)
        report.correction_cpu_ms.append(fix_cpu)
        into.append(Trial(typed, wanted, result.suggestion, result.count))
        return True

    for word in chosen:
        for edits, into in ((1, report.one_edit), (2, report.two_edits)):
            for typed in misspellings(word, edits, vocabulary, rng):
                if run(typed, word, into):
                    break
    for text in far_from_every_word(vocabulary, rng, non_words):
        run(text, "", report.non_words)
    heard = random.Random(seed)
    for word in chosen:
        typed = [t for t in respellings(word) if not vocabulary.count(t)]
        heard.shuffle(typed)
        for candidate in typed:
            if run(candidate, word, report.sound_alike):
                break
    return report

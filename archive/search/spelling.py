"""“Did you mean …”: a correction only when it is likely, weighed by edit distance and by how often
the word occurs in the archive.

The vocabulary is the index's spelling field (`spell_text`: every unstemmed word of the text, stop
words aside), with the number of articles each word occurs in, which Whoosh keeps as the term's
weight (one posting of weight 1 per article). It is read once per segment, straight from the
segment's term table, and merged once per snapshot; a generation that starts with the segments of an
earlier one whose vocabulary was merged (an edit adds a small segment) extends that one instead.

For each word of the query that may be corrected (not a field name, an operator, a prefix*, a
value of country:/org:/source:, a number, a stop word or a word under 3 letters), the candidates
are the archive's words within `max_edits` (restricted Damerau-Levenshtein: a transposition counts
one), ranked by `count × EDIT_PENALTY ** edits` (count capped at COMMON_SHARE of the articles;
doubled when the typed word only lacks letters of the candidate): each edit must be paid for by a
word `1 / EDIT_PENALTY` times more common. Where an unknown typed word sounds as the candidate is
spelt (the same `sound_key`: "opek" and "OPEC", "kofee" and "coffee") its edits count SOUND_ALIKE:
names are often typed as heard, and "opek" was "open" (307 articles) before "OPEC" (81). Words of up
to `SHORT_WORD` letters get one edit, longer ones two; a two-edit candidate must occur in
`TWO_EDIT_COUNT` articles unless the typed word has `LONG_WORD` letters. A word the archive knows
is kept unless a one-edit neighbour outranks it; an unknown word is replaced by the best candidate,
if there is one. The service offers the corrected query only when the typed one finds fewer than
`SUGGEST_BELOW` articles (3: fewer is not "enough") and the corrected one finds more.
"""

from __future__ import annotations

import re
import struct
import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from whoosh.analysis import STOP_WORDS

from archive.search.analysis import fold
from archive.search.syntax import FIELD_ALIASES

SPELLING_FIELD = "spell_text"  # Whoosh's separate spelling field of the stemmed `text` field
SHORT_WORD = 3  # words up to this length get one edit; longer words two
MAX_EDITS = 2
MIN_LENGTH = 3  # shorter words are left alone: too many neighbours to guess from
EDIT_PENALTY = 0.01  # an edit costs a factor of 100 in how common the word must be
OMISSION = 2.0  # a typed word that only lacks letters (the commonest slip) scores this much better
SOUND_ALIKE = 0.75  # an unknown word that sounds as the candidate is spelt: its edits count this much
TWO_EDIT_COUNT = 100  # a two-edit correction must occur in this many articles (score >= EDIT_PENALTY) ...
LONG_WORD = 8  # ... unless the typed word is this long: two edits in 8 letters still leave it recognisable
# Beyond a tenth of the articles a word is no likelier to be meant: without this cap, the source
# name in every article ("reuters") would outrank every rarer one-edit neighbour ("Yeuter").
COMMON_SHARE = 0.1
_BINS = 27  # letter histograms: a-z and "anything else"
# The values of these fields are codes and names looked up as a whole, not words: never corrected. A title's and
# a byline's words are words of the archive like any other ("author:Mankowsky" -> "author:Mankowski").
EXACT_FIELDS = {alias for alias, field in FIELD_ALIASES.items() if field not in ("title", "author")}
OPERATORS = {"AND", "OR", "NOT"}

_lock = threading.Lock()
_WEIGHT = struct.Struct("!f")  # a W3 TermInfo's bytes: flags (B), then the weight (f)


@dataclass(frozen=True)
class Vocabulary:
    """The archive's words (sorted, unique) and the number of articles each occurs in."""

    words: np.ndarray  # numpy unicode array
    counts: np.ndarray  # int64
    articles: int = 0  # documents in the index (for COMMON_SHARE)

    @classmethod
    def merged(cls, parts: list[tuple[np.ndarray, np.ndarray]], articles: int) -> Vocabulary:
        parts = [(w, c) for w, c in parts if len(w)]
        if not parts:
            return cls(np.zeros(0, dtype="<U1"), np.zeros(0, dtype=np.int64), articles)
        if len(parts) == 1:
            return cls(*parts[0], articles)
        words, inverse = np.unique(np.concatenate([w for w, _ in parts]), return_inverse=True)
        counts = np.bincount(inverse, weights=np.concatenate([c for _, c in parts]), minlength=len(words))
        return cls(words, counts.astype(np.int64), articles)

    def extended(self, parts: list[tuple[np.ndarray, np.ndarray]], articles: int) -> Vocabulary:
        """This vocabulary with more segments' words: what `merged` gives for all of them, without sorting the
        whole vocabulary again (a new generation adds a few small segments to those of the one before)."""
        added = Vocabulary.merged(parts, articles)
        words, counts = self.words, self.counts
        at = np.searchsorted(words, added.words)
        known = at < len(words)
        known[known] = words[at[known]] == added.words[known]
        if known.any():
            counts = counts.copy()
            counts[at[known]] += added.counts[known]
        new = ~known
        if not new.any():  # the same words: what was derived from them stays
            extended = Vocabulary(words, counts, articles)
            extended.__dict__.update({k: v for k, v in self.__dict__.items() if k in ("letters", "lengths")})
            return extended
        if added.words.dtype.itemsize > words.dtype.itemsize:  # a longer word: wider strings, or it is cut
            words = words.astype(added.words.dtype)
        extended = Vocabulary(
            np.insert(words, at[new], added.words[new]), np.insert(counts, at[new], added.counts[new]), articles
        )
        if "letters" in self.__dict__:  # the histograms already made are kept; the new words' are added
            extended.__dict__["letters"] = np.insert(self.letters, at[new], _histograms(added.words[new]), axis=0)
        return extended

    @cached_property
    def lengths(self) -> np.ndarray:
        return np.char.str_len(self.words) if len(self.words) else np.zeros(0, dtype=np.int64)

    @cached_property
    def letters(self) -> np.ndarray:
        """Each word's letter histogram (a-z, other), for a cheap bound on the edit distance."""
        return _histograms(self.words)

    def count(self, word: str) -> int:
        at = int(np.searchsorted(self.words, word))
        return int(self.counts[at]) if at < len(self.words) and self.words[at] == word else 0

    def __len__(self) -> int:
        return len(self.words)


def _histograms(words: np.ndarray) -> np.ndarray:
    count = len(words)
    width = words.dtype.itemsize // 4
    if not count or not width:
        return np.zeros((count, _BINS), dtype=np.int16)
    codes = words.view(np.uint32).reshape(count, width).astype(np.int64)
    bins = np.where((codes >= 97) & (codes <= 122), codes - 97, _BINS - 1)
    rows = np.repeat(np.arange(count, dtype=np.int64), width)
    used = codes.ravel() != 0  # numpy pads shorter words with NUL
    flat = np.bincount(rows[used] * _BINS + bins.ravel()[used], minlength=count * _BINS)
    return flat.reshape(count, _BINS).astype(np.int16)


def read_vocabulary(segment_reader, fieldname: str = SPELLING_FIELD) -> tuple[np.ndarray, np.ndarray]:
    """One segment's words of a spelling field and their article counts."""
    from archive.search import postings

    words: list[str] = []
    counts: list[float] = []
    if postings.supported(segment_reader):
        # The term table's raw records: the weight without unpickling each term's inlined postings.
        terms = segment_reader._terms
        start = terms._keycoder(fieldname, b"")
        for key, value in terms._tindex.items_from(start):
            if key[:2] != start:
                break
            words.append(key[2:].decode("utf-8"))
            counts.append(_WEIGHT.unpack_from(value, 1)[0])
    elif fieldname in segment_reader.schema:
        for btext, info in segment_reader.iter_field(fieldname):
            words.append(btext.decode("utf-8"))
            counts.append(info.weight())
    if not words:
        return np.zeros(0, dtype="<U1"), np.zeros(0, dtype=np.int64)
    return np.array(words, dtype=str), np.rint(np.array(counts)).astype(np.int64)


def snapshot_vocabulary(snapshot) -> Vocabulary:
    """The snapshot's vocabulary, merged once from its segments' (each read once), or extended from the
    vocabulary of an earlier generation whose segments this one starts with."""
    found = snapshot.spelling_words.get(SPELLING_FIELD)
    if found is None:
        with _lock:
            found = snapshot.spelling_words.get(SPELLING_FIELD)
            if found is None:
                # The vocabulary of the leading segments this generation shares with an earlier one, if made.
                kept, count = snapshot.kept_words.get(SPELLING_FIELD, (None, 0))
                parts = [segment.vocabulary(SPELLING_FIELD) for segment in snapshot.segments[count:]]
                if kept is None:
                    found = Vocabulary.merged(parts, snapshot.doc_count)
                else:
                    found = kept.extended(parts, snapshot.doc_count)
                snapshot.spelling_words[SPELLING_FIELD] = found
    return found


def reader_vocabulary(reader) -> Vocabulary:
    """The same vocabulary from a Whoosh reader (the fallback path: read on every call)."""
    return Vocabulary.merged([read_vocabulary(leaf) for leaf, _ in reader.leaf_readers()], reader.doc_count())


def osa_distances(words: np.ndarray, text: str, limit: int) -> np.ndarray:
    """Restricted Damerau-Levenshtein distance from each word to `text` (values above `limit`
    come back as `limit + 1`), the distance `whoosh.support.levenshtein.damerau_levenshtein` computes."""
    count = len(words)
    m = len(text)
    if not count:
        return np.zeros(0, dtype=np.int64)
    width = words.dtype.itemsize // 4
    codes = words.view(np.uint32).reshape(count, width) if width else np.zeros((count, 0), np.uint32)
    lengths = np.char.str_len(words)
    target = np.array([ord(c) for c in text], dtype=np.uint32)
    result = np.full(count, limit + 1, dtype=np.int64)
    result[lengths == 0] = min(m, limit + 1)
    previous = np.tile(np.arange(m + 1, dtype=np.int64), (count, 1))
    before = None
    alive = np.arange(count)
    for i in range(1, width + 1):
        if not len(alive):
            break
        a = codes[alive, i - 1]
        current = np.empty((len(alive), m + 1), dtype=np.int64)
        current[:, 0] = i
        for j in range(1, m + 1):
            best = np.minimum(previous[:, j] + 1, current[:, j - 1] + 1)
            best = np.minimum(best, previous[:, j - 1] + (a != target[j - 1]))
            if i > 1 and j > 1:
                swap = (a == target[j - 2]) & (codes[alive, i - 2] == target[j - 1]) & (a != target[j - 1])
                best = np.where(swap, np.minimum(best, before[:, j - 2] + 1), best)
            current[:, j] = best
        done = lengths[alive] == i
        result[alive[done]] = np.minimum(current[done, m], limit + 1)
        # A row's minimum never falls: a word whose whole row is past the limit cannot come back.
        keep = ~done & (current.min(axis=1) <= limit)
        alive, before, previous = alive[keep], previous[keep], current[keep]
    return result


def max_edits(word: str) -> int:
    return 1 if len(word) <= SHORT_WORD else MAX_EDITS


def correctable(word: str) -> bool:
    """A word we may correct: letters only, long enough, not an operator or a stop word."""
    return len(word) >= MIN_LENGTH and word.isalpha() and word not in OPERATORS and word.lower() not in STOP_WORDS


# Spellings of one sound, in order: "ph" before "c", a soft "c" (before e, i, y) before a hard one.
_SOUNDS = (
    (re.compile("ph"), "f"),
    (re.compile("ck"), "k"),
    (re.compile("c(?=[eiy])"), "s"),
    (re.compile("[cq]"), "k"),
    (re.compile("z"), "s"),
    (re.compile("x"), "ks"),
    (re.compile("y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: "coffee" and "cofee" sound alike
)


def sound_key(word: str) -> str:
    """`word` (lower case) with the spellings of one sound made one: words with the same key sound alike."""
    for spelling, sound in _SOUNDS:
        word = spelling.sub(sound, word)
    return word


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


def correct_word(vocabulary: Vocabulary, word: str) -> str | None:
    """The likeliest word the user meant (lower-case, its accents folded as the index's words are), or None to
    keep the word as typed."""
    text = fold(word.lower())  # "müler" is "muler" to a word list of folded words: one edit from "muller"
    if not correctable(word) or not len(vocabulary):
        return None
    own = vocabulary.count(text)
    # A known word gives way only to a far more common one-edit neighbour.
    limit = 1 if own else max_edits(text)
    # Cheap bounds first: the distance is at least the length difference, and an edit changes the
    # letter histogram by at most 2.
    near = np.abs(vocabulary.lengths - len(text)) <= limit
    own_letters = _histograms(np.array([text]))[0]
    near[near] = np.abs(vocabulary.letters[near] - own_letters).sum(axis=1) <= 2 * limit
    near = np.flatnonzero(near)
    distances = osa_distances(vocabulary.words[near], text, limit)
    close = (distances <= limit) & (distances > 0)
    if not close.any():
        return None
    candidates, distances = near[close], distances[close]
    counts = vocabulary.counts[candidates]
    common = max(1, int(COMMON_SHARE * vocabulary.articles))
    words = [str(w) for w in vocabulary.words[candidates]]
    edits = distances.astype(float)
    if not own:  # a known word gives way only as before: to a far more common one-edit neighbour
        sound = sound_key(text)
        edits = np.where([sound_key(w) == sound for w in words], edits * SOUND_ALIKE, edits)
    scores = np.minimum(counts, common) * EDIT_PENALTY**edits
    omissions = np.array([_is_subsequence(text, w) for w in words])
    scores = np.where(omissions, scores * OMISSION, scores)
    # Likely enough: two edits need a common word, unless the typed word is long.
    if len(text) < LONG_WORD:
        scores = np.where((edits >= 2) & (counts < TWO_EDIT_COUNT), 0.0, scores)
    # Best score; ties go to the fewer edits, then the more common word, then the first in order.
    order = np.lexsort((candidates, -counts, distances, -scores))
    best = int(order[0])
    if scores[best] <= 0 or (own and scores[best] <= min(own, common)):
        return None
    return str(vocabulary.words[candidates[best]])


def _as_typed(word: str, typed: str) -> str:
    """The correction in the case the user typed: "Reagn" -> "Reagan", "OPCE" -> "OPEC"."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_TOKEN = re.compile(r"(?P<field>\b[A-Za-z_]+:)|(?P<word>\w+(?:[.'’]\w+)*)(?P<star>\*)?")
_VALUE = re.compile(r'"[^"]*"|\([^)]*\)|[^\s()]+')


def correct_query(text: str, vocabulary: Vocabulary) -> str:
    """`text` (a query in the user's syntax) with its likely misspellings corrected; field names,
    operators, prefixes and the values of exact fields are left as typed."""
    pieces: list[str] = []
    last = 0
    skip_until = -1
    for match in _TOKEN.finditer(text):
        if match.start() < skip_until:
            continue
        if match.group("field"):
            if match.group("field")[:-1].lower() in EXACT_FIELDS:
                value = _VALUE.match(text, match.end())
                skip_until = value.end() if value else match.end()
            continue
        if match.group("star"):
            continue
        typed = match.group("word")
        corrected = correct_word(vocabulary, typed)
        if corrected is None:
            continue
        pieces.append(text[last : match.start()])
        pieces.append(_as_typed(corrected, typed))
        last = match.end("word")
    pieces.append(text[last:])
    return "".join(pieces)

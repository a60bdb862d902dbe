"""Bodies to MinHash signatures and LSH bands: pure functions, no database.

Shingles are runs of K words of the normalised body (NFC, casefolded, punctuation dropped), so a
copy that differs by a dateline, an outlet's name or a last paragraph shares most of them, and two
stories on one subject (same words, other sentences) share few. Numbers are words: two earnings
tables of different companies differ in their shingles even where their words are the same.

Each word is hashed once (crc32, cached: the vocabulary is small) and a shingle's hash is a mix of
its words' hashes made with numpy; datasketch's MinHash arithmetic (scheme affine32, which avalanches its
input first, so a simple combination is safe; its permutations, applied in numpy here) turns the shingle
hashes into the signature. The signature
is cut into BANDS bands of ROWS values; each band's bytes hash to a signed 64-bit bucket.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

K = 3  # words per shingle
NUM_PERM = 64
BANDS, ROWS = 16, 4  # 16 x 4 = 64: pairs above ~0.5 shingle Jaccard become candidates (see `candidate_probability`)
THRESHOLD = 0.5  # estimated shingle Jaccard from which two articles are copies
# Shorter bodies are fingerprinted but never grouped: "Qtly div eight cts vs eight cts prior Pay May 11"
# is every company's dividend notice; at this length a copy cannot be told from a form letter.
MIN_WORDS = 30
SCHEME = "affine32"
SEED = 1  # fixed: signatures are stored, every process must make the same ones

_WORD = re.compile(r"\w+")
_MIX = np.array(  # one odd multiplier per position (K <= 6)
    [0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646D], dtype=np.uint32
)


def words(body: str) -> list[str]:
    """The body's words: NFC, casefolded, without punctuation."""
    return _WORD.findall(unicodedata.normalize("NFC", body).casefold())


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def shingle_hashes(tokens: list[str]) -> np.ndarray:
    """A 32-bit hash per K-word shingle of these words (fewer than K words make one shingle)."""
    hashes = np.fromiter((_word_hash(w) for w in tokens), dtype=np.uint32, count=len(tokens))
    if len(hashes) == 0:
        return hashes
    if len(hashes) < K:
        hashes = np.concatenate([hashes, np.zeros(K - len(hashes), dtype=np.uint32)])
    count = len(hashes) - K + 1
    mixed = np.zeros(count, dtype=np.uint32)
    for position in range(K):
        # uint32 wraps around: a multiply-and-xor mix, then rotated so "a b" and "b a" differ
        mixed = (mixed << np.uint32(7)) | (mixed >> np.uint32(25))
        mixed ^= hashes[position : position + count] * _MIX[position]
    return np.unique(mixed)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(body: str) -> np.ndarray:
    """The body's MinHash values (NUM_PERM uint64s); an empty body has the empty MinHash's maxima."""
    return fingerprint(body)[0]


# MurmurHash3's 32-bit finalizer, as datasketch's affine32 scheme applies it before its permutations.
_FMIX32 = tuple(np.uint32(c) for c in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def minhash_values(hashes: np.ndarray) -> np.ndarray:
    """datasketch's affine32 `MinHash.update_batch` on these uint32 shingle hashes, in numpy alone.

    The same arithmetic on the same permutations (tests/copies/test_signatures.py checks the values are
    equal), without its round trip through a Python list and int() per shingle: a third of a lookup's CPU.
    """
    if not len(hashes):
        return _EMPTY.astype(np.uint64)
    a, b = _permutations()
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hashes.astype(np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    return np.minimum(_EMPTY, (hv * a + b).min(axis=0)).astype(np.uint64)


def fingerprint(body: str) -> tuple[np.ndarray, bool]:
    """The body's signature, and whether it is long enough to be grouped (the words are found once)."""
    tokens = words(body)
    return minhash_values(shingle_hashes(tokens)), len(tokens) >= MIN_WORDS


def datasketch_fingerprint(body: str) -> np.ndarray:
    """The signature as datasketch's own MinHash makes it (the reference `minhash_values` is checked against)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations(), hashfunc=int)
    hashes = shingle_hashes(words(body))
    if len(hashes):
        minhash.update_batch(hashes.tolist())
    return minhash.hashvalues.astype(np.uint64)


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u8")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard of two signatures: the share of equal values."""
    return float(np.count_nonzero(a == b)) / len(a)


def groupable(body: str) -> bool:
    return len(words(body)) >= MIN_WORDS


def buckets(values: np.ndarray) -> list[tuple[int, int]]:
    """(band, bucket) per band: a signed 64-bit hash of the band's values (fits a BigIntegerField)."""
    data = values.astype("<u8").tobytes()
    width = ROWS * 8
    result = []
    for band in range(BANDS):
        digest = hashlib.blake2b(data[band * width : (band + 1) * width], digest_size=8).digest()
        result.append((band, int.from_bytes(digest, "little", signed=True)))
    return result


def candidate_probability(jaccard: float) -> float:
    """The chance that two articles with this shingle Jaccard share at least one bucket."""
    return 1 - (1 - jaccard**ROWS) ** BANDS


def word_jaccard(a: str, b: str) -> float:
    """Jaccard of the two bodies' word sets (the recall reference of `evaluate_copies`)."""
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / len(wa | wb) if wa or wb else 1.0


_NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
)


def _figures(tokens: list[str]) -> dict[tuple[str, str], set[str]]:
    """The figures of a body by the two words before them: ("arrange", "two") -> {"billion"} is not one; ("at", "6")."""
    found: dict[tuple[str, str], set[str]] = {}
    for i in range(2, len(tokens)):
        token = tokens[i]
        if token.isdigit() or token in _NUMBER_WORDS:
            found.setdefault((tokens[i - 2], tokens[i - 1]), set()).add(token)
    return found


def figures(body: str) -> dict[tuple[str, str], set[str]]:
    """The body's figures by the two words before them (for `clash`; made once per body in a batch)."""
    return _figures(words(body))


def clash(fa: dict[tuple[str, str], set[str]], fb: dict[tuple[str, str], set[str]]) -> bool:
    """Whether the same two words lead to different figures in the two bodies (see `figures_conflict`)."""
    return any(fb[context].isdisjoint(values) for context, values in fa.items() if context in fb)


def figures_conflict(a: str, b: str) -> bool:
    """Whether the same words lead to different figures in the two bodies.

    Near-identical bodies with other figures are a recurring report (this week's jobless claims, today's
    Fed operation), not copies of one story; a copy that adds or drops a paragraph has no such clash.
    """
    return clash(figures(a), figures(b))

"""Sparse sets of one segment, and the orders in which Whoosh combines them.

A result in one segment is (docs, scores): ascending local doc numbers of live documents, and
their scores (None when unscored). Sums are written `a + b` in Whoosh's operand order.
"""

from __future__ import annotations

import numpy as np

NO_DOCS = np.zeros(0, dtype=np.int64)
NO_SCORES = np.zeros(0, dtype=np.float64)


def _through_arrays(looked_up: int, among: int, size: int) -> bool:
    """Whether finding `looked_up` documents among `among` (all below `size`) is cheaper through arrays of
    `size` than by a binary search each: ~20 ns a document in random reads, against ~3 ns an element for
    a pass over the `among` documents and the arrays."""
    return 20 * looked_up > 3 * among + size // 16


def members(docs: np.ndarray, within: np.ndarray, size: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(indexes into `docs`, indexes into `within`) of the documents in both (both ascending); with `size`
    (the documents are below it), through arrays when that is cheaper."""
    if not len(docs) or not len(within):
        return NO_DOCS, NO_DOCS
    if size and _through_arrays(len(docs), len(within), size):
        marked = np.zeros(size, dtype=bool)
        marked[within] = True
        in_docs = np.flatnonzero(marked[docs])
        position = np.empty(size, dtype=np.int32)  # read only where marked
        position[within] = np.arange(len(within), dtype=np.int32)
        return in_docs, position[docs[in_docs]]
    at = np.searchsorted(within, docs)
    at[at == len(within)] = 0
    hit = within[at] == docs
    return np.flatnonzero(hit), at[hit]


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of an ascending array, in order.

    Not `np.unique`: it sorts again, and since numpy 2.3 it collects the values in a hash set first, which
    took ~490 µs for 6,000 distinct doc numbers that this does in ~15.
    """
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def positions(docs: np.ndarray, parts: list[np.ndarray], size: int) -> list[np.ndarray]:
    """Where each part's documents stand in `docs` (ascending, holding every part's documents), by binary
    search or, for many documents, through one array of `size`."""
    if _through_arrays(sum(len(part) for part in parts), len(docs), size):
        position = np.empty(size, dtype=np.int32)  # read only at the documents of `docs`
        position[docs] = np.arange(len(docs), dtype=np.int32)
        return [position[part] for part in parts]
    return [np.searchsorted(docs, part) for part in parts]


def union_docs(a: np.ndarray, b: np.ndarray, size: int) -> np.ndarray:
    """The documents in either ascending array, ascending (as `np.union1d`, without its hash set)."""
    if len(a) + len(b) > size // 8:
        mask = np.zeros(size, dtype=bool)
        mask[a] = True
        mask[b] = True
        return np.flatnonzero(mask)
    both = np.concatenate((a, b))
    both.sort(kind="stable")  # two ascending runs: timsort merges them in one pass
    return distinct_sorted(both)


def binary_tree(values: list, combine):
    """Whoosh's `make_binary_tree`: halves, left then right."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return combine(binary_tree(values[:half], combine), binary_tree(values[half:], combine))

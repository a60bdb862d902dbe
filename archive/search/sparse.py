"""Sparse sets of one segment, and the orders in which Whoosh combines them.

A result in one segment is (docs, scores): ascending local doc numbers of live documents, and
their scores (None when unscored). Sums are written `a + b` in Whoosh's operand order.
"""

from __future__ import annotations

import numpy as np

NO_DOCS = np.zeros(0, dtype=np.int64)
NO_SCORES = np.zeros(0, dtype=np.float64)


def members(docs: np.ndarray, within: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indexes into `docs`, indexes into `within`) of the documents in both (both ascending)."""
    if not len(docs) or not len(within):
        return NO_DOCS, NO_DOCS
    at = np.searchsorted(within, docs)
    at[at == len(within)] = 0
    hit = within[at] == docs
    return np.flatnonzero(hit), at[hit]


def union_docs(a: np.ndarray, b: np.ndarray, size: int) -> np.ndarray:
    if len(a) + len(b) > size // 8:
        mask = np.zeros(size, dtype=bool)
        mask[a] = True
        mask[b] = True
        return np.flatnonzero(mask)
    return np.union1d(a, b)


def binary_tree(values: list, combine):
    """Whoosh's `make_binary_tree`: halves, left then right."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return combine(binary_tree(values[:half], combine), binary_tree(values[half:], combine))

"""One search row per copy group: the matching copies of a story collapse onto their representative.

An article with `copy_group` 0 (no known copy) is a row of its own. Among the articles of one group that
match the query and the filters, the representative is `archive.copies.representative`'s choice: the
earliest published (undated last), then the longest body, then the lowest id; the index holds that order
as `date_sort` and `copy_order` (indexes.py). A row ranks by relevance at its best-scoring member and by
date at its representative's date; the other matching members are its "other versions".

Vectorised for the fast path: the grouped documents are sorted once per snapshot generation by (group,
date, copy order); a search gathers its match mask in that order, so the first match of each run of equal
groups is the representative (no sort per search). The Whoosh path uses the same code on its reader's
columns, the portable path the same rule in Python (portable.py). Facet counts stay per article.

Whether there is grouping to do at all is decided once, by `rows_of`, for every path: with `versions=all`, or
no copy group among the matches (an archive without copies, a query that finds none), each path pages its
matches as they are and reads nothing for groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from whoosh import query as wq

from archive.dates import MAX_SORT_KEY

T = TypeVar("T")

# Articles in a copy group (0: no known copy), as a Whoosh query.
GROUPED = wq.NumericRange("copy_group", 1, None)


def rows_of(
    *, all_versions: bool, count_grouped: Callable[[], int], grouped: Callable[[int], T], ungrouped: Callable[[], T]
) -> T:
    """The grouping step every path shares: `grouped(n)` when n > 0 of the matches belong to a copy group,
    else `ungrouped()` (every match its own row: no group read). `count_grouped` is asked only without
    `versions=all`, and each path makes it cheap when the archive has no group."""
    n = 0 if all_versions else count_grouped()
    return grouped(n) if n else ungrouped()


def count_grouped(order: np.ndarray, mask: np.ndarray) -> int:
    """The fast path's grouped matches: `order` holds only grouped doc numbers (empty without groups)."""
    return int(np.count_nonzero(mask[order])) if len(order) else 0


def whoosh_count_grouped(searcher, user_query, combined_filter) -> int:
    """The Whoosh path's grouped matches: an intersection with `GROUPED`, which matches nothing, and so
    reads no posting of the user's query, when the index holds no group."""
    if "copy_group" not in searcher.schema:  # an index from before copy groups
        return 0
    return len(searcher.search(wq.And([user_query, GROUPED]), filter=combined_filter, limit=None, scored=False))


def representative_order(date_sort: np.ndarray, copy_group: np.ndarray, copy_order: np.ndarray) -> np.ndarray:
    """The grouped doc numbers sorted by group, then date (undated last), then copy order."""
    grouped = np.flatnonzero(copy_group > 0)
    dates = date_sort[grouped]
    dates = np.where(dates == 0, MAX_SORT_KEY + 1, dates)
    return grouped[np.lexsort((copy_order[grouped], dates, copy_group[grouped]))]


def snapshot_order(snapshot) -> np.ndarray:
    """`representative_order` of a snapshot, built on first use and kept for its generation."""
    found = snapshot.copies
    if found is None:  # two threads may both build it: the same array either way
        found = snapshot.copies = representative_order(snapshot.date_sort, snapshot.copy_group, snapshot.copy_order)
    return found


@dataclass
class Rows:
    """The rows of one search: `mask` over doc numbers (one per group, plus every ungrouped match).

    A group's row sits at its `places` doc number (by relevance: its best-scoring member, the lowest doc number
    among equal scores, as Whoosh orders documents; by date: its representative); `row` gives what it shows.
    """

    mask: np.ndarray
    scores: np.ndarray | None
    count: int
    _members: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # grouped matches, in order
    _starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each group's first
    _places: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each group's row

    def row(self, docnum: int) -> tuple[int, list[int]]:
        """The representative shown at row `docnum` and the group's other matching members, in order."""
        at = np.flatnonzero(self._places == docnum) if len(self._places) else ()
        if not len(at):
            return docnum, []  # an article with no known copy
        k = int(at[0])
        start = int(self._starts[k])
        end = int(self._starts[k + 1]) if k + 1 < len(self._starts) else len(self._members)
        return int(self._members[start]), [int(d) for d in self._members[start + 1 : end]]


def collapse(order: np.ndarray, copy_group: np.ndarray, mask: np.ndarray, scores: np.ndarray | None) -> Rows:
    """Collapse the matches `mask` (with `scores` when ranked by relevance) onto one row per group."""
    members = order[mask[order]] if len(order) else order
    if not len(members):
        return Rows(mask, scores, int(np.count_nonzero(mask)))
    groups = copy_group[members]
    first = np.ones(len(members), dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    starts = np.flatnonzero(first)
    places = members[starts]  # by date: the representative
    rows = mask.copy()
    rows[members] = False
    row_scores = None
    if scores is not None:
        member_scores = scores[members]
        best = np.maximum.reduceat(member_scores, starts)
        is_best = member_scores == best[np.cumsum(first) - 1]
        places = np.minimum.reduceat(np.where(is_best, members, np.iinfo(np.int64).max), starts)
        row_scores = scores.copy()
        row_scores[places] = best
    rows[places] = True
    return Rows(rows, row_scores, int(np.count_nonzero(rows)), members, starts, places)


def all_versions(mask: np.ndarray, scores: np.ndarray | None) -> Rows:
    """`versions=all`: every match a row of its own."""
    return Rows(mask, scores, int(np.count_nonzero(mask)))


def snapshot_rows(snapshot, mask: np.ndarray, scores: np.ndarray | None, *, every_version: bool) -> Rows:
    """The fast path's rows of the matches `mask`: one per copy group, or every match its own with
    `every_version` (`versions=all`)."""
    order = None if every_version else snapshot_order(snapshot)
    return rows_of(
        all_versions=every_version,
        count_grouped=lambda: count_grouped(order, mask),
        grouped=lambda _: collapse(order, snapshot.copy_group, mask, scores),
        ungrouped=lambda: all_versions(mask, scores),
    )


# -- the Whoosh path: the same on a reader's own columns --------------------------------------------


@dataclass
class ReaderColumns:
    date_sort: np.ndarray
    copy_group: np.ndarray
    copy_order: np.ndarray


def reader_columns(reader) -> ReaderColumns:
    """The sort-key columns of a (multi-segment) Whoosh reader over its global doc numbers."""
    from archive.search.columns import numeric_column

    size = reader.doc_count_all()
    arrays = {}
    for name in ("date_sort", "copy_group", "copy_order"):
        values = np.zeros(size, dtype=np.int64)
        if name in reader.schema:
            for leaf, offset in reader.leaf_readers():
                raw = numeric_column(leaf, name)
                if raw is not None:
                    values[offset : offset + len(raw)] = (raw ^ np.uint64(1 << 63)).view(np.int64)
        arrays[name] = values
    return ReaderColumns(**arrays)


def whoosh_rows(searcher, user_query, combined_filter, *, scored: bool) -> tuple[Rows, ReaderColumns]:
    """Every match of Whoosh's own searcher, collapsed (the fallback path: slower, the same rows)."""
    columns = reader_columns(searcher.reader())
    size = len(columns.date_sort)
    mask = np.zeros(size, dtype=bool)
    scores = np.zeros(size) if scored else None
    results = searcher.search(user_query, filter=combined_filter, limit=None, scored=scored)
    for docnum, score in results.items():
        mask[docnum] = True
        if scores is not None:
            scores[docnum] = score
    order = representative_order(columns.date_sort, columns.copy_group, columns.copy_order)
    return collapse(order, columns.copy_group, mask, scores), columns

"""Running a parsed Whoosh query on an `IndexSnapshot` with numpy, giving exactly Whoosh's answer.

`evaluate(snapshot, query)` returns the matching documents (a boolean mask over Whoosh's global
doc numbers) and, when asked, their scores: the same documents and the same floating-point scores
as Whoosh's own searcher, so totals, facet counts and the order of results (score descending, then
doc number; or date, then doc number) are identical. To get identical floats it mirrors how Whoosh
builds its matcher tree, segment by segment:

* Term: BM25F exactly as `whoosh.scoring.BM25F` (idf and average field length from the whole
  index, field lengths decoded from Whoosh's length bytes); unscorable fields score the weight.
* And / Or: Whoosh combines sub-matchers in a Huffman-like tree ordered by each sub-query's
  estimated size in the segment (`make_weighted_tree`), adding scores node by node; the same tree
  is built here so the additions happen in the same order. Or switches to an array matcher (scores
  added left to right, constant 1 without weighting) for more than two clauses in segments of at
  most 5,000 documents, as Whoosh's automatic choice does.
* Not scores 1.0 (Whoosh's InverseMatcher); AndNot keeps the left side's score.
* Phrase: the terms' intersection, then positions read for those documents only; the score is
  the terms' scores added in Whoosh's binary-tree order.
* Prefix: the segment's expanded terms OR'ed with constant-score semantics as Whoosh does it.

Anything else (a phrase with slop, ranges on other fields, unknown query types) is handed to
Whoosh's own matcher for that node and segment, and its scores are used as they are: the answer is
still Whoosh's, only slower.

Two Whoosh 2.7.4 bugs are not reproduced: its top-N collector's matcher replacement can skip a
document that belongs in the top N (the page here is the exact top N by Whoosh's own scores, as
an exhaustive search ranks them), and `AndNot` could keep the first document of the wanted side
although it holds the excluded word (fixed in Whoosh itself by `whoosh_patches`).
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from archive.dates import oldest_first_key
from archive.search.segments import SegmentData
from archive.search.snapshot import IndexSnapshot, postings_cache
from archive.search.sparse import NO_DOCS, NO_SCORES, binary_tree, distinct_sorted, members, positions, union_docs

ARRAY_OR_MAX_DOCS = 5000  # Whoosh's Or uses its array matcher at or below this segment size
TOO_MANY_CLAUSES = 1024


class SearchTimedOut(Exception):
    """The search's time limit passed while a segment was being evaluated."""


_clock = time.monotonic  # the clock deadlines are read on (tests move it)


def deadline_after(seconds: float) -> float | None:
    """The deadline `seconds` from now on the engine's clock (0: no limit)."""
    return _clock() + seconds if seconds else None


def check_deadline(deadline: float | None) -> None:
    """Raise `SearchTimedOut` once the clock is past `deadline` (None: no limit)."""
    if deadline is not None and _clock() > deadline:
        raise SearchTimedOut


@dataclass
class Matches:
    """Documents matched (over the snapshot's global doc numbers) and, when scored, their scores.

    `partial`: the time limit passed, so only the segments evaluated before it are included.
    """

    mask: np.ndarray
    scores: np.ndarray | None = None
    partial: bool = False

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.mask))


# -- one segment -----------------------------------------------------------------------------------


class _Segment:
    """Evaluates query nodes on one segment of the snapshot."""

    def __init__(self, snapshot: IndexSnapshot, index: int, subsearcher, deadline: float | None = None) -> None:
        self.snapshot = snapshot
        self.deadline = deadline
        self.data: SegmentData = snapshot.segments[index]
        self.leaf = snapshot.leaf_readers[index]
        self.subsearcher = subsearcher
        self.live = snapshot.segment_live[index]
        self.live_docs = snapshot.segment_live_docs[index]
        self.size = self.data.doccount
        self.all_live = len(self.live_docs) == self.size  # no deletion: no posting to check
        self.schema = snapshot.schema

    # Whoosh's size estimates, on this segment's reader -------------------------------------

    def doc_count(self) -> int:
        return len(self.live_docs)

    # The term dictionary, under the snapshot's lock (Whoosh's readers are not meant for threads).

    def _df(self, fieldname: str, btext: bytes) -> int:
        with self.snapshot.lock:
            return self.leaf.doc_frequency(fieldname, btext)

    def _has(self, fieldname: str, btext: bytes) -> bool:
        with self.snapshot.lock:
            return (fieldname, btext) in self.leaf

    def _expand(self, node: wq.Prefix) -> list[bytes]:
        with self.snapshot.lock:
            return [b for b in self.leaf.expand_prefix(node.fieldname, node.text) if b]

    def estimate(self, node) -> int:
        if isinstance(node, wq.Term):
            btext = self._btext(node.fieldname, node.text)
            return self._df(node.fieldname, btext) if btext is not None else 0
        if isinstance(node, wq.Prefix):
            return sum(self._df(node.fieldname, b) for b in self._expand(node))
        if isinstance(node, wq.Phrase):
            return min(self.estimate(wq.Term(node.fieldname, word)) for word in node.words) if node.words else 0
        if isinstance(node, wq.And):
            return min(self.estimate(q) for q in node.subqueries)
        if isinstance(node, (wq.Not, wq.Every)):
            return self.doc_count()
        if isinstance(node, wq.NumericRange) and node.fieldname in ("date_sort", "date_end"):
            return self.doc_count()  # answered from the columns (`date_range`), whatever fields the index has
        if node is wq.NullQuery:
            return 0
        if isinstance(node, (wq.Or, wq.AndNot)):
            return min(sum(self.estimate(q) for q in node.subqueries), self.doc_count())
        with self.snapshot.lock:
            return node.estimate_size(self.leaf)

    def _btext(self, fieldname: str, text) -> bytes | None:
        if fieldname not in self.schema:
            return None
        try:
            return self.schema[fieldname].to_bytes(text)
        except ValueError:
            return None

    def empty(self, scored: bool):
        return NO_DOCS, (NO_SCORES if scored else None)

    # Nodes --------------------------------------------------------------------------------------

    def run(self, node, scored: bool, constant: bool = False):
        """`constant`: inside a constant-score Prefix (Whoosh's context without weighting)."""
        check_deadline(self.deadline)  # every node, so a prefix's thousand terms stop in time too
        if node is wq.NullQuery:
            return self.empty(scored)
        kind = type(node)
        if kind is wq.Term:
            return self.term(node.fieldname, node.text, node.boost, scored)
        if kind is wq.And:
            return self.conjunction(node, scored, constant)
        if kind is wq.Or:
            return self.disjunction(node, scored, constant)
        if kind is wq.AndNot:
            docs, scores = self.run(node.a, scored, constant)
            other, _ = self.run(node.b, False)
            keep = np.ones(len(docs), dtype=bool)
            keep[members(docs, other, self.size)[0]] = False
            return docs[keep], (scores[keep] if scored else None)
        if kind is wq.Not:
            other, _ = self.run(node.query, False)
            keep = np.ones(len(self.live_docs), dtype=bool)
            keep[members(self.live_docs, other, self.size)[0]] = False
            docs = self.live_docs[keep]
            return docs, (np.ones(len(docs)) if scored else None)  # InverseMatcher's weight
        if kind is wq.Phrase and node.slop == 1:
            return self.phrase(node, scored)
        if kind is wq.Prefix and node.text:
            return self.prefix(node, scored, constant)
        if kind is wq.Every and node.fieldname in (None, "", "*"):
            return self.live_docs, (np.full(len(self.live_docs), float(node.boost)) if scored else None)
        if kind is wq.NumericRange and node.fieldname in ("date_sort", "date_end"):
            return self.date_range(node, scored)
        return self.whoosh(node, scored, constant)

    def term(self, fieldname: str, text, boost: float, scored: bool):
        btext = self._btext(fieldname, text)
        if btext is None or not self._has(fieldname, btext):
            return self.empty(scored)
        if scored and self.snapshot.bm25 is None and self.schema[fieldname].scorable:
            return self.whoosh(wq.Term(fieldname, text, boost=boost), scored, False)
        postings = postings_cache.get(self.data.key, self.data.reader, fieldname, btext)
        if postings is None:
            return self.empty(scored)
        docs = postings.docs
        keep = None if self.all_live else self.live[docs]
        all_live = keep is None or bool(keep.all())
        docs = docs.astype(np.int64) if all_live else docs[keep].astype(np.int64)
        if not scored:
            return docs, None
        weights = postings.weights if all_live else postings.weights[keep]
        values = self.snapshot.term_scores(self.data, fieldname, btext, docs, weights.astype(np.float64))
        if boost != 1.0:
            values = values * boost
        return docs, values

    def _tree(self, items, combine):
        """Whoosh's `make_weighted_tree`: a stable sort by weight, then merge the two lightest."""
        items = sorted(items, key=lambda item: item[0])
        weights = [w for w, _ in items]
        values = [v for _, v in items]
        while len(values) > 1:
            wa, a = weights.pop(0), values.pop(0)
            wb, b = weights.pop(0), values.pop(0)
            merged_weight = wa + wb
            at = bisect.bisect_right(weights, merged_weight)
            weights.insert(at, merged_weight)
            values.insert(at, combine(a, b))
        return values[0]

    def _intersect(self, a, b, scored: bool):
        (a_docs, a_scores), (b_docs, b_scores) = a, b
        if len(a_docs) <= len(b_docs):
            ia, ib = members(a_docs, b_docs, self.size)
        else:
            ib, ia = members(b_docs, a_docs, self.size)
        return a_docs[ia], (a_scores[ia] + b_scores[ib] if scored else None)

    def _union(self, a, b, scored: bool):
        (a_docs, a_scores), (b_docs, b_scores) = a, b
        if not len(a_docs):
            return b
        if not len(b_docs):
            return a
        docs = union_docs(a_docs, b_docs, self.size)
        if not scored:
            return docs, None
        scores = np.zeros(len(docs))
        at_a, at_b = positions(docs, [a_docs, b_docs], self.size)
        scores[at_a] = a_scores
        scores[at_b] += b_scores  # a + b where both match, as UnionMatcher
        return docs, scores

    def conjunction(self, node: wq.And, scored: bool, constant: bool):
        subs = node.subqueries
        if not subs:
            return self.empty(scored)
        if len(subs) == 1:
            return self.run(subs[0], scored, constant)
        results = [(0 - self.estimate(q), self.run(q, scored, constant)) for q in subs]
        docs, scores = self._tree(results, lambda a, b: self._intersect(a, b, scored))
        if scored and node.boost != 1.0:
            scores = scores * node.boost
        return docs, scores

    def disjunction(self, node: wq.Or, scored: bool, constant: bool):
        subs = node.subqueries
        if not subs:
            return self.empty(scored)
        if len(subs) == 1:
            return self.run(subs[0], scored, constant)
        if wq.Or.matcher_type != wq.Or.AUTO_MATCHER or getattr(node, "minmatch", 0) or getattr(node, "scale", None):
            return self.whoosh(node, scored, constant)
        tree = len(subs) < TOO_MANY_CLAUSES and (len(subs) == 2 or self.size > ARRAY_OR_MAX_DOCS)
        if tree:
            results = [(self.estimate(q), self.run(q, scored, constant)) for q in subs]
            docs, scores = self._tree(results, lambda a, b: self._union(a, b, scored))
            if scored and node.boost != 1.0:
                scores = scores * node.boost
            return docs, scores
        # Whoosh's ArrayUnionMatcher: scores added left to right (each times the boost), or a
        # constant 1 per match when the context has no weighting (inside a constant-score prefix).
        array_scored = scored and not constant
        parts = [self.run(q, array_scored, constant) for q in subs]
        docs = NO_DOCS
        for part_docs, _ in parts:
            docs = union_docs(docs, part_docs, self.size) if len(docs) else part_docs
        if not scored:
            return docs, None
        if not array_scored:
            return docs, np.ones(len(docs))
        total = np.zeros(len(docs))
        at = positions(docs, [part_docs for part_docs, _ in parts], self.size)
        for (_, part_scores), part_at in zip(parts, at, strict=True):
            total[part_at] += part_scores * node.boost
        keep = total > 0
        return docs[keep], total[keep]

    def prefix(self, node: wq.Prefix, scored: bool, constant: bool):
        words = self._expand(node)
        if not words:
            return self.empty(scored)
        if len(words) == 1:
            return self.term(node.fieldname, words[0], 1.0, scored)
        terms = wq.Or([wq.Term(node.fieldname, w) for w in words], boost=node.boost)
        return self.disjunction(terms, scored, constant or node.constantscore)

    def phrase(self, node: wq.Phrase, scored: bool):
        fieldname = node.fieldname
        if fieldname not in self.schema:
            return self.empty(scored)
        field = self.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            return self.whoosh(node, scored, False)
        btexts = []
        for word in node.words:
            btext = self._btext(fieldname, word)
            if btext is None or not self._has(fieldname, btext):
                return self.empty(scored)
            btexts.append(btext)
        parts = [self.term(fieldname, b, 1.0, scored) for b in btexts]
        docs = parts[0][0]
        for part_docs, _ in parts[1:]:
            docs = docs[members(docs, part_docs, self.size)[0]]
        if len(btexts) > 1 and len(docs):
            docs = self._adjacent(fieldname, btexts, docs)
        if not scored:
            return docs, None
        aligned = [part_scores[members(docs, part_docs, self.size)[1]] for part_docs, part_scores in parts]
        scores = binary_tree(aligned, lambda a, b: a + b)
        if node.boost != 1.0:
            scores = scores * node.boost
        return docs, scores

    def _adjacent(self, fieldname: str, btexts: list[bytes], docs: np.ndarray) -> np.ndarray:
        """Documents (of `docs`) where the words stand next to each other in order (Whoosh's slop 1)."""
        ends = None
        alive = docs
        for btext in btexts:
            postings = postings_cache.get(self.data.key, self.data.reader, fieldname, btext)
            where = np.searchsorted(postings.docs, alive)
            with self.snapshot.lock:
                sizes, flat = postings_cache.positions(self.data.key, self.data.reader, fieldname, btext, where)
            keys = np.repeat(alive, sizes) << 32 | flat.astype(np.int64)
            # Keys are distinct (one a position): saying so spares isin two np.unique calls, 5-8x its time.
            ends = keys if ends is None else keys[np.isin(keys - 1, ends, assume_unique=True)]
            alive = distinct_sorted(ends >> 32)  # keys ascend: docs ascend, and positions within each
            if not len(alive):
                break
        return alive

    def date_range(self, node: wq.NumericRange, scored: bool):
        values = getattr(self.data, node.fieldname)[self.live_docs]
        keep = np.ones(len(values), dtype=bool)
        if node.start is not None:
            keep &= values > node.start if node.startexcl else values >= node.start
        if node.end is not None:
            keep &= values < node.end if node.endexcl else values <= node.end
        docs = self.live_docs[keep]
        return docs, (np.full(len(docs), float(node.boost)) if scored else None)

    def whoosh(self, node, scored: bool, constant: bool):
        """Whoosh's own matcher for this node on this segment: slower, but its answer by definition."""
        searcher = self.subsearcher
        docs, scores = [], []
        with self.snapshot.lock:
            context = searcher.context() if scored and not constant else searcher.boolean_context()
            matcher = node.matcher(searcher, context)
            while matcher.is_active():
                if len(docs) % 1024 == 0:
                    check_deadline(self.deadline)
                docs.append(matcher.id())
                if scored:
                    scores.append(matcher.score() if not constant else 1.0)
                matcher.next()
        docs_array = np.array(docs, dtype=np.int64)
        keep = self.live[docs_array] if len(docs_array) else np.zeros(0, dtype=bool)
        return docs_array[keep], (np.array(scores, dtype=np.float64)[keep] if scored else None)


# -- the whole index -------------------------------------------------------------------------------


def evaluate(snapshot: IndexSnapshot, node, *, scored: bool = True, deadline: float | None = None) -> Matches:
    """The documents `node` matches in the snapshot and (if `scored`) Whoosh's score for each.

    With a `deadline` (a `time.monotonic()` value), evaluation stops when it passes: the answer
    holds the segments finished before it and says it is partial.
    """
    if not snapshot.size:
        return Matches(np.zeros(0, dtype=bool), np.zeros(0) if scored else None)
    mask = np.zeros(snapshot.size, dtype=bool)
    scores = np.zeros(snapshot.size) if scored else None
    for index, subsearcher in enumerate(snapshot.leaf_searchers):
        try:
            docs, values = _Segment(snapshot, index, subsearcher, deadline).run(node, scored)
        except SearchTimedOut:
            return Matches(mask, scores, partial=True)
        docs = docs + int(snapshot.offsets[index])
        mask[docs] = True
        if scored:
            scores[docs] = values
    return Matches(mask, scores)


def filter_mask(snapshot: IndexSnapshot, node) -> np.ndarray:
    """An unscored mask for a filter query, remembered for this generation."""
    if (
        type(node) is wq.Or
        and node.subqueries
        and all(type(q) is wq.Term and q.fieldname == node.subqueries[0].fieldname for q in node.subqueries)
    ):
        fieldname = node.subqueries[0].fieldname
        if fieldname in snapshot.exact:
            values = tuple(sorted(q.text for q in node.subqueries))
            return snapshot.cached_mask(("values", fieldname, values), lambda: snapshot.value_mask(fieldname, values))
    if type(node) is wq.Term and node.fieldname in snapshot.exact:
        return snapshot.cached_mask(
            ("values", node.fieldname, (node.text,)), lambda: snapshot.value_mask(node.fieldname, (node.text,))
        )
    return snapshot.cached_mask(("query", repr(node)), lambda: evaluate(snapshot, node, scored=False).mask)


def top(
    snapshot, mask: np.ndarray, scores: np.ndarray | None, *, sort: str, limit: int, offset: int = 0
) -> list[tuple[int, float | None]]:
    """The first `limit` (docnum, score) in Whoosh's order (`snapshot`: anything with a `date_sort` array),
    from the `offset`-th on (a deep page lists its 20, not the thousands before it).

    relevance: score descending, then doc number; newest: date_sort descending, then doc number;
    oldest: date_sort ascending with the undated (0) last, then doc number (Whoosh's stable sort on
    the column, through `oldest_first_key`).
    """
    docs = np.flatnonzero(mask)
    if not len(docs) or limit <= 0:
        return []
    if sort == "relevance":
        key = -scores[docs]
    elif sort == "newest":
        key = -snapshot.date_sort[docs]
    else:
        dates = snapshot.date_sort[docs]
        key = np.where(dates == 0, oldest_first_key(0), dates)
    if len(docs) > limit:
        # Keep every document that ties with the limit-th key, then order exactly.
        kth = np.partition(key, limit - 1)[limit - 1]
        keep = key <= kth
        docs, key = docs[keep], key[keep]
    order = np.lexsort((docs, key))[offset:limit]
    chosen = docs[order]
    if sort == "relevance":
        return [(int(d), float(scores[d])) for d in chosen]
    return [(int(d), None) for d in chosen]

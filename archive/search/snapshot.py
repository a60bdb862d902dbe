"""Per-document arrays of the live index, built once per index generation and shared by searches.

An `IndexSnapshot` is one committed generation of the live index directory: the open Whoosh
reader and searcher, and numpy arrays indexed by Whoosh's global doc number: which documents are
live (not deleted), each document's `date_sort`, and for every exact field (countries,
organisations, source, year, month, day) the (document, value) pairs. Facet counts are then a
`bincount`, filters are boolean masks, sorting is `lexsort`.

Whoosh segments never change once written (deletions are kept in the TOC), so the arrays are
built per segment (`SegmentData`, segments.py) and cached: after an edit commits, the next search builds only
the new small segment and reuses the big ones; a generation that starts with the segments of the one before
(an edit, an import) keeps that one's merged arrays and appends the new segments' (exact.py).
`current()` checks the live symlink and the TOC generation on every call (one `readlink` and one
directory listing).

Superseded snapshots are closed, so a rebuilt index's deleted files are freed: a snapshot is
retired when a newer generation of its directory replaces it, when the live symlink moves to
another directory, or when it falls out of the cache, and closed once no thread is using it.
A thread uses the snapshot `current()` last gave it until it calls `current()` again or ends
(one search at a time per thread: gunicorn's sync workers and the dev server's request threads).
Segment arrays and their Whoosh readers are shared by the generations of a directory and counted:
a segment's reader closes with the last open snapshot that holds it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict

import numpy as np

from archive.search import decoded, exact, postings
from archive.search.segments import EXACT_FIELDS, SegmentData, close_reader

logger = logging.getLogger(__name__)

POSTINGS_CACHE_BYTES = 192 * 2**20  # decoded postings kept between searches
MAX_SNAPSHOT_PATHS = 4  # index directories kept open (tests use many; a server uses one)


class IndexSnapshot:
    """One generation of one index directory: arrays over Whoosh's global doc numbers."""

    def __init__(
        self, path: str, ix, reader, segments: list[SegmentData], previous: IndexSnapshot | None = None
    ) -> None:
        from whoosh.searching import Searcher

        self.path = path
        self.ix = ix
        self.reader = reader
        self.generation = reader.generation()
        self.schema = reader.schema
        self.searcher = Searcher(reader, fromindex=ix)
        self.lock = threading.RLock()  # around Whoosh objects that keep state (searcher, fallbacks)
        self.segments = segments
        self.leaf_searchers = [sub for sub, _ in self.searcher.leaf_searchers() if _is_segment(sub.reader())]
        self.leaf_readers = [sub.reader() for sub in self.leaf_searchers]
        self._idf: dict[tuple[str, bytes], float] = {}
        self.bm25 = self._bm25_parameters()
        counts = [s.doccount for s in segments]
        self.offsets = np.cumsum([0, *counts])[:-1].astype(np.int64)
        self.size = int(sum(counts))  # Whoosh's doc_count_all(): deleted documents included
        self.live = np.ones(self.size, dtype=bool)
        leaf_readers = [(leaf, offset) for leaf, offset in reader.leaf_readers() if _is_segment(leaf)]
        self.segment_live: list[np.ndarray] = []
        self.segment_live_docs: list[np.ndarray] = []
        for (leaf, offset), segment in zip(leaf_readers, segments, strict=True):
            live = np.ones(segment.doccount, dtype=bool)
            if leaf.has_deletions():
                deleted = np.fromiter(sorted(leaf._segment.deleted_docs()), dtype=np.int64)
                live[deleted] = False
            self.segment_live.append(live)
            self.segment_live_docs.append(np.flatnonzero(live))
            self.live[offset : offset + segment.doccount] = live
        self.doc_count = int(self.live.sum())
        # The generation before, when this one starts with its segments: its merged arrays are kept.
        kept_count = _kept_segments(previous, segments)
        self.date_sort, self.date_end, self.copy_group, self.copy_order = (
            exact.joined(
                ([getattr(previous, name)] if kept_count else []) + [getattr(s, name) for s in segments[kept_count:]]
            )
            for name in ("date_sort", "date_end", "copy_group", "copy_order")
        )
        self.copies = None  # the grouped documents in representative order, built once (copies.py)
        offsets = self.offsets.tolist()
        self.exact: dict[str, exact.ExactField] = {
            fieldname: exact.merge(
                fieldname,
                segments,
                offsets,
                kept=previous.exact[fieldname] if kept_count else exact.NO_PAIRS,
                kept_count=kept_count,
            )
            for fieldname in EXACT_FIELDS
            if fieldname in self.schema
        }
        self._masks: OrderedDict[object, np.ndarray] = OrderedDict()
        self._masks_lock = threading.Lock()
        self._live_counts: dict[str, np.ndarray] = {}  # exact field -> its counts over every live document
        self.labels: dict[str, dict[str, str]] | None = None  # every facet label, read once (lookups.py)
        self.spelling_words: dict = {}  # spelling field -> its Vocabulary, merged once (spelling.py)
        # spelling field -> (a Vocabulary of this generation's first segments, how many): one merged for an
        # earlier generation that this one starts with, extended rather than merged anew (spelling.py). Copied in
        # one step: another thread may be adding the earlier generation's vocabulary meanwhile.
        self.kept_words: dict = (
            {**previous.kept_words, **{f: (v, kept_count) for f, v in dict(previous.spelling_words).items()}}
            if kept_count
            else {}
        )
        self.users = 0  # threads whose latest current() returned this snapshot (under the module's lock)
        self.retired = False  # superseded: closed when the last user leaves
        self.closed = False

    def close(self) -> None:
        """Close the Whoosh readers this snapshot opened; the segments' own readers close with their last holder."""
        owned = {id(segment.reader) for segment in self.segments}
        for leaf, _offset in self.reader.leaf_readers():
            if id(leaf) not in owned:
                close_reader(leaf)
        self.closed = True

    def _bm25_parameters(self):
        from whoosh.scoring import BM25F

        weighting = self.searcher.weighting
        if type(weighting) is not BM25F:
            return None
        return weighting

    def term_scores(self, segment: SegmentData, fieldname: str, btext: bytes, docs, weights):
        """Whoosh's score of a term for these documents of a segment (`weights`: float64 term weights).

        `whoosh.scoring.bm25` term by term, operation by operation, so the floats are identical.
        """
        field = self.schema[fieldname]
        if not field.scorable:
            return weights  # WeightScorer
        weighting = self.bm25
        if weighting is None:
            raise RuntimeError("not BM25F")
        key = (fieldname, btext)
        found = self._idf.get(key)
        if found is None:
            with self.lock:
                idf = self.searcher.idf(fieldname, btext)
                avgfl = self.searcher.avg_field_length(fieldname) or 1
            found = self._idf[key] = (idf, avgfl)
        idf, avgfl = found
        B = weighting._field_B.get(fieldname, weighting.B)  # the names of whoosh.scoring.bm25
        K1 = weighting.K1
        fl = segment.lengths(fieldname)[docs]
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))

    # -- masks -------------------------------------------------------------------------------

    def value_mask(self, fieldname: str, values) -> np.ndarray:
        """Live documents holding any of `values` in an exact field."""
        mask = np.zeros(self.size, dtype=bool)
        field = self.exact.get(fieldname, exact.NO_PAIRS)
        wanted = [field.codes[v] for v in values if v in field.codes]
        if wanted:
            pair_codes = field.pair_codes
            hit = pair_codes == wanted[0] if len(wanted) == 1 else np.isin(pair_codes, wanted)
            mask[field.pair_docs[hit]] = True
            mask &= self.live
        return mask

    def cached_mask(self, key, build) -> np.ndarray:
        """A mask remembered for this generation (filters repeat from search to search)."""
        with self._masks_lock:
            found = self._masks.get(key)
            if found is not None:
                self._masks.move_to_end(key)
                return found
        mask = build()
        mask.setflags(write=False)
        with self._masks_lock:
            self._masks[key] = mask
            while len(self._masks) > 256:
                self._masks.popitem(last=False)
        return mask

    # -- counting --------------------------------------------------------------------------

    def counts(self, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        """Documents in `mask` (live ones: every mask the snapshot makes) per value of an exact field (values with
        no documents left out)."""
        field = self.exact.get(fieldname, exact.NO_PAIRS)
        if not len(field.pair_docs):
            return {}
        values = field.values
        if np.count_nonzero(mask) * 2 > self.doc_count:
            # Most of the archive (no words, a common word, a big country): the whole archive's counts, kept for the
            # generation, less those of the fewer live documents left out. Counting costs what it reads.
            totals = self._live_counts.get(fieldname)
            if totals is None:  # two threads may both count: the same array either way
                totals = self._live_counts[fieldname] = _count_codes(field, self.live)
            counted = totals - _count_codes(field, self.live & ~mask)
        else:
            counted = _count_codes(field, mask)
        present = np.flatnonzero(counted)
        return {values[code]: n for code, n in zip(present.tolist(), counted[present].tolist(), strict=True)}

    # -- documents -------------------------------------------------------------------------

    def locate(self, docnum: int) -> tuple[SegmentData, int]:
        index = int(np.searchsorted(self.offsets, docnum, side="right")) - 1
        return self.segments[index], docnum - int(self.offsets[index])

    def article_ids(self, docnums) -> list[int | None]:
        out = []
        for docnum in docnums:
            segment, local = self.locate(int(docnum))
            out.append(segment.article_id(local))
        return out


def _count_codes(field: exact.ExactField, mask: np.ndarray) -> np.ndarray:
    """Documents in `mask` per value code of `field`."""
    # Indexes, not a boolean selection: numpy's boolean indexing stalls on a scattered mask (2-3x slower).
    if field.doc_codes is not None:
        return np.bincount(field.doc_codes[np.flatnonzero(mask)], minlength=len(field.values) + 1)[:-1]
    return np.bincount(field.pair_codes[np.flatnonzero(mask[field.pair_docs])], minlength=len(field.values))


def _kept_segments(previous: IndexSnapshot | None, segments: list[SegmentData]) -> int:
    """How many leading segments this generation shares, in order, with `previous` (0: none, or not all of its)."""
    if previous is None or not previous.segments or len(previous.segments) > len(segments):
        return 0
    same = all(old is new for old, new in zip(previous.segments, segments, strict=False))
    return len(previous.segments) if same else 0


def _is_segment(reader) -> bool:
    return hasattr(reader, "_segment")


# -- the cache ---------------------------------------------------------------------------------


class _PostingsCache(postings.PostingsCache):
    """The LRU of decoded postings, behind the segments' decoded-postings files (decoded.py): a word
    found there is read in place, never decoded nor counted against the budget."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes)
        self.files = decoded.DecodedFiles()

    def get(self, segment_key, segment_reader, fieldname: str, btext: bytes) -> postings.TermPostings | None:
        stored = self.files.get(segment_key)
        if stored is not None and (found := stored.postings(fieldname, btext)) is not None:
            return found
        return super().get(segment_key, segment_reader, fieldname, btext)

    def discard(self, segment_key) -> None:
        """Forget a closed segment's postings (they keep its file's memory map alive)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == segment_key]:
                dropped = self._entries.pop(key)
                self.bytes -= dropped.nbytes if dropped is not None else 64
        self.files.discard(segment_key)

    def clear(self) -> None:
        super().clear()
        self.files.clear()


_lock = threading.RLock()  # re-entrant: a lease released by garbage collection may take it again
_snapshots: OrderedDict[str, IndexSnapshot] = OrderedDict()  # index directory -> its latest snapshot
_links: dict[str, str] = {}  # path asked for (the live symlink) -> the directory it pointed at last
_segments: dict[tuple[str, str], SegmentData] = {}  # segments of open snapshots, for reuse
_thread = threading.local()
postings_cache = _PostingsCache(POSTINGS_CACHE_BYTES)


class _Lease:
    """A thread's hold on the snapshot it is searching; released when replaced or when the thread ends."""

    __slots__ = ("snapshot",)

    def __init__(self, snapshot: IndexSnapshot) -> None:  # under _lock
        self.snapshot = snapshot
        snapshot.users += 1

    def __del__(self) -> None:
        try:
            with _lock:
                self.snapshot.users -= 1
                if self.snapshot.retired and not self.snapshot.users:
                    _close(self.snapshot)
        except Exception:  # noqa: S110 - never raise from a finaliser (at interpreter shutdown, say)
            pass


def _retire(snapshot: IndexSnapshot) -> None:  # under _lock
    snapshot.retired = True
    if not snapshot.users:
        _close(snapshot)


def _close(snapshot: IndexSnapshot) -> None:  # under _lock
    if snapshot.closed:
        return
    snapshot.close()
    for segment in snapshot.segments:
        segment.refs -= 1
        if segment.refs <= 0:
            if _segments.get(segment.key) is segment:
                del _segments[segment.key]
            postings_cache.discard(segment.key)
            segment.close()


def _latest_generation(path: str) -> int:
    from archive.search import storage

    return storage.generation(path)


def current(index_path: str | os.PathLike | None = None, *, attempts: int = 3) -> IndexSnapshot:
    """The snapshot of the latest committed generation of the live index (built if needed).

    The calling thread holds it until its next call (or its end): it is not closed under a search.
    """
    if index_path is None:
        from archive.search import storage

        index_path = storage.live_path()
    link = os.path.abspath(index_path)
    for attempt in range(attempts):
        path = os.path.realpath(link)
        try:
            generation = _latest_generation(path)
            with _lock:
                snapshot = _snapshot_of(link, path, generation)
                lease = _Lease(snapshot)
        except (OSError, EOFError) as error:  # a rebuild switched and removed the directory meanwhile
            if attempt == attempts - 1:
                raise
            logger.info("Index changed while opening it (%s); retrying.", error)
            time.sleep(0.05)
            continue
        _thread.lease = lease  # outside the lock: releasing the previous lease may close a snapshot
        return snapshot
    raise AssertionError("unreachable")


def _snapshot_of(link: str, path: str, generation: int) -> IndexSnapshot:  # under _lock
    found = _snapshots.get(path)
    if found is None or found.generation != generation:
        if found is not None and found.generation > generation:
            generation = _latest_generation(path)  # another thread opened a newer one meanwhile
        if found is None or found.generation < generation:
            snapshot = _open(path)
            _snapshots[path] = snapshot
            if found is not None:
                _retire(found)
            found = snapshot
    _snapshots.move_to_end(path)
    previous = _links.get(link)
    if previous != path:
        _links[link] = path
        if previous is not None and previous in _snapshots:  # the live symlink moved to a new build
            _retire(_snapshots.pop(previous))
    while len(_snapshots) > MAX_SNAPSHOT_PATHS:
        _, evicted = _snapshots.popitem(last=False)
        _retire(evicted)
    for stale in [k for k, v in _links.items() if v not in _snapshots]:
        del _links[stale]
    return found


def _open(path: str) -> IndexSnapshot:  # under _lock
    """Open the newest generation of a directory, reusing the arrays of segments already open."""
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(path).open_index("MAIN")
    reader = ix.reader()
    segments: list[SegmentData] = []
    created: list[SegmentData] = []
    try:
        for leaf, _offset in reader.leaf_readers():
            if not _is_segment(leaf):  # an empty index has no segments
                continue
            key = (path, leaf._segment.segment_id())
            segment = _segments.get(key)
            if segment is None:
                segment = SegmentData(key, leaf, reader.schema)
                created.append(segment)
            segments.append(segment)
        snapshot = IndexSnapshot(path, ix, reader, segments, previous=_snapshots.get(path))
    except BaseException:
        for leaf, _offset in reader.leaf_readers():
            close_reader(leaf)
        raise
    for segment in created:
        _segments[segment.key] = segment
    for segment in segments:
        segment.refs += 1
    return snapshot


def clear() -> None:
    """Forget every snapshot and cached array, as a freshly started process would (tests); close those not in use."""
    with _lock:
        for snapshot in list(_snapshots.values()):
            _retire(snapshot)
        _snapshots.clear()
        _links.clear()
        _segments.clear()
    postings_cache.clear()

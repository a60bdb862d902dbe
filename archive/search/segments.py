"""The arrays of one Whoosh segment, in its local doc numbers: what `IndexSnapshot` is built from.

Whoosh segments never change once written (deletions are kept in the TOC), so a `SegmentData` is
built once and shared by every snapshot generation of its directory that holds the segment
(counted by `refs`); its reader closes with the last of them (archive/search/snapshot.py).
"""

from __future__ import annotations

import logging
import threading

import numpy as np

from archive.search import postings
from archive.search.columns import length_column, numeric_column

logger = logging.getLogger(__name__)

EXACT_FIELDS = ("countries", "organisations", "source", "year", "month", "day")
DATE_FIELD = "date_sort"
DATE_END_FIELD = "date_end"  # the last day an article's date may be (service._date_filter)
COPY_FIELDS = ("copy_group", "copy_order")  # copies.py: one search row per copy group
ID_FIELD = "django_id"


class SegmentData:
    """Arrays of one (immutable) segment, in its local doc numbers."""

    def __init__(self, key, segment_reader, schema) -> None:
        self.key = key
        self.reader = segment_reader  # owned: the snapshot that opened it leaves it open for the others
        self.refs = 0  # open snapshots holding this segment (changed under the module's lock)
        self.doccount = segment_reader.doc_count_all()
        self.fast = postings.supported(segment_reader)
        self._lengths: dict[str, np.ndarray] = {}
        self._ids: dict[int, int] = {}  # read from stored fields where the column has none
        self._words: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()
        self.date_sort = self._signed_column(DATE_FIELD, schema)
        # An index from before date_end (until `build_index` rebuilds it): a date's first day stands for its last,
        # the ranges it answered before (a `to` bound would otherwise hold nothing).
        self.date_end = self._signed_column(DATE_END_FIELD, schema, missing=self.date_sort)
        self.copy_group, self.copy_order = (self._signed_column(name, schema) for name in COPY_FIELDS)
        # Article ids by doc number (0: not in the column, as in an index from before it): one array
        # instead of a stored document read per hit.
        column = numeric_column(self.reader, ID_FIELD)
        self.ids = column.astype(np.int64) if column is not None else np.zeros(self.doccount, dtype=np.int64)
        self.terms: dict[str, list[str]] = {}
        self.pair_docs: dict[str, np.ndarray] = {}
        self.pair_codes: dict[str, np.ndarray] = {}
        self._single_valued: dict[str, bool] = {}
        for fieldname in EXACT_FIELDS:
            if fieldname in schema:
                self._load_exact(fieldname)

    def _signed_column(self, fieldname: str, schema, missing: np.ndarray | None = None) -> np.ndarray:
        """A sort-key column as int64 (`missing`, else zeros, when the index has no such field, as one built
        before it)."""
        raw = numeric_column(self.reader, fieldname) if fieldname in schema else None
        if raw is None:
            return missing if missing is not None else np.zeros(self.doccount, dtype=np.int64)
        # Whoosh keeps signed numbers offset by 2**63; flipping the top bit gives them back.
        return (raw ^ np.uint64(1 << 63)).view(np.int64)

    def _load_exact(self, fieldname: str) -> None:
        texts: list[str] = []
        docs: list[np.ndarray] = []
        reader = self.reader
        for btext in reader.lexicon(fieldname):
            if self.fast:
                found = postings.read_term(reader, fieldname, btext)
                term_docs = found.docs if found is not None else np.zeros(0, np.int32)
            else:
                term_docs = np.fromiter(reader.postings(fieldname, btext).all_ids(), dtype=np.int32)
            texts.append(btext.decode("utf-8"))
            docs.append(term_docs)
        self.terms[fieldname] = texts
        if docs:
            self.pair_docs[fieldname] = np.concatenate(docs).astype(np.int32)
            self.pair_codes[fieldname] = np.repeat(np.arange(len(docs), dtype=np.int32), [len(d) for d in docs])
        else:
            self.pair_docs[fieldname] = np.zeros(0, np.int32)
            self.pair_codes[fieldname] = np.zeros(0, np.int32)

    def single_valued(self, fieldname: str) -> bool:
        """Whether no document of the segment has two values of an exact field (decided once)."""
        found = self._single_valued.get(fieldname)
        if found is None:
            docs = self.pair_docs.get(fieldname)
            found = docs is None or not len(docs) or int(np.bincount(docs, minlength=self.doccount).max()) == 1
            self._single_valued[fieldname] = found
        return found

    def vocabulary(self, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
        """The segment's words of a spelling field and their article counts (spelling.py), read once."""
        found = self._words.get(fieldname)
        if found is None:
            with self._lock:
                found = self._words.get(fieldname)
                if found is None:
                    from archive.search.spelling import read_vocabulary

                    found = self._words[fieldname] = read_vocabulary(self.reader, fieldname)
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        found = self._lengths.get(fieldname)
        if found is None:
            with self._lock:
                found = self._lengths.get(fieldname)
                if found is None:
                    found = self._lengths[fieldname] = length_column(self.reader, fieldname)
        return found

    def close(self) -> None:
        close_reader(self.reader)

    def article_id(self, docnum: int) -> int | None:
        found = int(self.ids[docnum])
        if found > 0:
            return found
        found = self._ids.get(docnum)
        if found is None:
            with self._lock:
                value = self.reader.stored_fields(docnum).get(ID_FIELD)
            found = int(value) if value not in (None, "") else -1
            self._ids[docnum] = found
        return None if found < 0 else found


def close_reader(reader) -> None:
    if getattr(reader, "is_closed", False):
        return
    try:
        reader.close()
    except Exception:  # an already-deleted file and the like: the reader is gone either way
        logger.debug("Closing an index reader failed.", exc_info=True)
    # Whoosh cannot unmap a segment file while views of it exist (its files, their buffers): drop
    # them here, so the memory map goes now even if something still refers to the reader.
    for name in ("_terms", "_perdoc", "_storage"):
        if hasattr(reader, name):
            setattr(reader, name, None)

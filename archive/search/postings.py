"""Reading Whoosh 2.7 posting lists in bulk, into numpy arrays.

Whoosh's own matchers step through postings one document at a time in Python. Here a term's
posting blocks are read one after another straight from the segment's postings file: each block
is a pickled, zlib-compressed tuple (delta-coded doc numbers, weights, values) preceded by a
pickled info tuple (see `whoosh.codec.whoosh3.W3PostingsWriter._write_block`). The result is the
term's doc numbers and weights as arrays; values (positions, for phrases) are decoded only on
demand, and only for the blocks that hold the documents asked for.

Everything here is specific to the W3 codec of Whoosh 2.7.4 (the last release); `supported()`
says whether a segment reader can be read this way, and callers fall back to Whoosh's matchers
when it cannot.
"""

from __future__ import annotations

import io
import pickle
import struct
import threading
import zlib
from collections import OrderedDict

import numpy as np

from archive.search.sparse import distinct_sorted

_MAGIC = b"W3Bl"
_INT = struct.Struct("!i")


def supported(segment_reader) -> bool:
    """True when this segment's postings are in the W3 layout read here."""
    try:
        from whoosh.codec.whoosh3 import W3TermsReader

        return isinstance(segment_reader._terms, W3TermsReader)
    except (AttributeError, ImportError):
        return False


class TermPostings:
    """One term's postings in one segment: sorted doc numbers and their weights (term frequency)."""

    __slots__ = (
        "_all_positions",
        "_block_positions",
        "_block_starts",
        "_blocks",
        "_inline_values",
        "_postfile",
        "docs",
        "nbytes",
        "weights",
    )

    def __init__(self, docs, weights, blocks, postfile) -> None:
        self.docs = docs  # int32, segment-local doc numbers, ascending
        self.weights = weights  # float32, as Whoosh stores them (widen to float64 to score: exact)
        self._blocks = blocks  # [(first index in docs, file offset of the block)]: values read on demand
        self._block_starts = np.array([start for start, _ in blocks] or [0], dtype=np.int64)
        self._block_positions: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # decoded blocks
        self._all_positions: tuple[np.ndarray, np.ndarray] | None = None  # every block, once all are decoded
        self._postfile = postfile
        self._inline_values = ()
        self.nbytes = docs.nbytes + weights.nbytes + 32 * len(blocks)

    @classmethod
    def decoded(cls, docs, weights, starts, flat) -> TermPostings:
        """Postings already decoded (decoded.py: read in place from a file): every position known."""
        postings = cls(docs, weights, [], None)
        postings._all_positions = (starts, flat)
        postings.nbytes = 256  # the arrays are the file's pages, shared, not this process's memory
        return postings

    def __len__(self) -> int:
        return len(self.docs)

    def _block(self, block: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions of one block's documents as CSR (decoded once, then kept)."""
        found = self._block_positions.get(block)
        if found is None:
            # (inlined postings are one pseudo-block)
            values = _read_block(self._postfile, self._blocks[block][1])[2] if self._blocks else self._inline_values
            found = self._block_positions[block] = _decode_positions(values)
            self.nbytes += found[0].nbytes + found[1].nbytes
        return found

    def positions_of(self, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions in the documents at indexes `where` (ascending) of `docs`: (counts, positions
        of the first document, then of the second, …). Only the blocks holding them are decoded."""
        block_of = np.searchsorted(self._block_starts, where, side="right") - 1
        needed = distinct_sorted(block_of).tolist()
        total = max(1, len(self._blocks))
        if self._all_positions is not None or len(needed) + len(self._block_positions) >= 1.5 * total:
            starts, flat = self.every_position()
            return _gather(starts, flat, where)
        sizes_parts, flat_parts = [], []
        for block in needed:
            starts, flat = self._block(block)
            sizes, positions = _gather(starts, flat, where[block_of == block] - self._block_starts[block])
            sizes_parts.append(sizes)
            flat_parts.append(positions)
        if not sizes_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        return np.concatenate(sizes_parts), np.concatenate(flat_parts)

    def every_position(self) -> tuple[np.ndarray, np.ndarray]:
        """The CSR of every document's positions (all blocks decoded in one go, replacing any decoded before)."""
        if self._all_positions is None:
            if self._blocks:
                values = [value for _, offset in self._blocks for value in _read_block(self._postfile, offset)[2]]
            else:
                values = self._inline_values
            self._all_positions = _decode_positions(values)
            self.nbytes += sum(array.nbytes for array in self._all_positions)
            for starts, flat in self._block_positions.values():
                self.nbytes -= starts.nbytes + flat.nbytes
            self._block_positions = {}  # the joined copy replaces them
        return self._all_positions


def _gather(starts: np.ndarray, flat: np.ndarray, local: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(counts, positions) of the documents `local` of a CSR (starts, flat)."""
    first = starts[local]
    sizes = starts[local + 1] - first
    index = np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
    return sizes, flat[index]


# A value as Whoosh's `Positions.encode` writes it: the count (4 bytes, big-endian), then
# `pickle.dumps(deltas, 2)`: b"\x80\x02]q\x00", then one delta and b"a", or b"(", the deltas and b"e";
# then b"." (which Whoosh may have stripped). A delta under 256 is b"K" and one byte.
_PICKLE_HEAD = 4 + 5
_SINGLE_K = _PICKLE_HEAD + 3  # b"K", the byte, b"a"


def _decode_positions(values) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh `Positions` values -> CSR of positions: (starts, positions).

    Values whose deltas are all under 256 (nearly all, in news text) are read straight from their
    bytes with numpy; any other value is unpickled, as Whoosh does."""
    count = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=count)
    raw = np.frombuffer(b"".join(values), dtype=np.uint8)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    head = raw[offsets[:-1, None] + np.arange(4)].astype(np.int64) if count else np.zeros((0, 4), dtype=np.int64)
    sizes = head[:, 0] << 24 | head[:, 1] << 16 | head[:, 2] << 8 | head[:, 3]
    stripped = lengths - (raw[offsets[1:] - 1] == ord(".")) if count else lengths
    expected = np.where(sizes == 1, _SINGLE_K, _PICKLE_HEAD + 2 * sizes + 2)  # b"(" … b"e" for two or more
    plain = (stripped == expected) & (sizes <= 1000)  # pickle splits longer lists into batches
    first = offsets[:-1] + _PICKLE_HEAD + np.where(sizes == 1, 1, 2)  # the first delta's byte
    starts = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    total = int(starts[-1])
    within = np.arange(total, dtype=np.int64) - np.repeat(starts[:-1], sizes)
    deltas = raw[np.repeat(first, sizes) + 2 * within].astype(np.int64) if total else np.zeros(0, dtype=np.int64)
    for number in np.flatnonzero(~plain).tolist():
        value = values[number]
        unpickled = pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")  # noqa: S301
        if len(unpickled) != sizes[number]:
            raise ValueError("a positions value whose count disagrees with its list")
        deltas[starts[number] : starts[number + 1]] = unpickled
    running = np.cumsum(deltas)
    # Deltas restart in every document: subtract the running total reached before it.
    before = np.repeat(np.concatenate([[0], running])[starts[:-1]], sizes)
    return starts, (running - before).astype(np.int32)


def raw_block(postfile, offset: int) -> tuple[tuple, bytes, bytes, bool, int]:
    """The posting block at `offset` as stored: (info tuple, info bytes, data bytes, is_last, next_offset)."""
    length = _INT.unpack(postfile.get(offset, 4))[0]
    last = length < 0
    length = -length if last else length
    raw = postfile.get(offset + 4, length)
    stream = io.BytesIO(raw)
    info = pickle.load(stream)  # noqa: S301 - the index's own files, written by Whoosh
    return info, raw[: stream.tell()], raw[stream.tell() :], last, offset + 4 + length


def _read_block(postfile, offset: int):
    """(ids, weights, values, count, is_last, next_offset) of the posting block at `offset`."""
    (count, _maxid, _maxweight, compression, _minlen, _maxlen), _, data, last, next_offset = raw_block(postfile, offset)
    if compression:
        data = zlib.decompress(data)
    ids, weights, values = pickle.loads(data)  # noqa: S301 - the index's own files, written by Whoosh
    return ids, weights, values, count, last, next_offset


def read_term(segment_reader, fieldname: str, btext: bytes, *, positions: bool = False) -> TermPostings | None:
    """The postings of one term in one segment, or None when the segment does not have the term;
    with `positions`, every position too, decoded in the same pass over the blocks."""
    from whoosh.reading import TermNotFound

    terms = segment_reader._terms
    try:
        info = terms.term_info(fieldname, btext)
    except (TermNotFound, KeyError):
        return None
    postfile = terms._postfile
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        docs = np.asarray(ids, dtype=np.int32)
        postings = TermPostings(docs, np.asarray(weights, dtype=np.float32), [], postfile)
        postings._inline_values = values
        if positions:
            postings.every_position()
        return postings
    offset = info._offset
    if postfile.get(offset, 4) != _MAGIC:
        raise ValueError(f"unexpected posting block header for {fieldname}:{btext!r}")
    offset += 4
    gaps: list[int] = []  # each block's doc numbers: the first, then the gaps after it
    weight_parts: list = []
    values: list[bytes] = []
    blocks: list[tuple[int, int]] = []
    total = 0
    while True:
        ids, weights, block_values, count, last, next_offset = _read_block(postfile, offset)
        blocks.append((total, offset))
        gaps.extend(ids)
        if weights is None:
            weight_parts.append(np.ones(count, dtype=np.float32))
        elif isinstance(weights, float):
            weight_parts.append(np.full(count, weights, dtype=np.float32))
        else:
            weight_parts.append(np.asarray(weights, dtype=np.float32))
        if positions:
            values.extend(block_values)
        total += count
        if last:
            break
        offset = next_offset
    running = np.cumsum(np.fromiter(gaps, dtype=np.int64, count=total))
    block_starts = np.array([start for start, _ in blocks], dtype=np.int64)
    before = np.concatenate([[0], running[block_starts[1:] - 1]])  # the running total each block restarts from
    sizes = np.diff(np.append(block_starts, total))
    docs = (running - np.repeat(before, sizes)).astype(np.int32)
    weights_array = np.concatenate(weight_parts) if len(weight_parts) > 1 else weight_parts[0]
    postings = TermPostings(docs, weights_array, blocks, postfile)
    if positions:
        postings._all_positions = _decode_positions(values)
        postings.nbytes += sum(array.nbytes for array in postings._all_positions)
    return postings


class PostingsCache:
    """Decoded postings of recently used terms, per segment, within a memory budget (LRU).

    Segments are immutable (deletions live in the TOC, not in the postings), so an entry stays
    valid for as long as its segment exists.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple, TermPostings | None] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, segment_key, segment_reader, fieldname: str, btext: bytes) -> TermPostings | None:
        key = (segment_key, fieldname, btext)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
        postings = read_term(segment_reader, fieldname, btext)
        with self._lock:
            self.misses += 1
            if key not in self._entries:
                self._entries[key] = postings
                self.bytes += postings.nbytes if postings is not None else 64
                while self.bytes > self.max_bytes and len(self._entries) > 1:
                    _, dropped = self._entries.popitem(last=False)
                    self.bytes -= dropped.nbytes if dropped is not None else 64
        return postings

    def positions(self, segment_key, segment_reader, fieldname: str, btext: bytes, where: np.ndarray):
        """(counts, positions) of a term in the documents at indexes `where` of its postings."""
        postings = self.get(segment_key, segment_reader, fieldname, btext)
        before = postings.nbytes
        found = postings.positions_of(where)
        if postings.nbytes != before:
            with self._lock:
                if self._entries.get((segment_key, fieldname, btext)) is postings:
                    self.bytes += postings.nbytes - before
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0

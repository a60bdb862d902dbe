"""Frequent words' postings kept decoded on disk beside their segment, read in place.

The first search for a frequent word decodes its postings from Whoosh's pickled blocks: at a million
articles "said" is 400,000 postings a segment, about 1.3 s of Python, paid again by every worker and
after every restart. Segments never change once written, so the decoded arrays are written once, when
a large segment is written (the build's merge and an import's tier merges, `segment_jobs`), into a
file beside it, `<segment id>.dpo`, and every process maps that file and reads the arrays where they
lie: no decoding, and one copy in the page cache for all workers. Whoosh's `clean_files` deletes it
with its segment (its name matches the segment's files).

Which words are kept is `threshold()`: those with at least 5,000 postings in the segment, or a 25th of
its documents in a large one (decoding fewer costs a few tens of milliseconds the first time); at a
million articles some 450 words a segment, about 0.45 GB a segment, a tenth of the index. A missing,
partial or unreadable file is never an error: the words are decoded from the segment as before
(`postings.read_term`), and `write_missing` writes it again.

Layout, written in one pass: `MAGIC`, the arrays, each 8-byte aligned (doc numbers int32, weights
float32, positions' CSR starts int64, one more than the docs, and the positions int32), the header
(JSON: for each field and term in hex, the offsets of its arrays after `MAGIC` and their lengths),
the header's length (8 bytes, little-endian) and `MAGIC` again, which a file cut short lacks.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import struct
import threading
from pathlib import Path

import numpy as np

from archive.search import postings

logger = logging.getLogger(__name__)

MAGIC = b"ARCHDPO2"  # 1: the header first (each file written twice)
SUFFIX = ".dpo"
MIN_POSTINGS = 5_000
SEGMENT_SHARE = 25  # in a large segment, a word in a 25th of its documents
FIELDS = ("text", "title")  # the fields searched by words and phrases
_LENGTH = struct.Struct("<Q")
_TRAILER = _LENGTH.size + len(MAGIC)
_ARRAYS = len(MAGIC)  # where the arrays start: the header's offsets count from here


def path_for(index_dir: str | os.PathLike, segment_id: str) -> Path:
    return Path(index_dir) / f"{segment_id}{SUFFIX}"


def threshold(segment_reader, min_postings: int | None = None) -> int:
    """How many postings make a word frequent in this segment: `min_postings` when given, else
    `MIN_POSTINGS` or a `SEGMENT_SHARE`th of the segment's documents, whichever is more (at a million
    articles 20,000 in a 500,000-document segment: its first searches stay within a few times the warm
    ones, and the file about a tenth of the segment)."""
    if min_postings:
        return min_postings
    return max(MIN_POSTINGS, segment_reader.doc_count_all() // SEGMENT_SHARE)


def _frequent_terms(segment_reader, min_postings: int):
    for fieldname in FIELDS:
        if fieldname not in segment_reader.schema or not segment_reader.schema[fieldname].format.supports("positions"):
            continue
        for btext, info in segment_reader.iter_field(fieldname):
            if info.doc_frequency() >= min_postings:
                yield fieldname, btext


def write(index_dir: str | os.PathLike, segment_reader, *, min_postings: int | None = None) -> Path | None:
    """Write the segment's decoded frequent words beside it; the file's path (None: no word is frequent)."""
    min_postings = threshold(segment_reader, min_postings)
    if segment_reader.doc_count_all() < min_postings or not postings.supported(segment_reader):
        return None
    target = path_for(index_dir, segment_reader._segment.segment_id())
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    header: dict[str, dict[str, list[int]]] = {}
    offset = 0
    try:
        with open(partial, "wb") as file:
            file.write(MAGIC)
            for fieldname, btext in list(_frequent_terms(segment_reader, min_postings)):
                found = postings.read_term(segment_reader, fieldname, btext, positions=True)
                starts, flat = found.every_position()
                entry = []
                for array in (found.docs, found.weights, starts, flat):
                    data = np.ascontiguousarray(array).tobytes()
                    file.write(data + b"\0" * (-len(data) % 8))
                    entry += [offset, len(array)]
                    offset += len(data) + (-len(data) % 8)
                header.setdefault(fieldname, {})[btext.hex()] = entry
            encoded = json.dumps(header, separators=(",", ":")).encode()
            file.write(encoded + _LENGTH.pack(len(encoded)) + MAGIC)
        if not header:
            return None
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def write_missing(index_dir: str | os.PathLike, *, min_postings: int | None = None) -> list[Path]:
    """Write the file of every segment of the index in `index_dir` that could have one and has none, or
    an unreadable one (an index built before these files or their current layout, segments no merge
    wrote, a file cut short): the files written."""
    from whoosh.filedb.filestore import FileStorage

    written = []
    reader = FileStorage(str(index_dir)).open_index("MAIN").reader()
    try:
        for leaf, _offset in reader.leaf_readers():
            segment = getattr(leaf, "_segment", None)  # an empty index has no segments
            if segment is None or _readable(path_for(index_dir, segment.segment_id())):
                continue
            if (path := write(index_dir, leaf, min_postings=min_postings)) is not None:
                written.append(path)
    finally:
        reader.close()
    return written


def _readable(path: Path) -> bool:
    try:
        DecodedSegment(path).close()
    except (OSError, ValueError):
        return False
    return True


class DecodedSegment:
    """A `.dpo` file mapped read-only: `postings(fieldname, btext)` gives its words' arrays in place."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as file:
            self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            size = len(self._map)
            if size < len(MAGIC) + _TRAILER or self._map[: len(MAGIC)] != MAGIC:
                raise ValueError("not a decoded-postings file of this version")
            if self._map[size - len(MAGIC) :] != MAGIC:
                raise ValueError("the file is cut short: its end mark is missing")
            (length,) = _LENGTH.unpack_from(self._map, size - _TRAILER)
            header_at = size - _TRAILER - length
            if header_at < _ARRAYS:
                raise ValueError("the file is shorter than its header says")
            self._terms = json.loads(self._map[header_at : size - _TRAILER])
            last = max(
                (entry[-2] + 4 * entry[-1] for terms in self._terms.values() for entry in terms.values()), default=0
            )
            if _ARRAYS + last > header_at:
                raise ValueError("the file is shorter than its header says")
        except BaseException:
            self._map.close()
            raise

    def holds(self, fieldname: str, btext: bytes) -> bool:
        return btext.hex() in self._terms.get(fieldname, {})

    def held(self, fieldname: str) -> int:
        """How many words of `fieldname` the file holds."""
        return len(self._terms.get(fieldname, {}))

    def postings(self, fieldname: str, btext: bytes) -> postings.TermPostings | None:
        entry = self._terms.get(fieldname, {}).get(btext.hex())
        if entry is None:
            return None
        docs, weights, starts, flat = (
            np.frombuffer(self._map, dtype=dtype, count=count, offset=_ARRAYS + at)
            for dtype, at, count in zip(
                (np.int32, np.float32, np.int64, np.int32), entry[0::2], entry[1::2], strict=True
            )
        )
        return postings.TermPostings.decoded(docs, weights, starts, flat)

    def advise_needed(self) -> None:
        """Ask the kernel to read the whole file ahead (the page cache, shared; not this process's memory)."""
        if hasattr(self._map, "madvise") and hasattr(mmap, "MADV_WILLNEED"):
            self._map.madvise(mmap.MADV_WILLNEED)

    def close(self) -> None:
        with contextlib.suppress(BufferError):  # arrays still point into it: it goes with the last of them
            self._map.close()


class DecodedFiles:
    """The open `.dpo` files of the segments a process reads, by segment key `(index dir, segment id)`."""

    def __init__(self) -> None:
        self._open: dict[tuple, DecodedSegment | None] = {}
        self._lock = threading.Lock()

    def get(self, segment_key: tuple) -> DecodedSegment | None:
        with self._lock:
            if segment_key in self._open:
                return self._open[segment_key]
        index_dir, segment_id = segment_key
        path = path_for(index_dir, segment_id)
        found = None
        if path.exists():
            try:
                found = DecodedSegment(path)
            except (OSError, ValueError) as error:
                logger.warning("Decoded postings %s not used (%s): decoding from the segment instead.", path, error)
        with self._lock:
            if segment_key in self._open:  # another thread opened it meanwhile
                if found is not None:
                    found.close()
                return self._open[segment_key]
            self._open[segment_key] = found
        return found

    def discard(self, segment_key: tuple) -> None:
        with self._lock:
            found = self._open.pop(segment_key, None)
        if found is not None:
            found.close()

    def clear(self) -> None:
        with self._lock:
            opened, self._open = list(self._open.values()), {}
        for found in opened:
            if found is not None:
                found.close()

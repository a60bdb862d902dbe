"""Fixes to Whoosh 2.7.4 (the last release; the library is no longer maintained).

`install()` is idempotent and process-wide; the app installs it when it loads
(`ArchiveConfig.ready()`), so every process (server, commands, the rebuild's indexing processes)
runs with the same query semantics. It patches only the Whoosh version the fixes were written
for (`WRITTEN_FOR`); on any other a system check (archive.E005) stops the process until they are
reviewed against it.

A wrong answer:

* `AndNotMatcher` (`oil -gas`, `said -oil`) only looks at the excluded side when both sides
  start on the same document, so when the excluded word's first document comes before the
  wanted word's first document, that first wanted document is returned even if it contains the
  excluded word. `_find_first` here always moves the excluded side up to the first candidate.

A lock held for ever:

* `SubWriterTask` (an indexing process of `MpWriter`, a bulk session's) waits for its next job with no end and
  never notices its parent died (an import stopped with kill): it kept the index's write lock it inherited.
  It now dies with its parent (`orphans`).

Speed and memory, same answers:

* `W3PerDocReader._cached_reader` caches readers of the per-document columns of an immutable
  segment, but not their absence: every `doc_field_length()` on a field without lengths (our
  exact fields, ids) stats the file system. Committing a segment asks for each posting, so a
  20,000-article build made ~2 million `stat` calls. Absence is cached here too.
* `BufferFile` (every file inside a compound segment) wraps the segment's memory map in a
  `BytesIO`, which copies it: opening a reader on a 100,000-article index copied 170 MB of
  postings and term tables into private memory, again for each reader and each new generation.
  Here the file reads the memory map in place (pages are read from the OS page cache on demand).
* `PostingPool.iter_postings` (each indexing process's sorted postings, at the end of a build) merges
  its spilled runs with at most 128 files open, so past 128 runs it first rewrites runs 128 at a time
  and reads everything twice: a million-article build spilled ~350 runs per process and spent more
  time in those extra passes than in indexing. A run is read one pickled posting at a time (a
  file buffer each), so the merge opens them all at once (up to `MERGE_MAX_FILES`, well within the
  open-file limit) and reads each posting once.
"""

from __future__ import annotations

import io
import resource

WRITTEN_FOR = (2, 7, 4)  # the release whose internals these fixes replace
MERGE_MAX_FILES = 4096  # runs merged in one pass at the end of a build (capped by the open-file limit)

_installed = False


def installed_whoosh_version() -> tuple[int, ...]:
    import whoosh

    return tuple(whoosh.__version__)


def written_for_installed_whoosh() -> bool:
    return installed_whoosh_version() == WRITTEN_FOR


class ViewFile(io.RawIOBase):
    """A read-only, seekable file over a buffer (a memory map's view), without copying it."""

    def __init__(self, buffer) -> None:
        super().__init__()
        self._view = memoryview(buffer).cast("B")
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(len(self._view), start + size)
        self._pos = max(start, end)
        return self._view[start:end].tobytes()

    def readinto(self, target) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, self._pos
        limit = len(view) if size is None or size < 0 else min(len(view), start + size)
        end = start
        while end < limit:
            end += 1
            if view[end - 1] == 10:  # b"\n"
                break
        self._pos = end
        return view[start:end].tobytes()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._pos = offset
        elif whence == io.SEEK_CUR:
            self._pos += offset
        elif whence == io.SEEK_END:
            self._pos = len(self._view) + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if self._pos < 0:
            raise ValueError("negative seek position")
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view = memoryview(b"")
        super().close()


def merge_max_files() -> int:
    """How many spilled runs one merge may open: MERGE_MAX_FILES, at most half the soft open-file limit."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MERGE_MAX_FILES
    return max(128, min(MERGE_MAX_FILES, soft // 2))


def install() -> bool:
    """Apply the fixes (once per process); False, patching nothing, on a Whoosh they were not written for."""
    global _installed
    if _installed:
        return True
    if not written_for_installed_whoosh():
        return False
    from whoosh.codec import whoosh3

    def _cached_reader(self, fieldname, column):
        readers = self._readers
        if fieldname in readers:
            return readers[fieldname]
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
        return reader

    whoosh3.W3PerDocReader._cached_reader = _cached_reader

    from whoosh.filedb import structfile

    def buffer_file_init(self, buf, name=None, onclose=None):
        self._buf = buf
        self._name = name
        self.file = ViewFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    structfile.BufferFile.__init__ = buffer_file_init

    from whoosh.matching import binary

    def and_not_find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()  # skips the excluded side up to the first wanted document

    binary.AndNotMatcher._find_first = and_not_find_first

    from whoosh import writing

    def iter_postings(self):
        return self.items(maxfiles=merge_max_files())

    writing.PostingPool.iter_postings = iter_postings

    from whoosh import multiproc

    from archive.search import orphans

    whoosh_task_run = multiproc.SubWriterTask.run

    def task_run_bound_to_parent(self):
        orphans.die_with_parent(self._parent_pid)
        whoosh_task_run(self)

    multiproc.SubWriterTask.run = task_run_bound_to_parent
    _installed = True
    return True

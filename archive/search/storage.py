"""Where the Whoosh index lives, and the atomic switch that lets a rebuild never show an empty index.

`settings.ARCHIVE_INDEX_PATH` is a symlink to a directory under `<data dir>/indexes/`. A rebuild
writes a fresh directory and replaces the symlink in one `os.replace`; searchers already open keep
reading the old files until they close (each process's snapshot closes them on its next search), and
the disk space is freed then.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from whoosh.filedb.filestore import FileStorage


def live_path() -> Path:
    return Path(settings.ARCHIVE_INDEX_PATH)


def indexes_root() -> Path:
    return live_path().parent / "indexes"


def build_name(live: Path) -> str:
    """The build the live index is: the name of the directory its symlink points to (OSError: unreadable)."""
    return os.path.basename(os.readlink(live)) if live.is_symlink() else live.name


def generation(path: str | os.PathLike) -> int:
    """The latest committed generation of the index in `path` (-1: none), from one directory listing."""
    from whoosh.index import TOC

    return TOC._latest_generation(FileStorage(str(path)), "MAIN")


@dataclass(frozen=True)
class IndexVersion:
    """Which state of the index searches read: the build (the live symlink's directory), its committed
    generation, and when that generation was committed (its table of contents' mtime, seconds since the epoch).
    Any write to the index commits a new generation; a rebuild is a new build."""

    build: str
    generation: int
    committed_at: float

    @property
    def tag(self) -> str:
        return f"{self.build}-{self.generation}"


def version() -> IndexVersion | None:
    """The live Whoosh index's version from one listing and one stat; None when searches do not read a
    Whoosh index (another haystack engine) or it has no committed generation."""
    from whoosh.index import TOC

    from archive.search import portable

    if not portable.whoosh_engine():
        return None
    live = live_path()
    try:
        build = build_name(live)
        found = generation(live)
        if found < 0:
            return None
        committed_at = os.stat(live / TOC._filename("MAIN", found)).st_mtime
    except OSError:  # no index yet, or a rebuild switched it between the listing and the stat
        return None
    return IndexVersion(build, found, committed_at)


def schema():
    from haystack import connections

    backend = connections["default"].get_backend()
    return backend.build_schema(connections["default"].get_unified_index().all_searchfields())[1]


def new_index_dir() -> Path:
    """An empty Whoosh index in a new directory, not yet live."""
    root = indexes_root()
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=root))
    FileStorage(str(path)).create_index(schema())
    return path


def ensure_live_index() -> None:
    """Create an empty live index when there is none (first run, new data dir)."""
    live = live_path()
    if live.exists() or live.is_symlink():
        if live.is_symlink() and not live.exists():  # dangling: its target was removed
            live.unlink()
        else:
            return
    live.parent.mkdir(parents=True, exist_ok=True)
    # Processes starting together may each make one; the last switch wins, the others are removed.
    _switch(new_index_dir())


def make_live(path: Path) -> None:
    """Point the live symlink at `path` atomically and delete index directories no longer used.

    Called by a rebuild holding the live index's write lock, so no other build is starting.
    """
    _switch(path)
    remove_abandoned(keep=path)


def _switch(path: Path) -> None:
    live = live_path()
    previous = live.resolve() if live.is_symlink() else None
    staging = live.with_name(f".{live.name}-{os.getpid()}-{time.monotonic_ns()}")
    staging.symlink_to(os.path.relpath(path, live.parent))
    os.replace(staging, live)
    if previous is not None and previous != path.resolve() and previous.parent == indexes_root().resolve():
        # Open searchers keep their file handles; on POSIX the removal only frees the names.
        shutil.rmtree(previous, ignore_errors=True)


def remove_abandoned(*, keep: Path) -> list[Path]:
    """Delete index directories left by builds that were killed (no process holds their write lock)."""
    removed = []
    keep = keep.resolve()
    for candidate in indexes_root().iterdir():
        if not candidate.is_dir() or candidate.resolve() == keep:
            continue
        lock = FileStorage(str(candidate)).lock("MAIN_WRITELOCK")
        try:
            if not lock.acquire(blocking=False):
                continue  # a build is writing it
        except OSError:
            continue
        try:
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
        finally:
            lock.release()
    return removed

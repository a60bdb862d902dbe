"""When the live index cannot be read or written: the cause in one line, for pages, logs and commands.

A read-only index is still searched (only writes fail, and they stay queued as `IndexChange` rows);
a damaged one (a segment file missing or truncated) cannot be searched until it is rebuilt, so
search raises `IndexUnavailable` and the page, API and feed answer 503 instead of a 500.
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
import threading
import traceback
import zlib
from collections.abc import Iterator

from whoosh.index import IndexError as WhooshIndexError
from whoosh.index import LockError

logger = logging.getLogger(__name__)

# What reading a missing, truncated or corrupt index file raises inside Whoosh.
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    WhooshIndexError,
)

UNAVAILABLE_MESSAGE = (
    "Search is unavailable: the search index cannot be read. The problem has been logged; "
    "articles can still be opened from their links. Please try again later."
)


class IndexUnavailable(Exception):
    """The live index cannot be read; `cause` says why in one line."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


class IndexBusy(LockError):
    """Another writer holds the live index's write lock longer than the caller would wait; changes stay queued.

    The writer raises it in place of Whoosh's `LockError` (which it wraps, and subclasses so that
    Whoosh-level handlers still catch it): callers outside search need not import Whoosh. `waited`: the seconds
    the caller waited for the lock, when it knows them.
    """

    def __init__(self, message: str = "The live index is locked by another writer.", *, waited: float | None = None):
        super().__init__(message)
        self.waited = waited


def describe(error: BaseException) -> str:
    """One line naming what failed (`PermissionError: ... '/path'`), never a traceback."""
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        text = f"{error.strerror}{where}"
    else:
        text = str(error) or type(error).__name__
    first = " ".join(text.split())
    return f"{type(error).__name__}: {first[:300]}"


def unwritable(path: str | os.PathLike | None = None) -> str:
    """Why the live index directory cannot be written ("" when it can): the one-line cause for commands."""
    from archive.search import storage

    target = os.path.realpath(path if path is not None else storage.live_path())
    if os.path.isdir(target) and not os.access(target, os.W_OK):
        return f"the index directory {target} is not writable"
    return ""


def unreadable(path: str | os.PathLike | None = None) -> str:
    """Why the live index directory cannot be read ("" when it can): Whoosh says an index it cannot list "does not
    exist", which sends an operator after a missing index instead of its permissions."""
    from archive.search import storage

    target = os.path.realpath(path if path is not None else storage.live_path())
    if os.path.isdir(target) and not os.access(target, os.R_OK | os.X_OK):
        return f"the index directory {target} cannot be read by this user (permission denied)"
    return ""


def write_failure(error: BaseException) -> str:
    """The one-line cause of a failed index write: the directory that refused it, when that is the cause."""
    if isinstance(error, PermissionError) and error.filename:
        name = os.fsdecode(error.filename)
        where = os.path.realpath(name if os.path.isdir(name) else os.path.dirname(name))
        return f"the index directory {where} is not writable ({error.strerror})"
    reason = unwritable()
    return reason if reason else f"the index could not be written ({describe(error)})"


def lock_file() -> str:
    """The live index's write lock (Whoosh's `MAIN_WRITELOCK`, flock()ed by whoever writes)."""
    from archive.search import storage

    return os.path.join(os.path.realpath(storage.live_path()), "MAIN_WRITELOCK")


def _process(pid: int) -> str:
    """`PID 1234: its command line, shortened`, or "" when no such process is running."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            command = file.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""
    command = " ".join(command.split())
    return f"PID {pid}: {command[:80]}{'…' if len(command) > 80 else ''}" if command else f"PID {pid}"


def lock_holders(path: str | os.PathLike) -> list[str]:
    """The running processes holding the flock on `path`, each as `_process` names it ([] when none can be told:
    no /proc, not Linux, or the lock is free). /proc/locks names the process that took the lock; one it forked
    (an indexing process) keeps the lock after it, so when that one is gone, those holding the file open."""
    try:
        found = os.stat(path)
        with open("/proc/locks", encoding="ascii", errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        return []
    where = f"{os.major(found.st_dev):02x}:{os.minor(found.st_dev):02x}:{found.st_ino}"  # as the kernel writes it
    pids = [int(parts[4]) for parts in map(str.split, lines) if parts[1:2] == ["FLOCK"] and parts[5:6] == [where]]
    if not pids:
        return []
    named = [name for name in map(_process, pids) if name]
    return named or [name for name in map(_process, _opened_by(found)) if name]


def _opened_by(found: os.stat_result) -> list[int]:
    """The processes with the file open (those this user may look into)."""
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in os.scandir(f"/proc/{entry.name}/fd"):
                with contextlib.suppress(OSError):
                    held = os.stat(fd.path)
                    if (held.st_ino, held.st_dev) == (found.st_ino, found.st_dev):
                        pids.append(int(entry.name))
                        break
    return pids


def busy_message(waited: float | None = None) -> str:
    """What a command says when another writer kept the live index's lock: who holds it, when that can be told,
    and what to do."""
    holders = lock_holders(lock_file())
    who = f" ({', '.join(holders)})" if holders else ""
    after = f" for {waited:g} s" if waited else ""
    pids = " ".join(holder.split()[1].rstrip(":") for holder in holders)
    stop = f", or stop it if it is stuck (kill {pids})" if pids else ""
    return f"the index is locked by another writer{who}{after}; run the command again once it has finished{stop}"


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Around a command's index write: a failure becomes a one-line CommandError (non-zero exit)."""
    from django.core.management import CommandError

    try:
        yield
    except IndexBusy as error:
        raise CommandError(busy_message(error.waited)) from error
    except OSError as error:
        raise CommandError(f"{write_failure(error)}; fix that and run the command again") from error


@contextlib.contextmanager
def freeing_half_open_writer() -> Iterator[None]:
    """Around opening a Whoosh writer: a lock another writer holds becomes `IndexBusy`.

    And Whoosh takes the write lock, then fails to create the segment's files in an unwritable
    directory, and the half-made writer holding the lock lives on in the traceback's frames (a
    later writer in this process would wait for it forever). Free it now."""
    try:
        yield
    except IndexBusy:
        raise
    except LockError as error:
        raise IndexBusy(str(error) or "The live index is locked by another writer.") from error
    except OSError as error:
        traceback.clear_frames(error.__traceback__)
        raise


_failures = threading.local()


def note_write_failure(cause: str) -> None:
    """Remember, for this thread's request, that the after-commit writer could not write the index."""
    _failures.cause = cause


def take_write_failure() -> str:
    """The cause noted by `note_write_failure` since the last call ("" when none), and forget it."""
    cause = getattr(_failures, "cause", "")
    _failures.cause = ""
    return cause


def note_index_in_background(articles: int) -> None:
    """Remember, for this thread's request, that its change to `articles` articles is indexed in the background."""
    _failures.background = getattr(_failures, "background", 0) + articles


def take_index_in_background() -> int:
    """The articles noted by `note_index_in_background` since the last call (0 when none), and forget them."""
    articles = getattr(_failures, "background", 0)
    _failures.background = 0
    return articles


# Index generations found unreadable in this process: (directory, generation) -> cause. Whoosh retries
# opening a damaged index for half a second each time; this answers the next searches at once, until a
# rebuild (another directory) or a commit (another generation) replaces the damaged one.
_damaged: dict[tuple[str, int], str] = {}


def _generation_key() -> tuple[str, int]:
    from archive.search import storage

    path = os.path.realpath(storage.live_path())
    return path, storage.generation(path)


def remember_damage(cause: str) -> None:
    with contextlib.suppress(OSError):  # the directory itself is gone: nothing to remember it by
        _damaged[_generation_key()] = cause


def known_damage() -> str:
    """The cause when the live index generation was already found unreadable here ("" otherwise).

    Free until a damaged index has been seen: then one directory listing per search.
    """
    if not _damaged:
        return ""
    try:
        return _damaged.get(_generation_key(), "")
    except OSError:
        return ""


def refuse_known_damage() -> None:
    """`IndexUnavailable` at once when the live generation was already found unreadable here, rather than
    wait out Whoosh's retries again."""
    damage = known_damage()
    if damage:
        raise IndexUnavailable(damage)


@contextlib.contextmanager
def damage_reported() -> Iterator[None]:
    """A read error inside is logged, remembered for the next searches and raised as `IndexUnavailable`
    (a 503 that says why), never a 500."""
    try:
        yield
    except READ_ERRORS as error:
        cause = describe(error)
        logger.error("The search index cannot be read: %s", cause)
        remember_damage(cause)
        raise IndexUnavailable(cause) from error


def segments_missing(path: str | os.PathLike) -> str:
    """Cheaply, without opening the index: the first segment the committed table of contents lists whose
    files are gone ("" when none are), for /healthz. A truncated file is found only by reading it."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    storage = FileStorage(str(path))
    try:
        toc = TOC.read(storage, "MAIN")
        names = set(storage.list())
    except READ_ERRORS as error:
        return describe(error)
    except Exception as error:  # an unpicklable table of contents is damage too, never a 500 on /healthz
        return describe(error)
    for segment in toc.segments:
        prefix = segment.segment_id()
        if not any(name.startswith(prefix) for name in names):
            return f"the segment {prefix} listed in the index's table of contents has no files"
    return ""


def holds_no_documents(path: str | os.PathLike) -> bool:
    """Cheaply, as `segments_missing`: whether the committed index holds no live document (False when its table
    of contents cannot be read: that is damage, which `segments_missing` names)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    try:
        toc = TOC.read(FileStorage(str(path)), "MAIN")
    except Exception:  # damage: said by segments_missing
        return False
    return not any(segment.doc_count() for segment in toc.segments)

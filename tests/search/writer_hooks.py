"""Hooks into the index writer's internals, for the tests elsewhere that watch or stop it mid-way.

Only tests under tests/search import submodules of `archive.search`; the import tests
(tests/importers) and the reliability worker (tests/reliability) reach the writer through these.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from archive.search import whoosh_writers, writer

if TYPE_CHECKING:
    import pytest

REBUILD_PROCS = whoosh_writers.PROCS  # indexing processes of a bulk session


def record_bulk_sessions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records each bulk session opened, at the end or alongside an import (its number of indexing processes)."""
    opened: list[int] = []

    def spy(original):
        def opening(ix, procs, timeout):
            opened.append(procs)
            return original(ix, procs, timeout)

        return opening

    monkeypatch.setattr(whoosh_writers, "session", spy(whoosh_writers.session))
    monkeypatch.setattr(whoosh_writers, "stream", spy(whoosh_writers.stream))
    return opened


def apply_in_batches(batch_size: int, wrap_open_writer: Callable[[Callable], Callable]) -> None:
    """For the rest of this process: the queue is applied `batch_size` changes per commit, and each
    Whoosh writer is opened through `wrap_open_writer(open_writer)`."""
    writer.apply_pending = functools.partial(writer.apply_pending, batch_size=batch_size)
    whoosh_writers.batch = wrap_open_writer(whoosh_writers.batch)

"""Opening the live index for reading: a small context-manager API the rest of search uses."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from whoosh.searching import Searcher


def _backend():
    from haystack import connections

    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend


def schema():
    return _backend().schema


@contextlib.contextmanager
def searcher() -> Iterator[Searcher]:
    """A searcher on the latest committed index generation, closed on exit."""
    backend = _backend()
    backend.index = backend.index.refresh()
    with backend.index.searcher() as opened:
        yield opened

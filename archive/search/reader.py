"""Opening the live index for reading: a small context-manager API the rest of search uses."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from whoosh.searching import Searcher


def backend():
    """This thread's haystack backend, set up, on the index path the settings name now."""
    from django.conf import settings
    from haystack import connections

    connection = connections["default"]
    current = connection.get_backend()
    if current.path != settings.HAYSTACK_CONNECTIONS["default"]["PATH"]:
        # Connections are per thread and outlive a settings change (tests give each test its own data dir).
        connections.reload("default")
        current = connections["default"].get_backend()
    if not current.setup_complete:
        current.setup()
    return current


def schema():
    """The Whoosh schema queries are parsed with: the live index's, or on an engine other than Whoosh
    (where nothing here opens an index) the one our backend would build from the same fields."""
    from archive.search import portable

    if not portable.whoosh_engine():
        return _parsing_schema()
    return backend().schema


def _parsing_schema():
    from haystack import connections

    from archive.search.backend import ArchiveWhooshSearchBackend

    fields = connections["default"].get_unified_index().all_searchfields()
    return ArchiveWhooshSearchBackend("default", PATH="unused").build_schema(fields)[1]


@contextlib.contextmanager
def searcher() -> Iterator[Searcher]:
    """A searcher on the latest committed index generation, closed on exit."""
    live = backend()
    live.index = live.index.refresh()
    with live.index.searcher() as opened:
        yield opened

"""The answers that change only with the index or the code (archive/conditional.py), and how a test stands in for
the search each one runs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace

# (path, the name its view runs the search by)
ANSWERS = [
    ("/", "archive.views.run_search"),
    ("/api/search/", "archive.api.search.run_search"),
    ("/feeds/search/", "archive.feeds.search"),
    ("/feeds/search/atom/", "archive.feeds.search"),
]


def searcher(target: str) -> Callable:
    """The search function a view calls, by the dotted name in ANSWERS."""
    module, name = target.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def cut_short(target: str, calls: list | None = None) -> Callable:
    """A stand-in for `target` whose searches ran out of time (partial), each call appended to `calls`."""
    searched = searcher(target)

    def partial(*args, **kwargs):
        if calls is not None:
            calls.append(1)
        return replace(searched(*args, **kwargs), partial=True)

    return partial

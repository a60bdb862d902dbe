"""Telling an editor that a save reached the database but not yet the search index.

A save always commits with its `IndexChange` rows; the after-commit writer then updates the index.
When the index cannot be written (a read-only or damaged directory), the change waits in the queue
and the next writer applies it, so nothing is lost, but search does not show it yet: say so.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from archive.search import take_write_failure, unwritable

BEHIND = (
    "Saved, but the search index is behind: {cause}. Your change is safe in the index queue and search will "
    "show it once the index can be written again (an administrator can run check_index --repair)."
)


def start(request: HttpRequest) -> None:
    """Before a view that may save: a failure left by an earlier request on this thread is not this save's."""
    take_write_failure()


def warn_if_behind(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """After a view that saved (and its after-commit writer ran): warn when the index was not written."""
    if request.method == "POST" and response.status_code in (301, 302, 303):
        cause = take_write_failure() or unwritable()
        if cause:
            messages.warning(request, BEHIND.format(cause=cause))
    return response

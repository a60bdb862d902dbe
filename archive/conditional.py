"""The answers that change only when the index, the entities' records or the code does (the search page, the search
API, the search feeds, the article pages and the entity pages): conditional GET, and answers kept until the next
change (`kept_until_change`).

A client that sends back the validators of its copy (If-None-Match, or If-Modified-Since) gets 304 Not Modified
while that copy is current, and no search runs: a feed reader or a script polling a search, a browser reloading
a page or going back to it, a reader opening an article again. The ETag names the live index's build and
generation (every change a search or an article page can show, an article, its tags, its source, publishing, its
copies, commits a new generation), the state of the sources', countries' and organisations' records (what the
index does not hold: aliases the search resolves, links, an organisation's approval; `records_version`) and the
code that renders the answer (a deploy changes the answer without touching either). `Cache-Control: no-cache`
makes every cache ask again before it reuses an answer.

The same validators key the answers each server process keeps (the "answers" cache, ARCHIVE_ANSWER_CACHE of
them, least recently used out first): the next reader of the same URL, with or without a copy of their own,
gets the kept answer and no search runs, until a change moves the validators and the key with them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from archive.errors import error_response
from archive.models import records_version
from archive.search import index_version

# What renders an answer: the code, the templates, and the static files' manifest the pages link through.
_CODE_DIRS = ("archive", "templates")


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int | None  # seconds since the epoch; None until the second of the last change has passed


@functools.cache
def _code_state() -> tuple[str, float]:
    """A digest of the code's files (path, size, mtime) and the search path setting, and the newest mtime among
    the files: read once a process, as a deploy (or a change of setting) restarts the workers."""
    entries = []
    for name in _CODE_DIRS:
        for root, dirs, files in os.walk(settings.BASE_DIR / name):
            dirs[:] = sorted(folder for folder in dirs if folder != "__pycache__")
            entries.extend(os.path.join(root, file) for file in sorted(files))
    manifest = getattr(staticfiles_storage, "manifest_name", None)  # none when DEBUG serves files as they are
    if manifest:
        entries.append(os.path.join(settings.STATIC_ROOT, manifest))
    digest, newest = hashlib.blake2b(digest_size=6), 0.0
    # The one setting that changes an answer without a change of code or index: the path the API names.
    digest.update(f"{settings.ARCHIVE_SEARCH_PATH}\0".encode())
    for path in entries:
        try:
            stat = os.stat(path)
        except OSError:  # no manifest collected yet, or a file gone meanwhile
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        newest = max(newest, stat.st_mtime)
    return digest.hexdigest(), newest


def _validators() -> Validators | None:
    """The present answer's validators; None when searches do not read a Whoosh index (another engine: no
    version to compare, every request is answered in full) or the records' changes cannot be told."""
    version = index_version()
    records = records_version()
    if version is None or records is None:
        return None
    code, deployed = _code_state()
    changed = int(max(version.committed_at, deployed, records[1]))
    # Last-Modified has one-second resolution: sent only once the second of the change has passed, so a later
    # change always falls in a later second and a client's If-Modified-Since cannot hide it.
    # Weak: the same content, though not byte for byte (an empty feed's lastBuildDate is when it was built).
    return Validators(f'W/"{version.tag}-{code}-{records[0]}"', changed if int(time.time()) > changed else None)


def _stamp(response: HttpResponse, found: Validators | None) -> HttpResponse:
    """`found` on an answer (None: no validators, e.g. an answer cut short by the time limit, which a client
    should not keep until the next change). A Last-Modified set before (the syndication framework's, the
    newest item's date, which an unpublished or an older article's arrival does not move) is replaced or goes."""
    patch_cache_control(response, no_cache=True)
    response.headers.pop("Last-Modified", None)
    if found is not None:
        response.headers["ETag"] = found.etag
        if found.last_modified is not None:
            response.headers["Last-Modified"] = http_date(found.last_modified)
    return response


def _unchanged(request: HttpRequest, found: Validators | None) -> HttpResponse | None:
    """304 Not Modified when the client's copy is the present one; 412 when its If-Match or
    If-Unmodified-Since names another; None: answer in full."""
    if found is None:
        return None
    response = get_conditional_response(request, etag=found.etag, last_modified=found.last_modified)
    if response is None:
        return None
    if response.status_code == 412:
        return error_response(request, 412)
    return _stamp(response, found)


def _kept_key(request: HttpRequest, found: Validators) -> str | None:
    """The key of the answer to `request` while `found` is current; None for an answer not to share: a request
    other than GET or HEAD, or one with a session (an editor's pages name the admin)."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    # The scheme and host too: answers hold absolute links (the API's article URLs, the feeds').
    url = request.build_absolute_uri()
    return f"{found.etag}:{hashlib.blake2b(url.encode(), digest_size=16).hexdigest()}"


def not_to_keep(response: HttpResponse) -> HttpResponse:
    """Marks `response` as an answer not to keep until the next change (cut short by the time limit, or without a
    part that could not be read): `kept_until_change` sends it without validators and keeps nothing."""
    patch_cache_control(response, no_store=True)
    return response


def kept_until_change(view: Callable[..., HttpResponse] | None = None, *, keep: bool = True):
    """Conditional GET and kept answers for a view whose answer changes only with the index or the code.

    304 (or 412) for a client whose copy is current; else the answer kept for the same URL under the present
    validators; else the view's answer, stamped and kept, unless the view marked it `not_to_keep` (it is then
    sent without validators). With another engine than Whoosh (no validators) the view answers every request.
    `@kept_until_change(keep=False)`: conditional GET only, for answers too large to keep (a sitemap page)."""
    if view is None:
        return functools.partial(kept_until_change, keep=keep)

    @functools.wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        found = _validators()
        if (not_modified := _unchanged(request, found)) is not None:
            return not_modified
        key = _kept_key(request, found) if found is not None and keep else None
        kept_answers = caches["answers"]
        if key is not None and (kept := kept_answers.get(key)) is not None:
            return _stamp(kept, found)  # stamped again: Last-Modified may be due by now
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if "no-store" in response.get("Cache-Control", ""):  # e.g. cut short by the time limit
            return _stamp(response, None)
        _stamp(response, found)
        if key is not None and not response.streaming and not response.cookies:
            # Whether an answer is shared depends on the session cookie: say so, as a computed page does.
            patch_vary_headers(response, ("Cookie",))
            kept_answers.set(key, response)
        return response

    return answer

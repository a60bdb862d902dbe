"""Per-client request limits for the public search page, API and feeds: HTTP 429 with Retry-After beyond them.

django-ratelimit counts (ARCHIVE_RATE_LIMIT requests per ARCHIVE_RATE_LIMIT_WINDOW seconds per client, one
counter across "/", /api/ and /feeds/); django-ipware finds the client's address. Behind
ARCHIVE_TRUSTED_PROXIES proxies the address is
the X-Forwarded-For entry the outermost trusted proxy appended, counted from the right: anything to its left
was sent by the client and is ignored, so a forged header cannot rotate the counted address. (The app must
then be reachable only through those proxies: gunicorn listens on loopback unless told otherwise.) The login
lockout counts the same address: settings.py derives django-axes' ipware settings from ARCHIVE_TRUSTED_PROXIES.

The counters live in the database (`CounterCache`, created by `manage.py createcachetable`), so every
gunicorn worker and every server process on the same database shares them.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import pickle
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.timezone import now
from django_ratelimit.core import get_usage
from ipware import get_client_ip

from archive.errors import too_many_requests

logger = logging.getLogger("archive")

GROUP = "archive.public"  # one counter per client for every limited path


def client_ip(request: HttpRequest) -> str:
    """The client's address (django-ratelimit's RATELIMIT_IP_META_KEY; it masks IPv6 to its /64)."""
    proxies = settings.ARCHIVE_TRUSTED_PROXIES
    if proxies > 0:
        # ipware counts the proxies listed in the header *before* the last one (whose address is
        # REMOTE_ADDR), so the entry our outermost proxy appended is chain[-proxies]: proxy_count=proxies-1.
        # Only X-Forwarded-For is read (the other headers ipware knows are the client's to forge), and not
        # strictly: a malformed or padded left part must not push the client back onto REMOTE_ADDR.
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    # No peer address (a Unix socket): one shared counter, under an address django-ratelimit can parse.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - an address, not a bind


def is_limited(request: HttpRequest) -> bool:
    """Whether a request is one the limit counts: a search, in any form, or what costs as much."""
    path = request.path_info
    if path == "/" or path.startswith(tuple(settings.ARCHIVE_RATE_LIMITED_PATHS)):
        return True
    # An article reached from a search (`?back=`) runs that search, up to three of its pages, to say where it stands
    # among the results: a client over the limit ran any search that way (an article read on its own is not counted).
    return path.startswith("/articles/") and "back" in request.GET


# How long a request's counter waits for SQLite's write lock (milliseconds): a bulk change or an import holds it
# for seconds, and a search waited the connection's whole busy timeout (20 s) for its count.
COUNTER_WAIT_MS = 250


@contextlib.contextmanager
def _short_wait() -> Iterator[None]:
    """SQLite's busy timeout cut to COUNTER_WAIT_MS for the counter's write, then given back (the connection's
    other writes, an editor's save, still wait their whole timeout). PostgreSQL locks the counter's row only."""
    connection = connections[router.db_for_write(caches[settings.RATELIMIT_USE_CACHE].cache_model_class)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        usual = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {COUNTER_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.failed = False
        self.busy_said_at = 0.0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.ARCHIVE_RATE_LIMIT
        if limit > 0 and is_limited(request):
            try:
                with _short_wait():
                    usage = get_usage(
                        request,
                        group=GROUP,
                        key="ip",
                        rate=f"{limit}/{settings.ARCHIVE_RATE_LIMIT_WINDOW}s",
                        increment=True,
                    )
            except DatabaseError as error:
                if "locked" in str(error) or "busy" in str(error):  # a long write holds SQLite's lock: serve
                    if time.monotonic() - self.busy_said_at > 60:  # said once a minute, not once a request
                        logger.warning("Rate limit not applied to some requests: the database was busy (%s)", error)
                        self.busy_said_at = time.monotonic()
                    return self.get_response(request)
                # Serve rather than refuse everyone (a missing counter table is a set-up step not run), and
                # say so once per process, not on every request, with what to do about this error.
                if not self.failed:
                    missing = "no such table" in str(error) or "does not exist" in str(error)
                    fix = (
                        "run `make setup` (manage.py createcachetable)"
                        if missing
                        else "the database refused the write: check that this user can write to it"
                    )
                    logger.exception("Rate limit not applied (%s): %s", error, fix)
                self.failed = True
                usage = None
            if usage is not None and usage["should_limit"]:
                return with_budget(too_many_requests(request, usage["time_left"]), usage)
            if usage is not None:
                return with_budget(self.get_response(request), usage)
        return self.get_response(request)


def with_budget(response: HttpResponse, usage: dict) -> HttpResponse:
    """The client's budget on a counted answer (the IETF draft's RateLimit-Limit, -Remaining and -Reset, as most
    APIs send them): a script paces itself from any answer, not only from a 429's Retry-After."""
    response["RateLimit-Limit"] = str(usage["limit"])
    response["RateLimit-Remaining"] = str(max(0, usage["limit"] - usage["count"]))
    response["RateLimit-Reset"] = str(max(0, int(usage["time_left"])))
    return response


class CounterCache(DatabaseCache):
    """Django's database cache with an atomic `incr`, so concurrent workers never lose a count.

    DatabaseCache.incr is a read then a write (django-ratelimit's check calls it "not atomic"); `add` is
    already safe (the loser of two concurrent inserts gets an IntegrityError and returns False).
    """

    def incr(self, key, delta: int = 1, version=None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_col, value_col, expires_col = map(quote, (self._table, "cache_key", "value", "expires"))
        # Identifiers only (quoted names from CACHES), values as parameters.
        lock = f"UPDATE {table} SET {expires_col} = {expires_col} WHERE {key_col} = %s AND {expires_col} > %s"  # noqa: S608
        read = f"SELECT {value_col} FROM {table} WHERE {key_col} = %s"  # noqa: S608
        write = f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s"  # noqa: S608
        current = connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # Writing the row first takes its lock (a row lock on PostgreSQL, the write lock on SQLite)
            # until commit, so no other process reads the count between our read and our write.
            cursor.execute(lock, [cache_key, current])
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{cache_key}' not found")
            cursor.execute(read, [cache_key])
            count = pickle.loads(base64.b64decode(cursor.fetchone()[0].encode())) + delta  # noqa: S301 - our rows
            cursor.execute(write, [base64.b64encode(pickle.dumps(count, self.pickle_protocol)).decode(), cache_key])
        return count


_table_seen = False  # found once, a table stays: a health poll then reads nothing more


def missing_table() -> str | None:
    """The counter table's name when it does not exist (`createcachetable` not run: every limit, the public one
    and the alert form's, lets every request through), else None. Raises DatabaseError if the database cannot
    be read."""
    global _table_seen
    if _table_seen:
        return None
    cache = caches[settings.RATELIMIT_USE_CACHE]
    if not isinstance(cache, DatabaseCache):
        return None  # counters kept elsewhere (a test's cache): no table to make
    connection = connections[router.db_for_write(cache.cache_model_class)]
    with connection.cursor() as cursor:
        _table_seen = cache._table in connection.introspection.table_names(cursor)
    return None if _table_seen else cache._table


@receiver(post_migrate)
def reset_counters(sender, using: str, **kwargs) -> None:
    """Start the counters afresh after `migrate` or `flush` (each transactional test ends with a flush,
    which empties model tables only): one test's requests must not count against the next one's."""
    if sender.label != "archive":
        return
    cache = caches[settings.RATELIMIT_USE_CACHE]
    if not isinstance(cache, DatabaseCache) or router.db_for_write(cache.cache_model_class) != using:
        return
    try:
        with transaction.atomic(using=using):
            cache.clear()
    except DatabaseError:  # no table yet: `createcachetable` runs after the first `migrate`
        pass

"""Per-client request limits for the public search, API and feeds: HTTP 429 with Retry-After beyond them.

A fixed one-minute window counted in Django's cache. With the default per-process memory cache the
limit applies per server process; point CACHES at a shared cache to make it global.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def is_limited_path(path: str) -> bool:
    return path == "/" or path.startswith(tuple(settings.ARCHIVE_RATE_LIMITED_PATHS))


class RateLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.ARCHIVE_RATE_LIMIT
        if limit > 0 and is_limited_path(request.path_info):
            window = int(time.time() // WINDOW_SECONDS)
            key = f"ratelimit:{client_address(request)}:{window}"
            cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
            try:
                count = cache.incr(key)
            except ValueError:  # evicted between add and incr
                count = 1
            if count > limit:
                retry_after = WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
                response = HttpResponse(
                    "Too many requests: please wait a minute before searching again.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(retry_after)
                return response
        return self.get_response(request)

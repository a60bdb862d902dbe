"""Error responses in the site's layout: HTML for pages, JSON (`{"error", "status"}`) under /api/.

Django calls these for 400, 403, 404 and 500 (handler400... in archive/urls.py) and for a failed CSRF check
(CSRF_FAILURE_VIEW); the rate limiter answers 429 through `too_many_requests`.
"""

from __future__ import annotations

import logging
import sys

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("archive")

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    405: "Method not allowed",
    410: "Removed",
    412: "Precondition failed",
    429: "Too many requests",
    500: "Server error",
    503: "Search unavailable",
}
MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to see this page.",
    404: "There is no page at this address. It may have moved, or the link may be mistyped.",
    405: "This address does not answer that method.",
    410: "What this address held was removed from the archive.",
    412: "The answer has changed since the version the request names (If-Match or If-Unmodified-Since).",
    429: "Too many requests in a short time: please wait a little and try again.",
    500: "Something went wrong on our side. The error has been logged; please try again later.",
    503: "The search index cannot be read just now; please try again later.",
}
CSRF_MESSAGE = (
    "The form could not be checked (CSRF verification failed). Reload the page and submit it again; "
    "your browser must accept cookies from this site."
)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def error_response(
    request: HttpRequest | None,
    status: int,
    message: str | None = None,
    *,
    way_on: tuple[str, str] | None = None,
    title: str | None = None,
) -> HttpResponse:
    """The error page for `status`, rendered without a request context.

    A plain template render (no context processors, no session or user lookup) so that even a 500 raised
    by the database or a middleware still renders.
    """
    message = message or MESSAGES[status]
    if request is not None and is_api(request):
        return JsonResponse({"error": message, "status": status}, status=status)
    # `way_on`: (text, URL) of the page to go on to ("All countries" from a country that is not there).
    context = {"status": status, "title": title or TITLES[status], "message": message, "way_on": way_on}
    try:
        html = loader.render_to_string("errors/error.html", context)
    except Exception:  # a broken template or static manifest must not hide the original error
        logger.exception("The %s error page could not be rendered", status)
        title = context["title"]
        html = f"<!doctype html><title>{status} {title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def removed_or_404(request: HttpRequest, article_id: int) -> HttpResponse:
    """The answer for an article id nothing is published under: 410 Gone, saying when, for an article an editor
    deleted (a citation of it is answered honestly, without naming what was removed); else 404."""
    from django.utils import timezone

    from archive.models import Article  # the error pages load before the models

    removed = Article.removed_on(article_id)
    if removed is None:
        raise Http404
    day = timezone.localtime(removed)
    return error_response(
        request, 410, f"The article at this address was removed from the archive on {day.day} {day:%B %Y}."
    )


def login_locked(request: HttpRequest, *args) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): the 429 page, saying for how long."""
    from django.conf import settings

    hours = settings.AXES_COOLOFF_TIME
    response = error_response(
        request,
        429,
        "Too many failed sign-ins for this account from this address: try again in "
        + ("an hour" if hours == 1 else f"{hours} hours")
        + ", or ask the archive's administrator to unlock it.",
    )
    response["Retry-After"] = str(int(hours * 3600))
    return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached, or written (its disk full), answers 503 saying so, with Retry-After: a
    reader or an editor is told to try again (it was "Something went wrong on our side"). The error is logged with
    its traceback, as a 500's is."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("The database failed: %s", exception, exc_info=exception)
        if "full" in str(exception).lower() or "no space" in str(exception).lower():
            message = (
                "The archive's disk is full: what was sent could not be saved. Please tell the archive's "
                "administrator, and try again once there is room."
            )
        else:
            message = "The archive's database cannot be reached just now; please try again in a minute."
        response = error_response(request, 503, message, title="Archive unavailable")
        response["Retry-After"] = "60"
        return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except`: an unreadable index reached from a view that does not catch
    # it (the API) is a 503 that says so, not a 500.
    from archive.search import IndexUnavailable

    if isinstance(sys.exc_info()[1], IndexUnavailable):
        return search_unavailable(request)
    return error_response(request, 500)


def search_unavailable(request: HttpRequest) -> HttpResponse:
    """503 when the search index cannot be read (damaged): the cause is in the log, the way out in the page."""
    from archive.search import UNAVAILABLE_MESSAGE

    response = error_response(request, 503, UNAVAILABLE_MESSAGE)
    response["Retry-After"] = "60"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(request, 403, CSRF_MESSAGE)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    seconds = max(1, retry_after)
    when = "in a second" if seconds == 1 else f"in {seconds} seconds"
    response = error_response(request, 429, f"Too many requests in a short time: please try again {when}.")
    response["Retry-After"] = str(seconds)
    return response

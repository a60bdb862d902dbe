"""django-ninja's method dispatch, fixed once per process (`install`, from AppConfig.ready()).

Ninja answers HEAD with 405 for an operation declared for GET (HTTP asks every GET resource to answer HEAD: link
checkers, monitors and caches ask with it), and any other method it does not know with an HTML 405, where every
error under /api/ is JSON in the archive's shape. Django's own views answer HEAD as GET, without the body (the
handler and the WSGI server drop it).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from archive.errors import error_response


def _operation(path_view, request: HttpRequest):
    method = "GET" if request.method == "HEAD" else request.method
    return next((op for op in path_view.operations if method in op.methods), None)


def _not_allowed(path_view, request: HttpRequest) -> HttpResponse:
    methods = {method for op in path_view.operations for method in op.methods}
    allowed = sorted(methods | ({"HEAD"} if "GET" in methods else set()))
    response = error_response(request, 405, f"This address answers {' or '.join(allowed)} only.")
    response["Allow"] = ", ".join(allowed)
    return response


def install() -> None:
    from ninja.operation import PathView

    if getattr(PathView, "_archive_fixed", False):
        return

    def _sync_view(self, request: HttpRequest, *args, **kwargs):
        operation = _operation(self, request)
        if operation is None:
            return _not_allowed(self, request)
        response = operation.run(request, *args, **kwargs)
        if request.method == "HEAD" and getattr(response, "streaming", False):
            # The headers say what GET would send; the export itself is not run (the server would drop it).
            response.streaming_content = []
        return response

    PathView._sync_view = _sync_view  # the archive's operations are all synchronous
    PathView._archive_fixed = True

"""The archive's URLs plus views that fail on purpose, for the error-page and logging tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from archive.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom from a view")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("api/boom/", boom),
    path("forbidden/", forbidden),
    path("api/forbidden/", forbidden),
    *urlpatterns,
]

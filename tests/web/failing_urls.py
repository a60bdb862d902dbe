"""The archive's URLs plus views that fail on purpose, for the error-page and logging tests."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from archive.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom from a view")


def forbidden(request):
    raise PermissionDenied


def disk_full(request):
    raise OperationalError("database or disk is full")


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


urlpatterns = [
    path("boom/", boom),
    path("api/boom/", boom),
    path("forbidden/", forbidden),
    path("api/forbidden/", forbidden),
    path("disk-full/", disk_full),
    path("database-down/", database_down),
    path("api/database-down/", database_down),
    *urlpatterns,
]

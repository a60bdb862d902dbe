"""Deleted articles: reverting one of their versions restores them (`archive.recovery`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from archive import recovery


class RecoveryMixin:
    """For the article admin: a revert whose article was deleted brings it back through `recovery.restore_article`
    (before the ModelAdmin in the bases, so the save goes here), and says so."""

    def save_model(self, request, obj, form, change) -> None:
        if not (change and recovery.is_deleted(obj.pk)):
            super().save_model(request, obj, form, change)
            return
        request.archive_restored = recovery.restore_article(obj, user=request.user)

    def response_change(self, request, obj):
        report = getattr(request, "archive_restored", None)
        if report is None:
            return super().response_change(request, obj)
        # Not Django's "was changed successfully", which links the version it was restored from.
        self.message_user(request, f"Restored “{obj}”. {report.summary()}".strip(), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[obj.pk]))

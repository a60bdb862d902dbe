"""Deleted articles: their list (`deleted/`), and reverting one of their versions restores them (`archive.recovery`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from archive import recovery

PER_PAGE = 100


class RecoveryMixin:
    """For the article admin: a revert whose article was deleted brings it back through `recovery.restore_article`
    (before the ModelAdmin in the bases, so the save goes here), and says so; the deleted articles are listed."""

    def get_urls(self):
        deleted = self.admin_site.admin_view(self.deleted_view)
        return [path("deleted/", deleted, name="archive_article_deleted"), *super().get_urls()]

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        title = request.GET.get("q", "").strip()
        page = Paginator(recovery.deleted_articles(title=title), PER_PAGE).get_page(request.GET.get("p"))
        for version in page.object_list:
            version.history_url = reverse("admin:archive_article_history", args=[version.id])
            version.restore_url = reverse("admin:archive_article_simple_history", args=[version.id, version.pk])
        context = {
            **self.admin_site.each_context(request),
            "title": "Deleted articles",
            "opts": self.opts,
            "page_obj": page,
            "query": title,
            "can_restore": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/archive/article/deleted_list.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Its form says the article comes back with its tags, not that a revert leaves the tags as they are.
        restoring = object_id.isascii() and object_id.isdecimal() and recovery.is_deleted(int(object_id))
        extra_context = {**(extra_context or {}), "restoring": restoring}
        return super().history_form_view(request, object_id, version_id, extra_context)

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

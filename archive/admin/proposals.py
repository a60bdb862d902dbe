"""Triage of proposed organisations on the organisation screens: mentions, their articles, rejecting.

What each step does lives in `archive.proposals_triage` (and `archive.curation` for approving and
merging); this module only shows it: the mention count linked to the article list filtered to the
articles that name the organisation, the reject action, and deletion of a proposal as rejection.
"""

from __future__ import annotations

import logging
import threading

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from archive import proposals_triage
from archive.models import Article, Organisation

logger = logging.getLogger("archive")

PROPOSALS = (Organisation.Status.PROPOSED, Organisation.Status.REJECTED)


@admin.display(description="Mentions", ordering="mention_count")
def mentions(obj: Organisation) -> str:
    """How many articles name a proposal, linked to those articles; approved ones are counted by their tags."""
    if obj.status not in PROPOSALS or obj.mention_count is None:
        return "–"
    url = reverse("admin:archive_article_changelist")
    return format_html(
        '<a href="{}?mentions={}" title="The articles that name {}">{}</a>', url, obj.pk, obj.label, obj.mention_count
    )


class MentionsFilter(admin.SimpleListFilter):
    """Articles whose text names one organisation (`?mentions=<id>`), reached from a proposal's mention count.

    Not offered in the sidebar until used: there is one choice per organisation, and extraction already tags
    approved ones (the "organisation" filter).
    """

    title = "names the organisation"
    parameter_name = "mentions"

    def _organisation(self) -> Organisation | None:
        value = self.value()
        return (
            Organisation.objects.filter(pk=int(value)).first()
            if value and value.isascii() and value.isdecimal()
            else None
        )

    def lookups(self, request, model_admin):
        org = self._organisation()
        return [(str(org.pk), str(org))] if org else []

    def has_output(self) -> bool:
        return self.value() is not None  # shown (and applied) only when a link asks for it

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        org = self._organisation()
        if org is None:
            return queryset.none()
        return queryset.filter(pk__in=proposals_triage.articles_mentioning(org))


# Articles up to which the proposals' mentions are recounted before the list answers (a pass over their texts);
# past it, on a thread of its own: at 100,000 articles the list took 8 to 12 s after any article changed.
RECOUNT_IN_REQUEST_MAX = 20_000
_recount: threading.Thread | None = None


def refresh_if_stale() -> bool:
    """Recount the proposals' mentions when an article came or changed since they were counted; True when the
    recount runs in the background (the list shows the last counts meanwhile)."""
    global _recount
    if not proposals_triage.mention_counts_stale():
        return False
    if Article.objects.count() <= RECOUNT_IN_REQUEST_MAX:
        proposals_triage.refresh_mention_counts()
        return False
    if _recount is None or not _recount.is_alive():
        _recount = threading.Thread(target=_recount_quietly, name="recount-mentions", daemon=True)
        _recount.start()
    return True


def _recount_quietly() -> None:
    from django.db import connections

    try:
        proposals_triage.refresh_mention_counts()
    except Exception:  # a derived figure: the next stale list starts another
        logger.exception("Recounting the proposals' mentions failed")
    finally:
        connections.close_all()  # this thread's own


def reject(model_admin, request, queryset) -> None:
    report = proposals_triage.reject_organisations(queryset, user=request.user)
    level = messages.SUCCESS if report.rejected else messages.WARNING
    model_admin.message_user(request, report.summary(), level)


def delete(model_admin, request, queryset) -> None:
    """Delete the approved ones; reject the proposed ones (a deleted proposal would come back with the next import).

    Rejected ones stay: their row is what keeps them from being proposed again (approve one to undo).
    """
    proposed = queryset.filter(status=Organisation.Status.PROPOSED)
    kept = queryset.filter(status=Organisation.Status.REJECTED).count()
    if proposed.exists():
        report = proposals_triage.reject_organisations(proposed, user=request.user)
        model_admin.message_user(
            request,
            f"{report.rejected} proposed organisation(s) rejected instead of deleted, so that no import proposes "
            "them again.",
            messages.WARNING,
        )
    if kept:
        model_admin.message_user(
            request,
            f"{kept} rejected organisation(s) kept: they stop their names being proposed again.",
            messages.WARNING,
        )
    for org in queryset.filter(status=Organisation.Status.APPROVED):
        org._history_user = request.user
        org.delete()

"""Copy groups on the article screens: the editor's split and join actions, and the group shown on the form.

The work is `archive.copies` (history with a reason, search updated as the transaction commits, a split
remembered so detection never regroups the article).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from archive import copies
from archive.models import Article


@admin.action(description="Split out of their copy groups (detection will not regroup them)", permissions=["change"])
def split_copies(model_admin, request, queryset) -> None:
    grouped = list(queryset.filter(copy_group__isnull=False))
    if not grouped:
        model_admin.message_user(request, "None of the selected articles is in a copy group.", messages.WARNING)
        return
    changed = copies.split(grouped, user=request.user)
    model_admin.message_user(
        request,
        f"Split {len(grouped)} article(s) out of their copy groups ({len(changed)} article(s) changed group).",
    )


@admin.action(description="Join as copies of one story (merges their copy groups)", permissions=["change"])
def join_copies(model_admin, request, queryset) -> None:
    group, changed = copies.join(list(queryset), user=request.user)
    if group is None:
        model_admin.message_user(request, "Select at least two articles to join.", messages.WARNING)
        return
    model_admin.message_user(request, f"Copy group {group.pk} now holds them: {len(changed)} article(s) changed group.")


@admin.display(description="Other versions (copy group)")
def copy_versions(article: Article) -> str:
    if article.pk is None or article.copy_group_id is None:
        return "None known."
    others = copies.other_versions(article, published_only=False)
    return format_html(
        "Group {}: {}",
        article.copy_group_id,
        format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:archive_article_change", args=[o.pk]),
                    o.title,
                    o.source.name if o.source else "no source",
                )
                for o in others
            ),
        ),
    )

"""Copy groups on the article screens: the editor's split and join actions, the group shown on the form, and the
list's column and filter that find what detection grouped (three identical titles in the list said nothing).

The work is `archive.copies` (history with a reason, search updated as the transaction commits, a split
remembered so detection never regroups the article).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from archive import copies
from archive.models import Article, CopyBucket, CopyFingerprint

# Detection's own rows, deleted with their article: not what an editor decides on.
_DETECTION_ROWS = (CopyFingerprint, CopyBucket)


class HidesDetectionRows:
    """For the articles' admin: the delete confirmation lists the articles and their tags, not copy detection's
    rows (an article's page listed its fingerprint and 16 "Band 0 bucket 1742511277583726896 of article 216")."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for model in _DETECTION_ROWS:
            counts.pop(model._meta.verbose_name_plural, None)
        prefixes = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in _DETECTION_ROWS)
        return _without(deleted, prefixes), counts, perms_needed, protected


def _without(nested: list, prefixes: tuple[str, ...]) -> list:
    """Django's nested list of what goes, without the entries naming detection's rows (and their own lists)."""
    kept: list = []
    for item in nested:
        if isinstance(item, list):
            kept.append(_without(item, prefixes))
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return [item for item in kept if item != []]


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


class CopiesFilter(admin.SimpleListFilter):
    """Articles in a copy group, split out of one by an editor, or of one group (`?copies=<id>`, the list's column)."""

    title = "copies"
    parameter_name = "copies"

    def _group(self) -> int | None:
        value = self.value()
        return int(value) if value and value.isascii() and value.isdecimal() else None

    def lookups(self, request, model_admin):
        choices = [("grouped", "In a copy group"), ("split", "Split out by an editor")]
        group = self._group()
        return [*choices, (str(group), f"Copy group {group}")] if group is not None else choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "grouped":
            return queryset.filter(copy_group__isnull=False)
        if value == "split":
            return queryset.filter(copy_fingerprint__detached=True)
        group = self._group()
        return queryset.filter(copy_group_id=group) if group is not None else queryset.none()


@admin.display(description="Copies", ordering="copy_group")
def copy_group_link(article: Article) -> str:
    """The article's copy group, linking to the list of its articles (the versions side by side)."""
    if article.copy_group_id is None:
        return "-"
    url = reverse("admin:archive_article_changelist")
    return format_html(
        '<a href="{}?copies={}" title="The articles of copy group {}">Group {}</a>',
        url,
        article.copy_group_id,
        article.copy_group_id,
        article.copy_group_id,
    )


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

"""Editors' decisions on copy groups: split an article out, join groups, a body edited (`refresh`), an article
restored (`regroup_restored`).
Recorded in history, reindexed.

An article an editor split out is marked `detached` on its fingerprint, so neither the next import of
a copy nor `group_copies` puts it back; joining it to a group again clears the mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from archive.copies import signatures
from archive.copies.grouping import detect
from archive.models import Article, CopyFingerprint, CopyGroup
from archive.search import record_changes

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _set_groups(changes: dict[int, int | None], *, user: User | None, reason: str) -> list[int]:
    """Give articles their new group: a history row each (with the reason), index changes recorded."""
    from archive.curation import ensure_history_baseline  # curation sits above this service

    articles = [
        a for a in Article.objects.filter(pk__in=list(changes)).defer("raw_text") if a.copy_group_id != changes[a.pk]
    ]
    if not articles:
        return []
    ensure_history_baseline(Article, [a.pk for a in articles])
    now = timezone.now()
    for article in articles:
        article.copy_group_id = changes[article.pk]
        article.updated_at = now  # bulk_update skips auto_now
    bulk_update_with_history(
        articles,
        Article,
        ["copy_group", "updated_at"],
        default_user=user,
        default_change_reason=reason,
        default_date=now,
    )
    changed = [a.pk for a in articles]
    record_changes(changed)
    return changed


def _mark(article_ids: Iterable[int], *, detached: bool) -> None:
    ids = list(article_ids)
    CopyFingerprint.objects.filter(article_id__in=ids).update(detached=detached)
    if detached:  # an article never fingerprinted still needs somewhere to keep the editor's decision
        have = set(CopyFingerprint.objects.filter(article_id__in=ids).values_list("article_id", flat=True))
        missing = Article.objects.filter(pk__in=set(ids) - have).only("pk", "body", "checksum")
        CopyFingerprint.objects.bulk_create(
            [
                CopyFingerprint(
                    article_id=a.pk, signature=signatures.to_bytes(signatures.signature(a.body)), checksum=a.checksum
                )
                for a in missing
            ]
        )
        CopyFingerprint.objects.filter(article_id__in=ids).update(detached=True)


def split(articles: Iterable[Article], *, user: User | None = None) -> list[int]:
    """Take these articles out of their groups for good; a group left with one article is dissolved.

    Returns the ids of every article whose group changed.
    """
    with transaction.atomic():
        ids = [a.pk for a in articles]
        groups = set(
            Article.objects.filter(pk__in=ids, copy_group__isnull=False).values_list("copy_group_id", flat=True)
        )
        _mark(ids, detached=True)
        changed = _set_groups(dict.fromkeys(ids), user=user, reason="Split out of its copy group by an editor")
        changed += _dissolve(groups, user=user)
        return changed


def join(articles: Iterable[Article], *, user: User | None = None) -> tuple[CopyGroup | None, list[int]]:
    """One group for these articles and every article of their groups (the oldest group is kept).

    Returns the group and the ids of the articles that moved into it.
    """
    with transaction.atomic():
        ids = [a.pk for a in articles]
        if len(ids) < 2 and not Article.objects.filter(pk__in=ids, copy_group__isnull=False).exists():
            return None, []
        groups = sorted(
            set(Article.objects.filter(pk__in=ids, copy_group__isnull=False).values_list("copy_group_id", flat=True))
        )
        target = CopyGroup.objects.get(pk=groups[0]) if groups else CopyGroup.objects.create()
        members = set(ids) | set(Article.objects.filter(copy_group_id__in=groups).values_list("pk", flat=True))
        _mark(ids, detached=False)
        changed = _set_groups(
            dict.fromkeys(members, target.pk), user=user, reason=f"Joined to copy group {target.pk} by an editor"
        )
        CopyGroup.objects.filter(pk__in=groups[1:]).delete()
        return target, changed


def _dissolve(groups: Iterable[int], *, user: User | None) -> list[int]:
    """Groups left with fewer than two articles are removed: NULL means no known copy."""
    changed: list[int] = []
    for group in groups:
        rest = list(Article.objects.filter(copy_group_id=group).values_list("pk", flat=True))
        if len(rest) < 2:
            changed += _set_groups(dict.fromkeys(rest), user=user, reason="Its copy group has no other article left")
            CopyGroup.objects.filter(pk=group).delete()
    return changed


EDITED_REASON = "Its body changed: compared with the other articles again"


def refresh(articles: Sequence[Article], *, user: User | None = None, reindex: bool = True) -> list[int]:
    """Articles whose body changed: fingerprinted again and their group decided anew on the new body.

    Each is taken out of its group, then `detect` groups it like a new import of that body: it stays when it
    still resembles a member, leaves when not (a group left with one article is dissolved, as after a split),
    joins the group it now resembles. An editor's split stays split. Every article whose group changed gets a
    history row with the reason and is reindexed. Returns their ids.
    """
    articles = [a for a in articles if a.pk is not None]
    if not articles:
        return []
    from archive.curation import ensure_history_baseline  # curation sits above this service

    ids = [a.pk for a in articles]
    with transaction.atomic():
        before = dict(Article.objects.filter(pk__in=ids).values_list("pk", "copy_group_id"))
        grouped = [pk for pk, group in before.items() if group is not None]
        if grouped:
            ensure_history_baseline(Article, grouped)
            # Its old group counts for nothing until the new body is compared (history written below).
            Article.objects.filter(pk__in=grouped).update(copy_group=None)
        moved = set(detect(articles))
        after = dict(Article.objects.filter(pk__in=ids).values_list("pk", "copy_group_id"))
        changed = {pk for pk in ids if before.get(pk) != after.get(pk)} | (moved - set(ids))
        if changed:
            _record(changed, user=user, reason=EDITED_REASON, reindex=reindex)
        left = {group for pk, group in before.items() if group is not None and after.get(pk) != group}
        return sorted(changed | set(_dissolve(left, user=user)))


RESTORED_REASON = "Restored from its history: compared with the other articles again"


def regroup_restored(articles: Sequence[Article], *, user: User | None = None) -> list[int]:
    """Articles brought back from their history: their fingerprints went with them, so they are fingerprinted and
    grouped as a new import of their bodies (rejoining a group that is still there, or the copy a dissolved group
    left). History rows with the reason, reindexed. Returns the ids of the articles whose group changed."""
    with transaction.atomic():
        changed = detect(articles)
        if changed:
            _record(changed, user=user, reason=RESTORED_REASON, reindex=True)
        return changed


def _record(ids: Iterable[int], *, user: User | None, reason: str, reindex: bool) -> None:
    """A history row for articles whose group was set by `detect` (an update, no signal), and the index told."""
    now = timezone.now()
    Article.objects.filter(pk__in=list(ids)).update(updated_at=now)
    articles = list(Article.objects.filter(pk__in=list(ids)).defer("raw_text"))
    Article.history.bulk_history_create(
        articles, update=True, default_user=user, default_change_reason=reason, default_date=now
    )
    if reindex:
        record_changes([a.pk for a in articles])

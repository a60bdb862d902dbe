"""Bringing a deleted article back from its history (a curation service; the admin's revert calls it).

A version of a deleted article holds what the article pointed to then, and its copy group may be gone: a group
left with one article is dissolved when the other is deleted (`archive.signals`), and writing that pointer back
failed the whole revert on the foreign key. The article comes back outside any group that no longer exists,
then copy detection compares it with the others as an import of its body would (its fingerprint went with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from archive import copies
from archive.models import Article, CopyGroup

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

RESTORED_REASON = "Restored from its history"


def is_deleted(article_id: int) -> bool:
    """Whether a version's article is gone, so that saving the version brings it back."""
    return not Article.objects.filter(pk=article_id).exists()


@dataclass
class RestoreReport:
    article_id: int
    regrouped: list[int] = field(default_factory=list)  # articles whose copy group changed (it and its copies)

    def summary(self) -> str:
        copies_found = len(self.regrouped) - (self.article_id in self.regrouped)
        if self.article_id in self.regrouped:
            return f"Grouped again with {copies_found} cop{'y' if copies_found == 1 else 'ies'} of its story."
        return ""


def restore_article(article: Article, *, user: AbstractBaseUser | None = None) -> RestoreReport:
    """Save a version of a deleted article (`article`, made from its history) as the article again.

    In one transaction: the article (its history row says it was restored), grouped again by copy detection;
    search is told through the saves' signals and the copies' own records.
    """
    with transaction.atomic():
        if article.copy_group_id is not None and not CopyGroup.objects.filter(pk=article.copy_group_id).exists():
            article.copy_group_id = None  # dissolved when it was deleted
        article._history_user = user
        article._change_reason = RESTORED_REASON
        article.save(force_insert=True)
        report = RestoreReport(article_id=article.pk)
        if copies.enabled():
            report.regrouped = copies.regroup_restored([article], user=user)
    return report

"""Deleted articles: listed, and brought back from their history (a curation service; the admin's revert calls it).

A version of a deleted article holds what the article pointed to then, and its copy group may be gone: a group
left with one article is dissolved when the other is deleted (`archive.signals`), and writing that pointer back
failed the whole revert on the foreign key. The article comes back outside any group that no longer exists,
then copy detection compares it with the others as an import of its body would (its fingerprint went with it).

Its tags went with it (a cascade), each leaving a "deleted" version marked `DELETED_WITH_ARTICLE`
(`archive.signals`): those come back as they were, origin, mentions and rejection, in the same transaction. A tag
an editor deleted before the article is not marked, and stays deleted. A tag on an organisation merged since comes
back on the one kept (the merged one's last name, an alias of it now, resolved as search resolves it), unless the
article has its own tag there; one whose entry is gone is named in the report by the entry's last recorded name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models, transaction

from archive import copies
from archive.models import Article, ArticleCountry, ArticleOrganisation, CopyGroup, Organisation
from archive.search import RESOLVERS

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

RESTORED_REASON = "Restored from its history"
DELETED_WITH_ARTICLE = "Deleted with its article"
RESTORED_WITH_ARTICLE = "Restored with its article"


def deleted_articles(*, title: str = "") -> models.QuerySet:
    """The deleted articles, newest deletion first: the version each deletion recorded (what a restore brings back),
    for articles not restored since (one row each, however often deleted and restored); `title` narrows them."""
    later = Article.history.filter(id=models.OuterRef("id"), history_date__gt=models.OuterRef("history_date"))
    gone = Article.history.filter(history_type="-").exclude(models.Exists(later))
    if title:
        gone = gone.filter(title__icontains=title)
    return gone.exclude(id__in=Article.objects.values("pk")).select_related("history_user").order_by("-history_date")


def is_deleted(article_id: int) -> bool:
    """Whether a version's article is gone, so that saving the version brings it back."""
    return not Article.objects.filter(pk=article_id).exists()


@dataclass
class RestoreReport:
    article_id: int
    regrouped: list[int] = field(default_factory=list)  # articles whose copy group changed (it and its copies)
    tags: int = 0  # restored as they were at the deletion
    tags_lost: list[str] = field(default_factory=list)  # the last names of countries and organisations gone since
    tags_moved: list[str] = field(default_factory=list)  # "merged one → one kept", for tags restored on the kept one

    def summary(self) -> str:
        parts = []
        if self.tags:
            parts.append(f"{self.tags} tag{'s' if self.tags != 1 else ''} restored as they were when it was deleted.")
        if self.tags_moved:
            parts.append(f"On the organisation kept by a merge since: {', '.join(self.tags_moved)}.")
        if self.tags_lost:
            parts.append(f"Not restored, their entry deleted or merged since: {', '.join(self.tags_lost)}.")
        copies_found = len(self.regrouped) - (self.article_id in self.regrouped)
        if self.article_id in self.regrouped:
            parts.append(f"Grouped again with {copies_found} cop{'y' if copies_found == 1 else 'ies'} of its story.")
        return " ".join(parts)


def restore_article(article: Article, *, user: AbstractBaseUser | None = None) -> RestoreReport:
    """Save a version of a deleted article (`article`, made from its history) as the article again.

    In one transaction: the article (its history row says it was restored), the tags its deletion took, grouped
    again by copy detection; search is told through the saves' signals and the copies' own records.
    """
    with transaction.atomic():
        if article.copy_group_id is not None and not CopyGroup.objects.filter(pk=article.copy_group_id).exists():
            article.copy_group_id = None  # dissolved when it was deleted
        article._history_user = user
        article._change_reason = RESTORED_REASON
        article.save(force_insert=True)
        report = RestoreReport(article_id=article.pk)
        for tag_model in (ArticleCountry, ArticleOrganisation):
            _restore_tags(tag_model, article.pk, user=user, report=report)
        if copies.enabled():
            report.regrouped = copies.regroup_restored([article], user=user)
    return report


def _restore_tags(tag_model: type[models.Model], article_id: int, *, user, report: RestoreReport) -> None:
    """Each tag whose last version is its deletion with the article, saved again as that version holds it; an
    organisation's tag on the one it was merged into since, unless the article has a tag there already."""
    target = "country" if tag_model is ArticleCountry else "organisation"
    target_model = tag_model._meta.get_field(target).related_model
    last: dict[int, models.Model] = {}
    for version in tag_model.history.filter(article_id=article_id).order_by("history_date", "history_id"):
        last[version.id] = version
    taken = [v for v in last.values() if v.history_type == "-" and v.history_change_reason == DELETED_WITH_ARTICLE]
    targets = target_model.objects.in_bulk({getattr(v, f"{target}_id") for v in taken})
    moved: dict[int, tuple[str, int | None]] = {}  # a gone entry's id -> its last name, the one kept by its merge
    for target_id in {getattr(v, f"{target}_id") for v in taken} - set(targets):
        name = _last_name(target_model, target_id)
        moved[target_id] = (name, _merged_into(name) if target == "organisation" else None)
    restored: set[int] = set()
    # Those on their own entry first: a tag the article had on the one kept is kept, the merged one's is not.
    for version in sorted(taken, key=lambda v: getattr(v, f"{target}_id") in moved):
        target_id = getattr(version, f"{target}_id")
        name, kept_id = moved.get(target_id, ("", target_id))
        if kept_id is None:
            if name not in report.tags_lost:  # an older deletion's tag for the same entry
                report.tags_lost.append(name)
            continue
        if kept_id in restored:  # an older deletion's tag, or the merged one's, for the same entry
            continue
        tag = version.instance
        setattr(tag, f"{target}_id", kept_id)
        tag._history_user, tag._change_reason = user, RESTORED_WITH_ARTICLE
        tag.save(force_insert=True)  # its own id again: its history goes on
        restored.add(kept_id)
        report.tags += 1
        if kept_id != target_id:
            report.tags_moved.append(f"{name} → {Organisation.objects.get(pk=kept_id)}")


def _last_name(target_model: type[models.Model], target_id: int) -> str:
    """A deleted country's or organisation's name as its history last recorded it (its number if it has none)."""
    versions = target_model.history.filter(id=target_id).order_by("-history_date", "-history_id")
    return versions.values_list("name", flat=True).first() or f"{target_model._meta.verbose_name} #{target_id}"


def _merged_into(name: str) -> int | None:
    """The organisation a deleted one named `name` was merged into: a merge makes its names the kept one's
    aliases, and search resolves them to it (`org=` links and alerts of the merged one lead there too)."""
    slug = RESOLVERS["organisations"](name)
    return Organisation.objects.filter(slug=slug).values_list("pk", flat=True).first() if slug else None

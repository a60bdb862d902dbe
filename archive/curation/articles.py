"""Editors' changes to articles and their tags: bulk changes (publish, review, source, re-extract) and tags
added, removed or rejected, one at a time or over a selection, each with its history rows and its articles queued
for the index. The package's docstring (`archive.curation`) gives the rules all its services keep."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive import tagging
from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, Source, TagOrigin
from archive.search import record_changes

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    User = AbstractBaseUser | None

CHUNK_SIZE = 500


class CurationError(ValueError):
    """A request an editor can correct (e.g. merging an organisation into itself)."""


BASELINE_REASON = "As it was before the first recorded change"
# An article's version for a change to its tags alone (its Changes column is empty: the tags are listed apart).
TAGS_CHANGED = "Its tags changed (see “Tag changes”)"


def ensure_history_baseline(model: type[models.Model], pks: Iterable[int], *, before: datetime | None = None) -> None:
    """Give objects that have no history yet a first version (their current state), before changing them.

    Extraction creates tags with `bulk_create` and the gazetteers come from a data migration: neither
    leaves a history row, so without this an editor's first change would have nothing to revert to.
    """
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    history = model.history
    have = set(history.filter(id__in=pks).values_list("id", flat=True).distinct())
    objs = list(model._default_manager.filter(pk__in=pks - have))
    for obj in objs:
        obj._history_user = None  # made by extraction or a migration, not by whoever changes it now
    if objs:
        when = before - timedelta(microseconds=1) if before is not None else None
        history.bulk_history_create(objs, default_change_reason=BASELINE_REASON, default_date=when)


# --- Bulk changes to articles -------------------------------------------------------------------


def _article_ids(queryset: models.QuerySet) -> list[int]:
    return list(queryset.order_by().values_list("pk", flat=True).distinct())


def _bulk_set(queryset: models.QuerySet, *, user: User = None, reason: str | None = None, **values) -> list[int]:
    """Set fields on many articles: one history row each, index changes recorded. Call in a transaction."""
    ids = _article_ids(queryset)
    now = timezone.now()
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        ensure_history_baseline(Article, chunk, before=now)
        articles = list(Article.objects.filter(pk__in=chunk).defer("raw_text"))
        for article in articles:
            for name, value in values.items():
                setattr(article, name, value)
            article.updated_at = now  # update() skips auto_now
        # The same values on every row: one UPDATE, not bulk_update's CASE over each row (most of a bulk tag's
        # time), and the history rows bulk_update_with_history would write.
        Article.objects.filter(pk__in=chunk).update(**values, updated_at=now)
        Article.history.bulk_history_create(
            articles, update=True, default_user=user, default_date=now, default_change_reason=reason
        )
    record_changes(ids)
    return ids


def set_published(queryset: models.QuerySet, published: bool, *, user: User = None) -> int:
    """Publish or unpublish articles; unpublished ones leave public search, API and feeds. Returns how many changed."""
    with transaction.atomic():
        changing = queryset.exclude(is_published=published)
        if not published:
            return len(_bulk_set(changing, user=user, is_published=False))
        # Public from now on: new to e-mail alerts, however long ago it was imported (Article.public_since).
        return len(_bulk_set(changing, user=user, is_published=True, public_since=timezone.now()))


def mark_reviewed(queryset: models.QuerySet, *, user: User = None) -> int:
    """Stamp articles as reviewed by an editor now. Returns how many."""
    with transaction.atomic():
        return len(_bulk_set(queryset, user=user, reviewed_at=timezone.now()))


def reindex(queryset: models.QuerySet) -> int:
    """Queue articles for re-indexing (applied after commit). Returns how many."""
    with transaction.atomic():
        ids = _article_ids(queryset)
        record_changes(ids)
        return len(ids)


def reextract(queryset: models.QuerySet) -> int:
    """Re-run entity extraction, keeping editors' tags and rejections.

    One transaction per article (as `archive.tagging.reextract`), so a large selection never holds
    the database for long; each records its own index change.
    """
    return tagging.reextract(Article.objects.filter(pk__in=_article_ids(queryset)).order_by("pk"))


def next_for_review(*, after: int | None = None) -> Article | None:
    """The review queue, in a fixed order (oldest first): the next article after `after` needing review."""
    queue = Article.objects.needs_review().order_by("pk")
    if after is not None:
        queue = queue.filter(pk__gt=after)
    return queue.first()


# --- Tags ----------------------------------------------------------------------------------------


def save_new_editor_tags(tags: Iterable[ArticleCountry | ArticleOrganisation]) -> list[str]:
    """Save tags an editor added on an article's form. Returns the labels of those merged into a tag already there.

    A form opened before someone else gave the article the same tag (another editor from their own
    form, extraction, an import) would break the (article, target) constraint and lose the whole save.
    The tag already there takes the editor's decision instead (origin editor, rejected as ticked) and
    keeps its mentions: one tag, as if the editor had changed it. Runs in the caller's transaction
    (the admin's form save).
    """
    merged = []
    for tag in tags:
        model = type(tag)
        target = "country" if model is ArticleCountry else "organisation"
        tag.origin = TagOrigin.EDITOR
        existing = model.objects.filter(
            article_id=tag.article_id, **{f"{target}_id": getattr(tag, f"{target}_id")}
        ).first()
        if existing is None:
            tag.save()
            continue
        ensure_history_baseline(model, [existing.pk])
        existing.origin, existing.rejected = TagOrigin.EDITOR, tag.rejected
        existing.save()
        merged.append(str(existing))
    return merged


def touch_articles(article_ids: Iterable[int], *, user: User = None) -> None:
    """A new version of each article whose tags changed outside its own form (a bulk action, a tag's own page):
    its form opened before is then stale, and refused, instead of saving its old tags back over the change."""
    ids = sorted(set(article_ids))
    if ids:
        _bulk_set(Article.objects.filter(pk__in=ids), user=user, reason=TAGS_CHANGED)


def note_tags_changed(article: Article) -> None:
    """The article's form changed its tags: its version just saved says so, when it has no reason of its own."""
    latest = Article.history.filter(id=article.pk).order_by("-history_date", "-history_id").first()
    if latest is not None and not latest.history_change_reason:
        Article.history.filter(history_id=latest.history_id).update(history_change_reason=TAGS_CHANGED)


def delete_tags(
    tags: Iterable[ArticleCountry | ArticleOrganisation],
    *,
    user: User = None,
    touch: bool = True,
    reason: str | None = None,
) -> int:
    """Delete tags as an editor: an editor's own tag goes, any other is rejected. Returns how many were rejected.
    Each article is given a new version (`touch_articles`) unless its own form is saving it (`touch=False`); `reason` is
    the tags' versions' (a bulk change's mark, `bulk_reason`).

    A tag extraction found or a file gave would come back with the next re-extraction or import if
    its row went; rejected, the row stays (inactive: out of search, API and feeds) and
    `archive.tagging` never adds it back. Every path that deletes an article's tags for an editor
    (the article's form, the tag's own delete page and action) comes through here.
    """
    tags = list(tags)
    rejected = 0
    now = timezone.now()
    with transaction.atomic():
        for model in {type(tag) for tag in tags}:
            theirs = [tag for tag in tags if type(tag) is model]
            ensure_history_baseline(model, [tag.pk for tag in theirs], before=now)
            for start in range(0, len(theirs), CHUNK_SIZE):
                chunk = theirs[start : start + CHUNK_SIZE]
                going = [tag for tag in chunk if tag.origin == TagOrigin.EDITOR]
                kept = [tag for tag in chunk if tag.origin != TagOrigin.EDITOR]
                delete_with_history(model, going, user=user, when=now, reason=reason)
                for tag in kept:
                    tag.rejected = True
                bulk_update_with_history(
                    kept, model, ["rejected"], default_user=user, default_date=now, default_change_reason=reason
                )
                rejected += len(kept)
        # Bulk paths send no signals: the articles are queued for the index here (`touch_articles` queues them too).
        record_changes(sorted({tag.article_id for tag in tags}))
        if touch:
            touch_articles((tag.article_id for tag in tags), user=user)
    return rejected


def delete_with_history(model: type[models.Model], tags: list, *, user: User, when, reason: str | None = None) -> None:
    """Delete tags in one statement, each leaving the "deleted" history row a delete() leaves: one at a time, the
    signals, the history row and the index row of each cost ~4 ms a tag (a tag off 30,000 articles outlasted the
    worker's timeout). django-simple-history has no bulk delete: its rows are written as its post_delete writes
    them, and the rows go by SQL, which sends no signal to write them twice."""
    if not tags:
        return
    history = model.history.model
    history.objects.bulk_create(
        history(
            history_date=when,
            history_user=user if user is not None else history.get_default_history_user(tag),
            history_change_reason=reason or "",
            history_type="-",
            **{field.attname: getattr(tag, field.attname) for field in history.tracked_fields},
        )
        for tag in tags
    )
    using = router.db_for_write(model)
    with connections[using].cursor() as cursor:
        table, key = (connections[using].ops.quote_name(name) for name in (model._meta.db_table, model._meta.pk.column))
        marks = ", ".join(["%s"] * len(tags))
        cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", [tag.pk for tag in tags])  # noqa: S608 (names quoted, values bound)


Target = Country | Organisation


def _tags_of(target: Target) -> tuple[type[ArticleCountry | ArticleOrganisation], str]:
    """The tag model for a country or an organisation, and the name of its field."""
    return (ArticleCountry, "country") if isinstance(target, Country) else (ArticleOrganisation, "organisation")


@dataclass
class BulkPlan:
    """What a bulk action on selected articles will change, for the editor to confirm, then what it changed."""

    selected: int
    changing: list[int]  # the ids of the articles it changes
    rejecting: int = 0  # (removing a tag) tags extraction found or a file gave: rejected, kept as rows
    batch: str = ""  # once applied: the mark on its tags' versions, for its undo (`archive.curation.undo`)

    @property
    def unchanged(self) -> int:
        return self.selected - len(self.changing)


BATCH_MARK = "(change {})"  # the end of the reason of every tag version a bulk change or its undo writes


def bulk_reason(batch: str, *, add: bool) -> str:
    """The reason on each tag version a bulk change writes: its id ends it, so its undo finds them all."""
    return f"{'Added' if add else 'Removed'} in bulk {BATCH_MARK.format(batch)}"


def plan_tag(queryset: models.QuerySet, target: Target, *, add: bool) -> BulkPlan:
    """Which of the selected articles adding (or removing) the tag changes: those without it (or with it)."""
    ids = _article_ids(queryset)
    model, field_name = _tags_of(target)
    active = model.objects.active().filter(article_id__in=ids, **{field_name: target})
    tagged = set(active.values_list("article_id", flat=True))
    if add:
        return BulkPlan(len(ids), [pk for pk in ids if pk not in tagged])
    return BulkPlan(len(ids), sorted(tagged), rejecting=active.exclude(origin=TagOrigin.EDITOR).count())


def add_tag(queryset: models.QuerySet, target: Target, *, user: User = None) -> BulkPlan:
    """Tag the selected articles with a country or organisation, as an editor.

    A tag an editor (or anyone) rejected before becomes the editor's tag again; articles already
    tagged are left as they are. In bulk, each tag leaving its history row, the articles queued for the index.
    Each version's reason ends with the change's id (`plan.batch`), which its undo names (`archive.curation.undo`).
    """
    model, field_name = _tags_of(target)
    now = timezone.now()
    with transaction.atomic():
        plan = plan_tag(queryset, target, add=True)
        plan.batch = secrets.token_hex(6)
        reason = bulk_reason(plan.batch, add=True)
        for start in range(0, len(plan.changing), CHUNK_SIZE):
            chunk = plan.changing[start : start + CHUNK_SIZE]
            rejected = list(model.objects.filter(article_id__in=chunk, **{field_name: target}))
            ensure_history_baseline(model, [tag.pk for tag in rejected], before=now)
            for tag in rejected:
                tag.origin, tag.rejected = TagOrigin.EDITOR, False
            bulk_update_with_history(
                rejected,
                model,
                ["origin", "rejected"],
                default_user=user,
                default_date=now,
                default_change_reason=reason,
            )
            had = {tag.article_id for tag in rejected}
            new = [
                model(article_id=article_id, origin=TagOrigin.EDITOR, **{field_name: target})
                for article_id in chunk
                if article_id not in had
            ]
            bulk_create_with_history(new, model, default_user=user, default_date=now, default_change_reason=reason)
        touch_articles(plan.changing, user=user)  # queues the articles for the index: bulk paths send no signals
    return plan


def remove_tag(queryset: models.QuerySet, target: Target, *, user: User = None) -> BulkPlan:
    """Take a country or organisation off the selected articles, as deleting it on each article's form does:
    an editor's tag goes, one extraction found or a file gave is rejected (so it never comes back)."""
    model, field_name = _tags_of(target)
    with transaction.atomic():
        plan = plan_tag(queryset, target, add=False)
        plan.batch = secrets.token_hex(6)
        tags = model.objects.active().filter(article_id__in=plan.changing, **{field_name: target})
        plan.rejecting = delete_tags(tags, user=user, reason=bulk_reason(plan.batch, add=False))
    return plan


def plan_source(queryset: models.QuerySet, source: Source) -> BulkPlan:
    ids = _article_ids(queryset)
    return BulkPlan(len(ids), _article_ids(queryset.exclude(source=source)))


def set_source(queryset: models.QuerySet, source: Source, *, user: User = None) -> BulkPlan:
    """Set the source (outlet) of the selected articles: one history row each, search updated."""
    with transaction.atomic():
        plan = plan_source(queryset, source)
        _bulk_set(Article.objects.filter(pk__in=plan.changing), user=user, source=source)
    return plan

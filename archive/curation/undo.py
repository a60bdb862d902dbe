"""Undoing a bulk tag change ("Add a tag…" or "Remove a tag…" on a selection): each tag it changed put back as it was.

Every tag version a bulk change writes ends its reason with the change's own mark, "(change <id>)" (`add_tag`,
`remove_tag`): the id is the batch. Those versions say what it did to each tag, the version before each what to put
back: a tag it created is deleted (an editor's own, as deleting it on the article would), one it brought back from
rejection is rejected again, one it rejected is active again, one it deleted comes back as it was, with its id. The
tags it left alone (already there, or not there) have no version of it, so they stay as they are.

Nothing is overwritten: if any of its tags changed since (a later version, by anyone; a tag it deleted given again,
by an editor or extraction; the article or the country or organisation gone), undo refuses and changes nothing. Its
own versions carry the mark too ("Undid the bulk change of …"), so a second undo of the same change is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive.curation.articles import BATCH_MARK, CHUNK_SIZE, CurationError, delete_with_history, touch_articles
from archive.models import Article, ArticleCountry, ArticleOrganisation

if TYPE_CHECKING:
    from archive.curation.articles import User

BATCH = re.compile(r"[0-9a-f]{12}")  # `secrets.token_hex(6)`, as `add_tag` and `remove_tag` make it
UNDONE = "Undid the bulk change of"  # the start of its undo's reason: a second undo is told it was undone
UNDO_REASON = UNDONE + " {when} " + BATCH_MARK
TARGET = {ArticleCountry: "country", ArticleOrganisation: "organisation"}


@dataclass
class UndoReport:
    added: bool  # the change added the tag (its undo takes it off), or removed it (its undo puts it back)
    target: str  # the country or organisation
    articles: int  # whose tag is as it was before the change
    rejected_again: int = 0  # (undoing an add) tags the change had brought back from rejection

    def summary(self) -> str:
        if self.added:
            done = f"Undone: “{self.target}” is off the {self.articles} article(s) the bulk change had tagged"
            if self.rejected_again:
                done += f" ({self.rejected_again} rejected again, as before)"
            return done + "; the articles that had it before keep it"
        return f"Undone: “{self.target}” is back on the {self.articles} article(s) the bulk change took it from"


def _local(when) -> str:
    return date_format(timezone.localtime(when), "DATETIME_FORMAT")


def undo_bulk_change(batch: str, *, user: User = None) -> UndoReport:
    """Put back every tag bulk change `batch` changed, as it was before, in one transaction: history rows (by `user`,
    "Undid the bulk change of …"), the articles given a new version and queued for the index. Raises `CurationError`,
    having changed nothing, if the change is unknown, was undone already or any of its tags changed since."""
    if not BATCH.fullmatch(batch):
        raise CurationError("There is no such bulk change to undo. Nothing was changed.")
    mark = " " + BATCH_MARK.format(batch)
    with transaction.atomic():
        versions = {
            model: list(model.history.filter(history_change_reason__endswith=mark).select_related("history_user"))
            for model in TARGET
        }
        undone = [v for rows in versions.values() for v in rows if v.history_change_reason.startswith(UNDONE)]
        if undone:
            who = f" by {undone[0].history_user}" if undone[0].history_user else ""
            raise CurationError(
                f"This bulk change was undone already{who} ({_local(undone[0].history_date)}). Nothing was changed."
            )
        done = {model: rows for model, rows in versions.items() if rows}
        if not done:
            raise CurationError("There is no such bulk change to undo. Nothing was changed.")
        total = sum(len(rows) for rows in done.values())
        changed = sum(_changed_since(model, rows) for model, rows in done.items())
        if changed:
            raise CurationError(
                f"Not undone: {changed} of the {total} tag(s) this bulk change changed were changed again since "
                "(by an editor, an import or re-extraction), and undoing would overwrite that. Nothing was changed; "
                "change those articles' tags on their own pages."
            )
        first_model, first = next((model, rows[0]) for model, rows in done.items())
        now = timezone.now()
        reason = UNDO_REASON.format(batch, when=_local(first.history_date))
        rejected_again = sum(_put_back(model, rows, user=user, when=now, reason=reason) for model, rows in done.items())
        articles = sorted({v.article_id for rows in done.values() for v in rows})
        touch_articles(articles, user=user)  # queues them for the index: bulk paths send no signals
    target_field = TARGET[first_model]
    target_model = first_model._meta.get_field(target_field).related_model
    target = target_model.objects.get(pk=getattr(first, f"{target_field}_id"))
    return UndoReport(
        added=first.history_change_reason.startswith("Added"),
        target=str(target),
        articles=len(articles),
        rejected_again=rejected_again,
    )


def _chunks(rows: list) -> list[list]:
    return [rows[start : start + CHUNK_SIZE] for start in range(0, len(rows), CHUNK_SIZE)]


def _changed_since(model: type[models.Model], rows: list) -> int:
    """How many of the change's versions `rows` are not the tag's state now: a later version, or (a tag it deleted)
    a tag on that article and entry again, or the article or the entry gone, so it could not come back."""
    target_field = TARGET[model]
    target_model = model._meta.get_field(target_field).related_model
    changed = 0
    for chunk in _chunks(rows):
        ids = [v.id for v in chunk]
        # Locked first (PostgreSQL; SQLite's transaction holds the write lock already): an undo of the same change at
        # the same moment waits, then reads this one's versions as later ones, and is refused.
        now = model.objects.select_for_update().in_bulk(ids)
        last = dict(model.history.filter(id__in=ids).values_list("id").annotate(last=Max("history_id")))
        articles = {v.article_id for v in chunk}
        targets = {getattr(v, f"{target_field}_id") for v in chunk}
        present = set(
            model.objects.filter(article_id__in=articles, **{f"{target_field}_id__in": targets}).values_list(
                "article_id", f"{target_field}_id"
            )
        )
        existing_articles = set(Article.objects.filter(pk__in=articles).values_list("pk", flat=True))
        existing_targets = set(target_model.objects.filter(pk__in=targets).values_list("pk", flat=True))
        for version in chunk:
            target_id = getattr(version, f"{target_field}_id")
            if last.get(version.id) != version.history_id:
                changed += 1
            elif version.history_type == "-":
                gone = version.article_id not in existing_articles or target_id not in existing_targets
                changed += gone or (version.article_id, target_id) in present
            else:  # the tag as the change left it, even if a path that writes no history (re-extraction) came by
                tag = now.get(version.id)
                changed += tag is None or (tag.origin, tag.rejected) != (version.origin, version.rejected)
    return changed


def _put_back(model: type[models.Model], rows: list, *, user: User, when, reason: str) -> int:
    """Put back the tags of the change's versions `rows` as each was before it. Returns how many are rejected again."""
    rejected_again = 0
    for chunk in _chunks(rows):
        created = [v.id for v in chunk if v.history_type == "+"]
        changed = {v.id: v for v in chunk if v.history_type == "~"}
        deleted = [v.instance for v in chunk if v.history_type == "-"]
        delete_with_history(model, list(model.objects.filter(pk__in=created)), user=user, when=when, reason=reason)
        before = {}
        for version in model.history.filter(id__in=changed).order_by("history_id"):
            if version.history_id < changed[version.id].history_id:
                before[version.id] = version  # the last one before the change's
        tags = list(model.objects.filter(pk__in=changed))
        for tag in tags:
            if before.get(tag.pk) is None:  # no version before it: `ensure_history_baseline` always writes one
                raise CurationError(f"“{tag}” has no version from before the bulk change. Nothing was changed.")
            tag.origin, tag.rejected = before[tag.pk].origin, before[tag.pk].rejected
            rejected_again += tag.rejected
        bulk_update_with_history(
            tags, model, ["origin", "rejected"], default_user=user, default_date=when, default_change_reason=reason
        )
        bulk_create_with_history(deleted, model, default_user=user, default_date=when, default_change_reason=reason)
    return rejected_again

"""Optimistic concurrency on the article change form: a save from a stale form is refused, never applied.

The form carries the article's `updated_at` as it was loaded, in a hidden field. Every save of an
article changes it (auto_now on the change form and the importer; the bulk actions set it too, tag changes
made outside the form included: `curation.articles.touch_articles`), so a
different value on submit means someone saved in between and the form's values would silently put
theirs back. Instead the save is refused with what they changed (from the article's history: who,
when, which fields and their values now, and the tags added or changed since), the form is shown
again with everything the editor typed, and its hidden field now carries the current version: saving
again is a deliberate decision by someone who has seen the other editor's values.

The check runs in the change view's transaction with the article's row locked (PostgreSQL; SQLite
takes the write lock when the transaction begins), so two saves cannot both pass it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from archive.admin.history import tag_history
from archive.models import Article

VERSION_FIELD = "version"
# Bookkeeping that changes with every save: never "what changed".
IGNORED_FIELDS = ["updated_at", "imported_at", "public_since", "checksum", "date_unknown"]
VALUE_LENGTH = 80  # characters of a changed value the message shows


def version_of(article: Article) -> str:
    return article.updated_at.isoformat() if article.updated_at else ""


def _parse_version(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _short(value: object) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, models.Model | None):
        value = "" if value is None else str(value)
    text = " ".join(str(value).split())
    if not text:
        return "(empty)"
    return f"“{text[:VALUE_LENGTH]}…”" if len(text) > VALUE_LENGTH else f"“{text}”"


@dataclass
class StaleChanges:
    """What happened to an article since a form loaded it."""

    users: list[str] = field(default_factory=list)
    last_saved: dt.datetime | None = None
    fields: list[str] = field(default_factory=list)  # "Title now “…”"
    tags: list[str] = field(default_factory=list)  # "organisation tag SCO added"
    names: list[str] = field(default_factory=list)  # the fields they changed
    base: object = None  # the article's version the form loaded (a history record), when on record
    kept: list[str] = field(default_factory=list)  # labels of their fields the form now shows (the editor's untouched)

    def message(self) -> str:
        who = ", ".join(self.users) or "someone else"
        when = f" ({timezone.localtime(self.last_saved):%d %b %Y %H:%M %Z})" if self.last_saved else ""
        parts = [f"This article was saved by {who}{when} after you opened it, so your changes were not saved."]
        if self.fields:
            parts.append("Changed: " + "; ".join(self.fields) + ".")
        if self.tags:
            parts.append("Tags: " + "; ".join(self.tags) + ".")
        if self.kept:
            shown = " and ".join([", ".join(self.kept[:-1]), self.kept[-1]] if len(self.kept) > 1 else self.kept)
            parts.append(f"The form now shows their {shown}, which you had not changed.")
        parts.append(
            "What you typed is still in the form below: check it against these values, "
            "then save again to store it (it replaces theirs where the two differ)."
        )
        return " ".join(parts)


def _label(name: str) -> str:
    return capfirst(Article._meta.get_field(name).verbose_name)


def changes_since(article: Article, loaded: str) -> StaleChanges:
    """Who changed `article` since the version `loaded` (its `updated_at` then), and what."""
    loaded_at = _parse_version(loaded)
    history = article.history.select_related("history_user")
    base = history.filter(updated_at=loaded_at).order_by("-history_date").first() if loaded_at else None
    if base is None:  # no version on record for that time (or a tampered field): say only when it changed
        return StaleChanges(last_saved=article.updated_at)
    newer = list(history.filter(history_date__gt=base.history_date).order_by("history_date"))
    changes = StaleChanges(last_saved=newer[-1].history_date if newer else article.updated_at, base=base)
    for record in newer:
        user = record.history_user.get_username() if record.history_user else "an import or a command"
        if user not in changes.users:
            changes.users.append(user)
    if newer:
        delta = newer[-1].diff_against(base, excluded_fields=IGNORED_FIELDS, foreign_keys_are_objs=True)
        order = {f.name: index for index, f in enumerate(Article._meta.fields)}
        for change in sorted(delta.changes, key=lambda change: order.get(change.field, len(order))):
            changes.fields.append(f"{_label(change.field)} now {_short(change.new)}")
            changes.names.append(change.field)
    for row in reversed(tag_history(article.pk)):  # oldest first
        if row["date"] > base.history_date:
            changes.tags.append(f"{row['kind'].lower()} {row['label']} {row['change'].lower()}")
    return changes


class VersionedForm(forms.ModelForm):
    """A model form for articles that refuses a save from a form loaded before the article last changed."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial[VERSION_FIELD] = version_of(self.instance) if self.instance.pk else ""

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            return data
        loaded, current = data.get(VERSION_FIELD) or "", version_of(self.instance)
        if loaded != current:
            stale = changes_since(self.instance, loaded)
            # Shown again with the editor's input and the current version: a second save is deliberate.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = current
            self._show_theirs_where_untouched(stale, data)
            self.add_error(None, stale.message())
        return data

    def _show_theirs_where_untouched(self, stale: StaleChanges, data: dict) -> None:
        """A field they changed and this editor left as loaded shows their value: saving again kept the stale one
        (an editor who fixed the date put back the title someone had corrected meanwhile)."""
        if stale.base is None:
            return
        for name in stale.names:
            if name not in self.fields or name not in data:
                continue
            typed = data[name].pk if isinstance(data[name], models.Model) else data[name]
            if typed == getattr(stale.base, Article._meta.get_field(name).attname):
                self.data[self.add_prefix(name)] = self.fields[name].prepare_value(self.initial.get(name))
                stale.kept.append(_label(name).lower())

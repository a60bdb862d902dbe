"""Fields and base classes every model module builds on: text with LF line breaks, saves that move the index; ids
in slices a query can hold."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.db import models, transaction
from django.utils.text import normalize_newlines

ID_CHUNK = 500  # ids per query: SQLite limits the number of parameters


def id_chunks(ids: list[int], size: int = ID_CHUNK) -> Iterator[list[int]]:
    """`ids` in slices an `IN (...)` list can hold on every database."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class PlainTextFormField(forms.CharField):
    """A textarea's text with LF line breaks: browsers post every line break as CRLF."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_newlines(value) if isinstance(value, str) else value


class PlainTextField(models.TextField):
    """Text people type or paste (a body, a bio), stored with LF line breaks however it arrives.

    Normalised on the way in at both depths: the form field (so a form sees an untouched textarea as
    unchanged: the admin's change message and history name only what the editor changed) and the
    save (so any other path stores the same text). Files are normalised by the ingest parsers;
    `raw_text`, the text exactly as received, is a plain TextField on purpose.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PlainTextFormField, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_newlines(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str) and "\r" in value:
            value = normalize_newlines(value)
            setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        # The column is an ordinary text column: migrations record Django's TextField, so they
        # never import this module (see archive/migrations: frozen, no application code).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


class IndexedModel(models.Model):
    """A model whose saves and deletes change what the index holds.

    Django sends post_save/post_delete after an autocommit save has committed; running them
    in one transaction means the index change their signals record (archive/signals.py)
    commits with the row or not at all. Inside an outer transaction nothing changes.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            return super().delete(*args, **kwargs)


class IndexChange(models.Model):
    """An article whose index entry must be refreshed, recorded in the same transaction as the change.

    Not a foreign key: a deleted article must still reach the index as a removal.
    """

    article_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"article {self.article_id}"

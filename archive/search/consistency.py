"""Comparing the index with the database, and repairing the difference through the one writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from archive.models import Article, IndexChange
from archive.search import reader, writer


@dataclass
class Drift:
    missing: list[int] = field(default_factory=list)  # public in the database, absent from the index
    extra: list[int] = field(default_factory=list)  # in the index, but deleted or unpublished
    stale: list[int] = field(default_factory=list)  # in both, but the index holds older content
    pending: int = 0  # changes queued for the writer (applied by the next run or a repair)

    @property
    def article_ids(self) -> list[int]:
        return sorted({*self.missing, *self.extra, *self.stale})

    @property
    def clean(self) -> bool:
        return not self.article_ids and not self.pending

    def summary(self) -> str:
        return (
            f"{len(self.missing)} missing from the index, {len(self.extra)} in the index but not public, "
            f"{len(self.stale)} out of date, {self.pending} queued changes"
        )


def indexed_fingerprints() -> dict[int, str]:
    """Article id -> stored fingerprint, for every live document in the index."""
    with reader.searcher() as searcher:
        return {
            int(fields["django_id"]): fields.get("fingerprint", "")
            for fields in searcher.all_stored_fields()
            if fields.get("django_id")
        }


def database_fingerprints(progress: Callable[[int], object] | None = None) -> dict[int, str]:
    """Article id -> the fingerprint its document would have, for every public article."""
    from haystack import connections

    backend = reader.backend()
    index = connections["default"].get_unified_index().get_index(Article)
    fingerprints = {}
    for article in index.index_queryset().order_by("pk").iterator(chunk_size=1000):
        document = backend.prepare_document(index, article)
        if document is not None:
            fingerprints[article.pk] = document["fingerprint"]
        if progress is not None:
            progress(1)
    return fingerprints


def check(*, progress: Callable[[int], object] | None = None) -> Drift:
    expected = database_fingerprints(progress)
    actual = indexed_fingerprints()
    return Drift(
        missing=sorted(set(expected) - set(actual)),
        extra=sorted(set(actual) - set(expected)),
        stale=sorted(pk for pk in set(expected) & set(actual) if expected[pk] != actual[pk]),
        pending=IndexChange.objects.count(),
    )


def repair(drift: Drift) -> int:
    """Queue every drifted article, then apply the whole queue through the writer; returns articles queued."""
    # deferred() applies the queue on exit, after the atomic block inside it has committed.
    with writer.deferred(), transaction.atomic():
        writer.record_changes(drift.article_ids)
    return len(drift.article_ids)

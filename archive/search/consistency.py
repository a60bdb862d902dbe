"""Comparing the index with the database, and repairing the difference through the one writer."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from whoosh.analysis import StopFilter

from archive.models import Article, IndexChange
from archive.search import faults, reader, writer


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


def _analysis_step(part) -> str:
    """An analyzer's step as it indexes: its class, a folding filter's table (a letter folded otherwise, as
    "İ" once was, indexes otherwise: `build_index --if-needed` must rebuild) and the shortest word a stop filter
    keeps (one-letter words once left out)."""
    charmap = getattr(part, "charmap", None)
    if isinstance(charmap, dict):
        table = repr(sorted(charmap.items())).encode()
        return f"{type(part).__name__}:{hashlib.sha256(table).hexdigest()[:16]}"
    if isinstance(part, StopFilter) and part.min != 2:  # Whoosh's default of 2: the signature indexes had before
        return f"{type(part).__name__}:min{part.min}"
    return type(part).__name__


def _schema_signature(schema) -> list[tuple]:
    """What makes two schemas index alike: field names, types, formats, analyzers and flags."""
    return sorted(
        (
            name,
            type(field).__name__,
            type(getattr(field, "format", None)).__name__,
            tuple(_analysis_step(part) for part in getattr(getattr(field, "analyzer", None), "items", ())),
            bool(field.stored),
            bool(getattr(field, "unique", False)),
            type(getattr(field, "column_type", None)).__name__,
            getattr(field, "shift_step", None),  # numbers' tiers: ranges read the tiers the schema names
        )
        for name, field in schema.items()
    )


def index_problem() -> str:
    """Why the live index cannot be brought in step by applying a difference ("" when it can)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import EmptyIndexError

    from archive.search import storage

    live = storage.live_path()
    if not live.exists():
        return "no index"
    if reason := faults.unreadable(live):
        return reason
    try:
        ix = FileStorage(str(live)).open_index()  # with the schema it was built with
        if _schema_signature(ix.schema) != _schema_signature(storage.schema()):
            return "index built with an older schema"
        if not ix.doc_count() and Article.objects.published().exists():
            return "empty index"
    except EmptyIndexError:
        return "no index"
    except faults.READ_ERRORS as error:  # a segment missing or truncated: only a build mends it
        return f"index damaged: {faults.describe(error)}"
    return ""


@dataclass
class InStep:
    action: str  # "in step", "repaired" or "built"
    reason: str = ""
    articles: int = 0  # articles re-indexed (repaired) or indexed (built)

    def why_built(self) -> str:
        """What a build found, then what it did, for `build_index --if-needed`: "The index was damaged (…): rebuilt it."
        ("Built the index: index damaged: …" read as if the build had done the damage)."""
        found = {
            "no index": "There was no index: built it.",
            "empty index": "The index was empty while the database has published articles: built it.",
            "index built with an older schema": "The index was built with an older schema: rebuilt it.",
        }.get(self.reason)
        if found:
            return found
        if self.reason.startswith(("index damaged: ", "drift: ")):
            what, cause = self.reason.split(": ", 1)
            found = "was damaged" if what == "index damaged" else "had drifted too far to patch"
            return f"The index {found} ({cause}): rebuilt it."
        return f"The index could not be used ({self.reason}): built a new one."


def ensure_in_step(
    *,
    progress: Callable[[int], object] | None = None,
    build: Callable[[], int] | None = None,
    rebuild_fraction: float = 0.5,
) -> InStep:
    """Build the index only when needed: nothing when in step, the difference when it drifted.

    Missing, empty or older-schema indexes, and drift over `rebuild_fraction` of the articles, are
    built in full with `build` (default `writer.rebuild`; returns the articles indexed).
    """
    build = build or (lambda: writer.rebuild().articles)
    problem = index_problem()
    if problem:
        reader.backend().setup_complete = False  # reopen: the live index may be gone or replaced
        return InStep("built", problem, build())
    try:
        drift = check(progress=progress)
    except faults.READ_ERRORS as error:  # damaged (a segment file missing, say): only a build mends it
        reader.backend().setup_complete = False
        return InStep("built", f"index damaged: {faults.describe(error)}", build())
    if drift.clean:
        return InStep("in step")
    public = Article.objects.published().count()
    if len(drift.article_ids) > rebuild_fraction * max(public, 1):
        return InStep("built", f"drift: {drift.summary()}", build())
    return InStep("repaired", f"drift: {drift.summary()}", repair(drift))

"""Index writes for an engine other than Whoosh, through haystack's public backend API.

The queue is the same (`IndexChange` rows recorded in the transaction that changes an article, applied
after commit, deleted only once applied): what differs is the writing. Whoosh's is ours (`writer.py`:
segments, the lock, the atomic rebuild beside the live index); on Solr or Elasticsearch the engine owns
its index, so a batch is haystack's `backend.update()` for the articles still published and
`backend.remove()` for the rest, and a rebuild is `clear()` then `update()` in chunks (searches see a
partial index meanwhile: rebuild on a copy of the collection when that matters).
"""

from __future__ import annotations

from collections.abc import Callable

from archive.models import Article, IndexChange

BATCH_SIZE = 500


def _backend_and_index():
    from haystack import connections

    connection = connections["default"]
    return connection.get_backend(), connection.get_unified_index().get_index(Article)


def write_articles(backend, index, article_ids: list[int]) -> None:
    """The current committed state of these articles in the engine: updated if published, else removed."""
    from archive.search.writer import document_id

    published = list(index.index_queryset().filter(pk__in=article_ids).order_by("pk"))
    if published:
        backend.update(index, published)
    for article_id in sorted(set(article_ids) - {article.pk for article in published}):
        backend.remove(document_id(article_id))


def apply_pending(*, batch_size: int = BATCH_SIZE, progress: Callable[[int], object] | None = None) -> int:
    """Apply queued changes in batches; the rows of a batch are deleted once the engine took it."""
    backend, index = _backend_and_index()
    applied = 0
    while True:
        changes = list(IndexChange.objects.order_by("id").values_list("id", "article_id")[:batch_size])
        if not changes:
            return applied
        article_ids = sorted({article_id for _, article_id in changes})
        write_articles(backend, index, article_ids)
        IndexChange.objects.filter(id__in=[change_id for change_id, _ in changes]).delete()
        applied += len(article_ids)
        if progress is not None:
            progress(len(article_ids))


def rebuild(*, progress: Callable[[int], object] | None = None) -> int:
    """Every published article written afresh; returns how many."""
    backend, index = _backend_and_index()
    backend.clear(models=[Article])
    count = 0
    chunk: list[Article] = []
    for article in index.index_queryset().order_by("pk").iterator(chunk_size=1000):
        chunk.append(article)
        if len(chunk) == BATCH_SIZE:
            backend.update(index, chunk)
            count, chunk = count + len(chunk), []
            if progress is not None:
                progress(BATCH_SIZE)
    if chunk:
        backend.update(index, chunk)
        count += len(chunk)
        if progress is not None:
            progress(len(chunk))
    IndexChange.objects.all().delete()  # the rebuild wrote the committed state of every article
    return count

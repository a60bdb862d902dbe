"""writer.py's bulk path: re-indexed articles' old documents are deleted wherever they are, once."""

from __future__ import annotations

import pytest

from archive.search import SearchParams, check_consistency, search, snapshot, writer

pytestmark = pytest.mark.django_db


def live_documents() -> int:
    backend, _ = writer._backend_and_index()
    return backend.index.refresh().doc_count()  # documents not deleted, over every segment


def test_a_bulk_session_replaces_documents_across_segments_and_earlier_deletions(many_articles):
    # GIVEN the archive built in one segment, then 50 articles re-indexed one small batch at a time:
    # their old documents deleted from the first segment, their new ones in a second
    writer.rebuild(procs=1)
    ids = sorted(article.pk for article in many_articles)
    writer.record_changes(ids[:50])
    writer.apply_pending(procs=1, bulk_from=10**6)
    assert [segment.doccount for segment in snapshot.current().segments] == [450, 50]
    # WHEN 100 articles are re-indexed in a bulk session: 50 live in the second segment (and deleted in the
    # first), 50 in the first, with an id nothing holds among them
    writer.record_changes([*ids[:100], max(ids) + 1000])
    writer.apply_pending(procs=1, bulk_from=1)
    # THEN each article is held once, by its new document
    assert live_documents() == search(SearchParams()).count == len(ids)
    assert check_consistency().clean

"""archive/search/fields.py: the Whoosh side of our field types."""

from __future__ import annotations

import datetime as dt

import pytest
from whoosh import query as wq

from archive.dates import date_sort_key
from archive.search import reader, writer

pytestmark = pytest.mark.django_db

SORT_KEYS = ("date_sort", "copy_group", "copy_order")


def test_a_sort_key_is_one_term_per_value_and_whoosh_ranges_still_find_every_article(many_articles):
    """GIVEN 450 articles dated every fifth day from 2020 WHEN they are indexed THEN each sort key has one
    term per distinct value (no coarser tiers: they were a fifth of every article's postings), and
    Whoosh's own range queries on the date find exactly the articles the dates say, edges included."""
    writer.rebuild(procs=1)
    with reader.searcher() as searcher:
        index_reader = searcher.reader()
        for fieldname in SORT_KEYS:
            terms = list(index_reader.lexicon(fieldname))
            assert terms and all(term[:1] == b"\x00" for term in terms), fieldname  # full precision only
        assert len(list(index_reader.lexicon("date_sort"))) == len({a.published for a in many_articles})
        for low, high in [(dt.date(2020, 3, 1), dt.date(2020, 6, 30)), (dt.date(2020, 1, 1), dt.date(2020, 1, 1))]:
            expected = {a.pk for a in many_articles if low <= a.published <= high}
            found = searcher.search(
                wq.NumericRange("date_sort", date_sort_key(low), date_sort_key(high)), limit=None, scored=False
            )
            assert {int(hit["django_id"]) for hit in found} == expected and expected


def _stored_ids(index_reader) -> dict[int, int]:
    return {docnum: int(fields["django_id"]) for docnum, fields in index_reader.iter_docs()}


def _ids_without_stored_reads(snap, docnums: list[int], monkeypatch) -> list[int | None]:
    for segment in snap.segments:
        monkeypatch.setattr(segment.reader, "stored_fields", _no_stored_reads)
    found = snap.article_ids(docnums)
    monkeypatch.undo()
    return found


def _no_stored_reads(docnum):
    raise AssertionError(f"document {docnum}'s stored fields were read for its article id")


def test_article_ids_are_read_from_a_column_written_by_the_fast_writer_and_kept_by_merges(many_articles, monkeypatch):
    """GIVEN 450 articles indexed by the full build, then one more segment and a merge of both through
    Whoosh's own writer WHEN a snapshot gives the article id of every document THEN each is the stored
    `django_id`, read from the id column without reading a single stored document."""
    from whoosh.filedb.filestore import FileStorage

    from archive.search import snapshot, storage

    writer.rebuild(procs=1)
    folder = str(storage.live_path())
    with reader.searcher() as searcher:
        expected = _stored_ids(searcher.reader())
    assert sorted(expected.values()) == sorted(a.pk for a in many_articles)
    snap = snapshot.current(folder)
    assert _ids_without_stored_reads(snap, list(expected), monkeypatch) == list(expected.values())

    ix = FileStorage(folder).open_index()
    late = ix.writer()
    late.add_document(id="archive.article.9001", django_ct="archive.article", django_id="9001", text="late words")
    late.commit()
    ix.optimize()  # Whoosh's own merge: the column goes through its write_per_doc
    with ix.searcher() as searcher:
        expected = _stored_ids(searcher.reader())
        assert 9001 in expected.values() and len(expected) == len(many_articles) + 1
    snap = snapshot.current(folder)
    assert len(snap.segments) == 1
    assert _ids_without_stored_reads(snap, list(expected), monkeypatch) == list(expected.values())


def test_an_index_from_before_the_id_column_still_gives_every_article_id(whoosh_index):
    """GIVEN segments whose documents have no value in the id column (an index written before it: the
    column reads 0) WHEN a snapshot gives their article ids THEN they come from the stored fields."""
    from archive.search import snapshot

    snap = snapshot.current(whoosh_index.storage.folder)
    with whoosh_index.searcher() as searcher:
        expected = {docnum: int(fields["django_id"]) for docnum, fields in searcher.reader().iter_docs()}
    for segment in snap.segments:
        segment.ids = segment.ids * 0  # as read from a segment without the column
    assert snap.article_ids(list(expected)) == list(expected.values())

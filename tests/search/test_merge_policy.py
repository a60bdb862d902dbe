"""archive/search/merge_policy.py: an edit's commit merges only tiny segments; an import merges in tiers."""

from __future__ import annotations

import pytest
from django.test import override_settings

from archive.importers import import_paths
from archive.models import Article
from archive.search import SearchParams, check_consistency, merge_policy, search, segment_jobs, snapshot, writer

pytestmark = pytest.mark.django_db


class FakeSegment:
    def __init__(self, docs: int, deleted: int = 0) -> None:
        self.docs, self.deleted = docs, deleted

    def doc_count_all(self) -> int:
        return self.docs

    def has_deletions(self) -> bool:
        return self.deleted > 0

    def deleted_count(self) -> int:
        return self.deleted

    def doc_count(self) -> int:
        return self.docs - self.deleted

    def __repr__(self) -> str:
        return f"<{self.docs}{f'-{self.deleted}' if self.deleted else ''}>"


def sizes(segments) -> list[int]:
    return [segment.doc_count_all() for segment in segments]


def test_an_edit_never_merges_an_imports_segments():
    # GIVEN the segments of the 100,000-article benchmark archive after two imports (measured 2026-12-04),
    # where Whoosh's MERGE_SMALL made the next save merge 15 segments (~14,800 documents) in the request
    archive = [FakeSegment(n) for n in [10, 818, *[1000] * 18, 8812, 50_000, 50_000]]
    # WHEN an edit's commit adds its one-document segment THEN nothing is merged
    assert merge_policy.small_merge([*archive, FakeSegment(1)]) == []


def test_an_edits_tiny_segments_are_merged_as_whoosh_would():
    # GIVEN five one-document segments beside large ones THEN they are merged together (MERGE_SMALL's point)
    tiny = [FakeSegment(1) for _ in range(5)]
    assert merge_policy.small_merge([FakeSegment(50_000), *tiny, FakeSegment(1000)]) == tiny
    # AND four are not yet (MERGE_SMALL merges from the fifth)
    assert merge_policy.small_merge(tiny[:4]) == []


def test_an_edits_merge_stays_under_its_cap(monkeypatch):
    # GIVEN small segments that together pass SMALL_MERGE_DOCS before any merge point
    monkeypatch.setattr(merge_policy, "SMALL_MERGE_DOCS", 200)
    segments = [FakeSegment(60) for _ in range(12)]
    # THEN the commit merges nothing rather than more than the cap
    assert merge_policy.small_merge(segments) == []


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        # ten of one tier make one group; nine do not
        ([FakeSegment(1000) for _ in range(10)], [[1000] * 10]),
        ([FakeSegment(1000) for _ in range(9)], []),
        # a segment with deletions counts by all its documents (it is copied whole)
        ([*(FakeSegment(1000) for _ in range(9)), FakeSegment(1000, deleted=400)], [[1000] * 10]),
        # tiers are powers of ten: 818 is not with 1000; two full tiers make two groups, fewest documents first
        (
            [FakeSegment(818), *(FakeSegment(1000 + n) for n in range(10)), *(FakeSegment(20) for _ in range(10))],
            [[20] * 10, [1000 + n for n in range(10)]],
        ),
        # the merged segment stays within TIER_MAX_DOCS: ten of 60,000 would make 600,000
        ([FakeSegment(60_000) for _ in range(10)], []),
    ],
)
def test_tiers_of_segments_to_merge(segments, expected):
    assert [sizes(group) for group in merge_policy.tier_groups(segments)] == expected


def test_which_mostly_deleted_segments_are_dropped():
    # GIVEN the 20,000-article benchmark archive after its import-more phase (measured 2026-12-06): an import
    # deleted again, whose largest segment kept 6 of its 17,000 documents, beside the corpus's segments
    archive = [
        FakeSegment(10_000, deleted=8818),
        FakeSegment(10_000, deleted=3),
        FakeSegment(17_000, deleted=16_994),
        FakeSegment(1000, deleted=500),
        FakeSegment(1000, deleted=499),
        FakeSegment(8812),
        FakeSegment(5, deleted=5),
    ]
    # THEN those at least half deleted have their live articles indexed again; one without deletions, one with
    # a few, or an empty one (dropped as it is) do not
    assert sizes(merge_policy.expunge_candidates(archive)) == [10_000, 17_000, 1000]
    # AND one with more than EXPUNGE_MAX_LIVE live articles waits for a rebuild
    assert merge_policy.expunge_candidates([FakeSegment(500_000, deleted=400_000)]) == []


def import_again(articles: list[Article], *, merge: bool = True) -> None:
    """Re-index `articles` as a large import does (`import_paths`): a streamed session, its jobs written
    alongside, then, all searchable, the segments merged by tiers."""
    with writer.streamed() as feed:
        writer.record_changes(article.pk for article in articles)
        feed()
    if merge:
        writer.merge_tiers()


def answers() -> list[tuple]:
    """What a few searches answer: totals, facet counts and the pages' ids."""
    queries = [SearchParams(q="oil gas", sort="newest"), SearchParams(countries=("GB",), page=2), SearchParams()]
    return [(r.count, r.counts, [h.article_id for h in r.hits]) for r in map(search, queries)]


def live_sizes() -> list[int]:
    return [segment.doccount for segment in snapshot.current().segments]


@override_settings(ARCHIVE_INDEX_BULK_MIN=1)
def test_an_imports_segments_are_merged_in_tiers_and_answers_do_not_change(many_articles, monkeypatch):
    # GIVEN 450 articles indexed in one segment, and imports writing jobs of 10 documents, tiers of 3
    writer.rebuild(procs=1)
    expected = answers()
    monkeypatch.setattr(segment_jobs, "JOB_SIZE", 10)
    monkeypatch.setattr(merge_policy, "TIER_FANOUT", 3)
    # WHEN an import re-indexes 30 of them THEN they are searchable in its three job segments of 10 first
    import_again(many_articles[:30], merge=False)
    assert live_sizes() == [450, 10, 10, 10]
    # AND the merge after makes them one segment of 30
    merged = writer.merge_tiers()
    assert live_sizes() == [450, 30] and (merged.before, merged.after) == (4, 2)
    # WHEN another does THEN its jobs and the first import's segment (one tier: 10-99) are merged
    import_again(many_articles[30:60])
    assert live_sizes() == [450, 60]
    # AND the archive answers as before, in step with the database
    assert answers() == expected
    assert check_consistency().clean


@override_settings(ARCHIVE_INDEX_BULK_MIN=1)
def test_an_edit_after_imports_merges_only_the_edits_segments(many_articles, monkeypatch):
    # GIVEN an import's many segments of 10 documents (tiers never fill here) on the archive
    writer.rebuild(procs=1)
    monkeypatch.setattr(segment_jobs, "JOB_SIZE", 10)
    monkeypatch.setattr(merge_policy, "TIER_FANOUT", 1000)
    monkeypatch.setattr(merge_policy, "SMALL_DOCS", 5)
    import_again(many_articles[:200])
    imported = live_sizes()
    assert imported == [450, *[10] * 20]
    # WHEN editors save six articles, one commit each (as the after-commit writer does)
    for article in many_articles[300:306]:
        writer.record_changes([article.pk])
        writer.apply_pending(procs=1, bulk_from=10**6)
    # THEN the import's segments are untouched (Whoosh's MERGE_SMALL would have merged eight of them), and
    # the first five edits' one-document segments went into the sixth's
    assert live_sizes() == [450, *[10] * 20, 6]
    assert search(SearchParams()).count == 450 and check_consistency().clean


@override_settings(ARCHIVE_INDEX_BULK_MIN=1)
@pytest.mark.parametrize(
    ("bulk_from", "expected"),
    [
        (10**6, [450, 10, 1]),  # one commit each, then an editor's save: that save's commit drops them
        (1, [450, 10]),  # one bulk session (which merges nothing): its commit drops them
    ],
)
def test_segments_whose_articles_were_all_deleted_are_dropped(many_articles, monkeypatch, bulk_from, expected):
    # GIVEN an import's segments of 10 documents on the archive (as the benchmark's import-more phase adds)
    writer.rebuild(procs=1)
    monkeypatch.setattr(segment_jobs, "JOB_SIZE", 10)
    monkeypatch.setattr(merge_policy, "TIER_FANOUT", 1000)
    import_again(many_articles[:30])
    assert live_sizes() == [450, 10, 10, 10]
    # WHEN the imported articles are deleted again (then an editor saves another)
    for article in many_articles[10:30]:
        article.delete()
    writer.apply_pending(procs=1, bulk_from=bulk_from)
    if bulk_from > 1:
        writer.record_changes([many_articles[40].pk])
        writer.apply_pending(procs=1, bulk_from=bulk_from)
    # THEN the two segments left without a live document are gone from the index, the rest answers as before
    assert live_sizes() == expected
    assert search(SearchParams()).count == 430 and check_consistency().clean


@override_settings(ARCHIVE_INDEX_BULK_MIN=1)
def test_segments_with_deletions_are_merged_their_deleted_documents_still_deleted(many_articles, monkeypatch):
    # GIVEN an import's three segments of 10 documents, tiers of 3, and an edit since to one article of each
    writer.rebuild(procs=1)
    monkeypatch.setattr(segment_jobs, "JOB_SIZE", 10)
    monkeypatch.setattr(merge_policy, "TIER_FANOUT", 3)
    import_again(many_articles[:30], merge=False)
    edited = [many_articles[0], many_articles[10], many_articles[20]]
    writer.record_changes(article.pk for article in edited)
    writer.apply_pending(procs=1, bulk_from=10**6)
    assert live_sizes() == [450, 10, 10, 10, 3]
    expected = answers()
    # WHEN the import's merge step runs
    writer.merge_tiers()
    # THEN the three are one segment of 30 documents, the three edited ones' old documents still deleted in it
    assert live_sizes() == [450, 30, 3]
    assert [segment.reader.segment().deleted_count() for segment in snapshot.current().segments] == [30, 3, 0]
    assert answers() == expected
    assert check_consistency().clean
    # AND an article of the merged segment edited again, or deleted, is so in the index
    writer.record_changes([many_articles[5].pk, many_articles[10].pk])
    writer.apply_pending(procs=1, bulk_from=10**6)
    many_articles[25].delete()
    writer.apply_pending(procs=1, bulk_from=10**6)
    assert search(SearchParams()).count == 449 and check_consistency().clean


@override_settings(ARCHIVE_INDEX_BULK_MIN=1)
def test_a_segment_mostly_deleted_is_dropped_its_live_articles_indexed_again(many_articles, monkeypatch):
    # GIVEN an import of 30 articles written as one segment on the archive of 450
    writer.rebuild(procs=1)
    monkeypatch.setattr(segment_jobs, "JOB_SIZE", 30)
    import_again(many_articles[:30])
    assert live_sizes() == [450, 30]
    # WHEN 20 of them are deleted in one bulk session (the index keeps their documents, marked deleted)
    for article in many_articles[:20]:
        article.delete()
    writer.apply_pending(procs=1, bulk_from=1)
    expected = answers()
    # AND the next import's merge step runs
    merged = writer.merge_tiers()
    # THEN its 10 live articles are in a segment of their own and it is gone (the first segment keeps the 30
    # documents the import replaced: a fifteenth of it); the archive answers as before, in step with the database
    assert live_sizes() == [450, 10] and (merged.before, merged.after) == (2, 2)
    assert [segment.reader.segment().deleted_count() for segment in snapshot.current().segments] == [30, 0]
    assert answers() == expected
    assert check_consistency().clean


@override_settings(ARCHIVE_INDEX_BULK_MIN=3)
def test_a_large_import_merges_the_segments_it_added_once_they_are_searchable(seeds_dir, monkeypatch):
    # GIVEN imports that write a segment per article, and tiers of three segments
    monkeypatch.setattr(segment_jobs, "JOB_SIZE", 1)
    monkeypatch.setattr(merge_policy, "TIER_FANOUT", 3)
    # WHEN the seeds are imported
    report = import_paths([seeds_dir])
    # THEN the import's segments were merged after it (and timed apart), and everything is searchable
    assert report.merge is not None and report.merge.after < report.merge.before
    assert report.merge.seconds >= 0
    assert search(SearchParams()).count == Article.objects.published().count() > 0
    assert check_consistency().clean

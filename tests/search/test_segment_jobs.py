"""The full build's jobs and merge: segments written per job, merged in order into one per process."""

from __future__ import annotations

import pytest

from archive.search import SearchParams, search, segment_jobs, segment_merge, snapshot, storage, writer

pytestmark = pytest.mark.django_db


class FakeSegment:
    def __init__(self, name: str, docs: int) -> None:
        self.name, self.docs = name, docs

    def doc_count_all(self) -> int:
        return self.docs


def names(groups):
    return [[segment.name for segment in group] for group in groups]


@pytest.mark.parametrize(
    ("sizes", "parts", "expected"),
    [
        ([10, 10, 10, 10], 2, [["a", "b"], ["c", "d"]]),
        ([10, 10, 10, 10, 10], 2, [["a", "b", "c"], ["d", "e"]]),
        ([30, 5, 5, 5, 5], 2, [["a"], ["b", "c", "d", "e"]]),
        ([10], 2, [["a"]]),
        ([10, 10, 10], 1, [["a", "b", "c"]]),
        ([1, 1, 1, 1, 1, 1, 1], 3, [["a", "b", "c"], ["d", "e"], ["f", "g"]]),
    ],
)
def test_segments_are_cut_into_runs_of_about_the_same_size_in_order(sizes, parts, expected):
    segments = [FakeSegment(chr(ord("a") + n), size) for n, size in enumerate(sizes)]
    groups = segment_jobs.contiguous_groups(segments, parts)
    assert names(groups) == expected
    assert [s for group in groups for s in group] == segments


def test_a_build_merges_its_job_segments_into_one_per_process_and_deletes_them(many_articles, monkeypatch):
    """GIVEN 450 articles WHEN two indexing processes build the index (jobs of 113 documents: four
    segments) THEN two merged segments are live, holding every article in order, and no job segment's
    file is left; searches answer as from a single-process build. The jobs were numbered for their
    place in the merge, which copied every block as it was."""
    writer.rebuild(procs=1)
    single = [(r.count, r.counts) for r in map(search, [SearchParams(), SearchParams(q="oil gas")])]

    def shifted(*args):
        raise AssertionError("a block was re-encoded")  # in a merge process: it dies, the build fails

    monkeypatch.setattr(segment_merge, "_shifted", shifted)
    writer.rebuild(procs=2)
    live = snapshot.current()
    assert [segment.doccount for segment in live.segments] == [226, 224]
    assert [(r.count, r.counts) for r in map(search, [SearchParams(), SearchParams(q="oil gas")])] == single
    ids = live.article_ids(range(450))
    assert ids == sorted(ids) == sorted(article.pk for article in many_articles)
    files = sorted(path.name for path in storage.live_path().resolve().iterdir())
    assert len([name for name in files if name.endswith(".seg")]) == 2
    assert [name for name in files if not name.endswith((".seg", ".toc")) and "LOCK" not in name] == []


def test_a_merge_process_that_dies_fails_the_build_and_keeps_the_live_index(many_articles, monkeypatch):
    writer.rebuild(procs=1)
    live = storage.live_path().resolve()

    def dies(*args) -> None:
        raise SystemExit(3)

    monkeypatch.setattr(segment_jobs, "_merge_group", dies)
    with pytest.raises(RuntimeError, match="ended without finishing"):
        writer.rebuild(procs=2)
    assert storage.live_path().resolve() == live
    assert search(SearchParams()).count == len(many_articles)

"""The full rebuild: two indexing processes leave one segment each, searches answer the same, and
while it runs searches keep using the old index (switched atomically at the end)."""

from __future__ import annotations

import os
import threading

import pytest

from archive.search import SearchParams, search, snapshot, storage, writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(many_articles):
    return many_articles


SEARCHES = [
    SearchParams(),
    SearchParams(q="oil"),
    SearchParams(q="oil -gas", countries=("US",)),
    SearchParams(q="rates*"),
]


def answers():
    out = []
    for params in SEARCHES:
        result = search(params)
        assert result.engine == "fast"
        out.append((result.count, result.counts, sorted(h.score or 0 for h in result.hits)))
    return out


def test_two_processes_build_two_segments_that_answer_the_same(articles):
    writer.rebuild(procs=1)
    single = answers()
    assert len(snapshot.current().segments) == 1
    report = writer.rebuild(procs=2)
    assert report.articles == len(articles)
    assert len(snapshot.current().segments) == 2
    assert answers() == single


def test_searches_use_the_old_index_until_the_switch(articles):
    writer.rebuild(procs=1)
    old_path = snapshot.current().path
    before = answers()
    seen = []

    def progress(_):
        if not seen:  # halfway through writing the new index: the old one answers, complete
            seen.append((snapshot.current().path, answers()))

    writer.rebuild(procs=2, progress=progress)
    assert seen == [(old_path, before)]
    assert snapshot.current().path != old_path and not os.path.exists(old_path)
    assert answers() == before


def _mapped(path: str) -> list[str]:
    """Files under `path` this process has open or memory-mapped (deleted ones included)."""
    with open("/proc/self/maps") as maps:
        mapped = {line.split(maxsplit=5)[5].strip() for line in maps if line.count(" ") >= 5 and path in line}
    links = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return sorted(mapped | {link for link in links if path in link})


def test_a_rebuild_closes_the_old_snapshot_and_frees_its_files(articles):
    writer.rebuild(procs=1)
    old = snapshot.current()
    before = answers()
    assert _mapped(old.path)
    writer.rebuild(procs=2)
    new = snapshot.current()
    assert old.closed and not new.closed
    assert _mapped(old.path) == [], "the deleted index's files are still open"
    assert answers() == before


def test_a_snapshot_in_use_by_another_thread_is_closed_when_that_thread_moves_on(articles):
    writer.rebuild(procs=1)
    holding, moved_on, done = threading.Event(), threading.Event(), threading.Event()
    held: list[snapshot.IndexSnapshot] = []

    def searcher() -> None:  # a request thread in the middle of a search
        held.append(snapshot.current())
        holding.set()
        moved_on.wait(60)
        held.append(snapshot.current())
        done.set()

    thread = threading.Thread(target=searcher)
    thread.start()
    assert holding.wait(60)
    writer.rebuild(procs=1)
    assert snapshot.current() is not held[0]
    assert held[0].retired and not held[0].closed, "closed under a running search"
    assert held[0].leaf_readers[0].doc_count() == len(articles)  # still readable
    moved_on.set()
    assert done.wait(60)
    thread.join()
    assert held[0].closed and held[1] is snapshot.current()


def test_an_edit_closes_the_generation_it_replaces_but_keeps_shared_segments(
    articles, django_capture_on_commit_callbacks
):
    from archive.models import Article

    writer.rebuild(procs=1)
    first = snapshot.current()
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.first()
        article.title = "Quetzalcoatl"
        article.save()
    second = snapshot.current()
    assert first.closed and second.generation > first.generation
    assert first.segments[0] in second.segments and not first.segments[0].reader.is_closed
    assert [h.article_id for h in search(SearchParams(q="quetzalcoatl")).hits] == [article.pk]
    assert answers()[0][0] == len(articles)


def test_a_rebuild_removes_directories_left_by_killed_builds(articles):
    writer.rebuild(procs=1)
    abandoned = storage.new_index_dir()  # as a build killed before its switch leaves it
    being_built = storage.new_index_dir()
    lock = storage.FileStorage(str(being_built)).lock("MAIN_WRITELOCK")
    assert lock.acquire(blocking=False)
    try:
        writer.rebuild(procs=1)
    finally:
        lock.release()
    assert not abandoned.exists()
    assert being_built.exists(), "a directory another build is writing is kept"

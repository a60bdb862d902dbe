"""The end of a build merges every spilled run of postings in one pass (whoosh_patches: PostingPool)."""

import random

from whoosh import writing
from whoosh.externalsort import SortingPool
from whoosh.filedb.filestore import FileStorage

from archive.search import whoosh_patches


def test_more_runs_than_whoosh_opens_at_once_are_merged_in_one_pass(tmp_path, monkeypatch):
    # GIVEN an indexing process's posting pool that spilled 300 runs (Whoosh's own merge opens at most 128)
    assert whoosh_patches.install()
    pool = writing.PostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=1)
    pool.limit = 2_000  # bytes: a run every ~20 postings
    postings = [("body", f"word{n % 997:04d}".encode(), n, 1.0, None) for n in range(6_000)]
    random.Random(21).shuffle(postings)
    for posting in postings:
        pool.add(posting)
    pool.save()
    assert len(pool.runs) > 128 and whoosh_patches.merge_max_files() >= len(pool.runs)
    rewrites = []
    monkeypatch.setattr(SortingPool, "reduce_to", lambda self, *args: rewrites.append(args))
    # WHEN the segment reads them back
    merged = list(pool.iter_postings())
    # THEN every posting comes back once, in order, and no run was rewritten first
    assert merged == sorted(postings)
    assert rewrites == []
    assert list(tmp_path.iterdir()) == []  # every run read and removed


def test_the_merge_stays_within_the_open_file_limit(monkeypatch):
    # GIVEN a process allowed only 256 open files
    monkeypatch.setattr(whoosh_patches.resource, "getrlimit", lambda which: (256, 1024))
    # THEN a merge opens at most half of them (but never fewer than Whoosh's own 128)
    assert whoosh_patches.merge_max_files() == 128
    monkeypatch.setattr(whoosh_patches.resource, "getrlimit", lambda which: (20_000, 20_000))
    assert whoosh_patches.merge_max_files() == whoosh_patches.MERGE_MAX_FILES

"""The fast path's parts, each against the Whoosh (or numpy) code it stands in for: bulk posting reads,
the zero-copy segment file, the AndNot fix, edit distances and suggestions, the snippet scan, facet counts,
the sorted set helpers."""

from __future__ import annotations

import io
import pickle
import random
import re
from itertools import accumulate, pairwise

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.support.levenshtein import damerau_levenshtein

from archive.search import highlight, postings, spelling, storage, whoosh_patches
from archive.search.query import analyse, parse_query


def test_bulk_posting_reads_equal_whoosh_s_matchers(whoosh_index):
    reader = whoosh_index.reader()
    for leaf, _ in reader.leaf_readers():
        assert postings.supported(leaf)
        for fieldname in ("text", "title", "countries", "day"):
            for btext in leaf.lexicon(fieldname):
                ours = postings.read_term(leaf, fieldname, btext)
                matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
                docs, weights, positions = [], [], []
                while matcher.is_active():
                    docs.append(matcher.id())
                    weights.append(matcher.weight())
                    if fieldname == "text":
                        positions.append(matcher.value_as("positions"))
                    matcher.next()
                assert ours.docs.tolist() == docs and ours.weights.tolist() == weights, (fieldname, btext)
                if fieldname == "text":
                    every = np.arange(len(docs))
                    for where in (every, every[::3], every[len(docs) // 2 :]):
                        sizes, flat = ours.positions_of(where)
                        ends = np.cumsum(sizes)
                        got = [flat[e - n : e].tolist() for n, e in zip(sizes.tolist(), ends.tolist(), strict=True)]
                        assert got == [positions[i] for i in where.tolist()], (btext, len(where))
                    whole = postings.read_term(leaf, fieldname, btext, positions=True)  # one pass
                    starts, flat = whole.every_position()
                    assert whole.docs.tolist() == docs and whole.weights.tolist() == weights
                    assert [flat[a:b].tolist() for a, b in pairwise(starts)] == positions
        assert postings.read_term(leaf, "text", b"nosuchword") is None


@pytest.mark.parametrize("gaps", [(1, 5), (1, 300), (200, 70_000), (1, 3)])
@pytest.mark.parametrize("stripped", [False, True])
def test_positions_are_decoded_as_whoosh_decodes_them(gaps, stripped):
    """GIVEN position values as Whoosh's Positions format encodes them (deltas from one to five bytes
    in pickle, lists past pickle's 1,000-item batches, the final "." stripped or not) WHEN a block of
    them is decoded at once THEN every document's positions are Whoosh's."""
    from whoosh.formats import Positions

    rng = random.Random(sum(gaps) + stripped)
    fmt = Positions()
    lists = [
        list(accumulate(rng.randint(0, gaps[1]) for _ in range(rng.choice([1, 1, 2, 3, 7, 1001, 2500]))))
        for _ in range(200)
    ]
    values = [fmt.encode(positions) for positions in lists]
    if stripped:
        values = [value[:-1] for value in values]
    starts, flat = postings._decode_positions(values)
    assert (
        [flat[a:b].tolist() for a, b in pairwise(starts)] == [fmt.decode_positions(value) for value in values] == lists
    )


def test_segment_files_are_read_in_place_like_bytesio():
    data = pickle.dumps({"a": [1, 2, 3]}) + b"line one\nline two\n" + bytes(range(256))
    ours, theirs = whoosh_patches.ViewFile(memoryview(data)), io.BytesIO(data)
    assert pickle.load(ours) == pickle.load(theirs) and ours.tell() == theirs.tell()  # noqa: S301
    assert ours.readline() == theirs.readline() and ours.read(3) == theirs.read(3)
    for offset, whence in ((5, 0), (7, 1), (-4, 2)):
        assert ours.seek(offset, whence) == theirs.seek(offset, whence)
        assert ours.read(10) == theirs.read(10)
    assert ours.read() == theirs.read() and ours.read(5) == theirs.read(5) == b""


def test_and_not_excludes_the_first_document_too(whoosh_index):
    """Whoosh 2.7.4 returned the first wanted document even when it held the excluded word."""
    with whoosh_index.searcher() as searcher:
        wanted = set(searcher.docs_for_query(wq.Term("text", "oil")))
        excluded = set(searcher.docs_for_query(wq.Term("text", "ga")))
        found = set(searcher.docs_for_query(wq.AndNot(wq.Term("text", "oil"), wq.Term("text", "ga"))))
    assert found == wanted - excluded


def test_edit_distances_are_whoosh_s():
    rng = random.Random(3)
    alphabet = "abcdeé'"
    words = np.array(sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(3000)}))
    for text in ("", "a", "abc", "badce", "éa'b", "abcdeabcd"):
        ours = spelling.osa_distances(words, text, 2)
        theirs = [min(damerau_levenshtein(w, text), 3) for w in words.tolist()]
        assert np.minimum(ours, 3).tolist() == theirs, text


def test_the_vocabulary_is_whoosh_s_spelling_field(whoosh_index):
    """GIVEN an index of two segments with a deletion
    WHEN the spelling vocabulary is read from the snapshot (raw term records) and from Whoosh's reader
    THEN both hold every spelling word once, with its article count as Whoosh's term weight."""
    from archive.search import snapshot

    snap = snapshot.current(whoosh_index.storage.folder)
    ours = spelling.snapshot_vocabulary(snap)
    theirs = spelling.reader_vocabulary(snap.reader)
    expected = {word: int(snap.reader.frequency("spell_text", word)) for word in snap.reader.lexicon("spell_text")}
    expected = {(w.decode() if isinstance(w, bytes) else w): n for w, n in expected.items()}
    for vocabulary in (ours, theirs):
        assert dict(zip(vocabulary.words.tolist(), vocabulary.counts.tolist(), strict=True)) == expected
        assert vocabulary.articles == snap.reader.doc_count()
    assert len(expected) > 10 and max(expected.values()) > 1


TEXTS = [
    "Oil prices rose; the oil-rich O'Brien said U.S. banks' rates didn't move. OIL! Oils, oiled, oiling.",
    "L'économie naïve: d'Estaing's rates rate RATING rated. Banking banks' bank. Trade traded trading.",
    "ΣΊΣΥΦΟΣ said İstanbul oil; ﬁnance ﬁrms (ligatures) and ǅ letters: prices.",
]


def _every_matching_word(text, parsed):
    """The reference: each word of `text` analysed as the index analyses it (or its lower case against the
    prefixes), one by one, as spans."""
    return [
        m.span()
        for m in highlight._WORD.finditer(text)
        if analyse(m.group()) in parsed.text_terms or any(m.group().lower().startswith(p) for p in parsed.prefixes)
    ]


@pytest.mark.parametrize(
    "q", ["oil", "rates", "bank", "trade*", "o'brien", "said", "économie", "d'estaing", "econ*", "naive", "finance"]
)
def test_snippet_scan_finds_what_checking_every_word_finds(q):
    parsed = parse_query(q, schema=storage.schema())
    for text in TEXTS:
        text = " ".join(text.split())
        assert highlight._hits(text, parsed) == _every_matching_word(text, parsed), (q, text)


def test_snippet_scan_agrees_with_the_stemmer_on_every_word_of_a_text():
    """The candidate regex may only skip words whose stem cannot match: check each word as a query."""
    text = " ".join(TEXTS)
    schema = storage.schema()
    for word in set(re.findall(r"\w+", text)):
        parsed = parse_query(word, schema=schema)
        if parsed.query is None:
            continue
        assert highlight._hits(text, parsed) == _every_matching_word(text, parsed), word


@pytest.mark.parametrize("selected", [0, 1, 30, 369, 370, 450, 738, "all"])
def test_facet_counts_are_the_documents_holding_each_value(whoosh_index, selected):
    from archive.search import snapshot

    # GIVEN a snapshot of two segments with a deletion (740 documents), whose documents hold 0-2 countries each
    snap = snapshot.current(whoosh_index.storage.folder)
    live = np.flatnonzero(snap.live)
    assert snap.size == 740 and len(live) == 739
    # (one value a document at most: counted by each document's code; countries by the pairs)
    assert {f for f, field in snap.exact.items() if field.doc_codes is not None} == {"source", "year", "month", "day"}
    # AND a selection of none, a few, many or all of the live documents (more than half of them: counted as the
    # whole archive's counts less those of the documents left out)
    mask = np.zeros(snap.size, dtype=bool)
    rng = np.random.default_rng(7)
    mask[live if selected == "all" else rng.choice(live, selected, replace=False)] = True
    for fieldname in ("countries", "source", "year", "day"):
        # WHEN the values are counted THEN each count is the number of selected documents Whoosh finds with it
        with whoosh_index.searcher() as searcher:
            expected = {
                value: count
                for value in snap.exact[fieldname].values
                if (count := sum(mask[doc] for doc in searcher.docs_for_query(wq.Term(fieldname, value))))
            }
        assert snap.counts(fieldname, mask) == expected, fieldname
        assert snap.counts(fieldname, mask) == expected, fieldname  # again: the whole archive's counts kept
    assert selected in (0, 1) or len(snap.counts("countries", mask)) == 3


@pytest.mark.parametrize("size", [0, 1, 2, 50, 5_000])
def test_sorted_set_helpers_equal_numpy_s(size):
    from archive.search import sparse

    # GIVEN ascending doc numbers with repeats, and two ascending sets of distinct ones, small and large
    rng = np.random.default_rng(size)
    repeated = np.sort(rng.integers(0, max(1, size // 3), size))
    a, b = (np.unique(rng.integers(0, 3 * size + 1, size)) for _ in range(2))
    # WHEN their distinct values and their union are taken THEN they are numpy's, in type too
    assert np.array_equal(sparse.distinct_sorted(repeated), np.unique(repeated))
    for space in (3 * size + 1, 100 * size + 1):  # the mask path and the merge path
        union = sparse.union_docs(a, b, space)
        assert np.array_equal(union, np.union1d(a, b)) and union.dtype == np.union1d(a, b).dtype


@pytest.mark.parametrize(("docs", "within"), [(0, 40), (40, 0), (5, 3_000), (3_000, 5), (2_000, 2_500), (4_000, 4_000)])
def test_members_are_found_the_same_way_by_search_and_by_arrays(docs, within):
    from archive.search import sparse

    # GIVEN two ascending sets of distinct doc numbers below 5,000 (few in many, many in few, many in many)
    rng = np.random.default_rng(docs + within)
    a, b = (np.unique(rng.integers(0, 5_000, n)).astype(np.int64) for n in (docs, within))
    # WHEN the documents of `a` in `b` are found by binary search, and with the documents' number space
    searched, arrays = sparse.members(a, b), sparse.members(a, b, 5_000)
    # THEN both give the same indexes into each, and they name the documents in both
    assert all(np.array_equal(x, y) for x, y in zip(searched, arrays, strict=True))
    assert np.array_equal(a[arrays[0]], np.intersect1d(a, b)) and np.array_equal(b[arrays[1]], a[arrays[0]])


@pytest.mark.parametrize("part_sizes", [(3,), (2_000, 1_500), (10, 4_000, 0)])
def test_positions_in_a_union_are_found_the_same_way_by_search_and_by_arrays(part_sizes):
    from archive.search import sparse

    # GIVEN parts of distinct doc numbers below 5,000 and their union
    rng = np.random.default_rng(sum(part_sizes))
    parts = [np.unique(rng.integers(0, 5_000, n)).astype(np.int64) for n in part_sizes]
    docs = np.unique(np.concatenate(parts))
    # WHEN each part's places in the union are found (one array of the number space for the larger parts)
    found = sparse.positions(docs, parts, 5_000)
    # THEN they are where a binary search finds them, and hold the part's documents
    for part, at in zip(parts, found, strict=True):
        assert np.array_equal(at, np.searchsorted(docs, part)) and np.array_equal(docs[at], part)

"""Frequent words' postings decoded beside their segment (archive/search/decoded.py): written by the
merges and `decode_postings`, read in place, the same answers as decoding, ignored when damaged, and
gone with their segment."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from django.core.management import call_command

from archive.search import SearchParams, decoded, postings, search, snapshot, storage, writer

SMALL = 100  # a word in this many documents of a segment counts as frequent in these small indexes

QUERIES = [
    SearchParams(q="oil"),
    SearchParams(q="said"),
    SearchParams(q='"oil gas"'),
    SearchParams(q='"gas prices said"'),
    SearchParams(q="oil OR wheat", sort="newest"),
    SearchParams(q="trade -talks", countries=["US"]),
    SearchParams(q="rat*"),
]


def answers():
    snapshot.clear()
    return [
        (r.count, [(hit.article_id, hit.score, hit.pieces) for hit in r.hits], r.counts) for r in map(search, QUERIES)
    ]


def dpo_files(index_dir) -> list[str]:
    return sorted(path.name for path in index_dir.iterdir() if path.name.endswith(decoded.SUFFIX))


def test_the_file_holds_exactly_what_decoding_the_segment_gives(whoosh_index, tmp_path):
    """GIVEN a segment of 700 documents and one of 40 WHEN their decoded postings are written with
    frequent meaning 100 documents THEN the big segment's file gives every frequent word's doc numbers,
    weights and positions as decoding gives them, holds no rarer word, and the small segment gets none."""
    reader = whoosh_index.reader()
    (big, _), (small, _) = sorted(reader.leaf_readers(), key=lambda leaf: -leaf[0].doc_count_all())
    assert decoded.write(tmp_path, small, min_postings=SMALL) is None
    path = decoded.write(tmp_path, big, min_postings=SMALL)
    assert path.name == f"{big._segment.segment_id()}.dpo" and dpo_files(tmp_path) == [path.name]
    stored = decoded.DecodedSegment(path)
    held = 0
    for fieldname in ("text", "title"):
        for btext, info in big.iter_field(fieldname):
            found = stored.postings(fieldname, btext)
            if info.doc_frequency() < SMALL:
                assert found is None and not stored.holds(fieldname, btext)
                continue
            held += 1
            truth = postings.read_term(big, fieldname, btext)
            assert np.array_equal(found.docs, truth.docs) and np.array_equal(found.weights, truth.weights)
            every = np.arange(len(truth))
            for where in (every, every[::7]):
                for ours, theirs in zip(found.positions_of(where), truth.positions_of(where), strict=True):
                    assert np.array_equal(ours, theirs), (fieldname, btext)
    assert held >= 10
    assert stored.postings("countries", b"US") is None  # exact fields are never in it
    stored.close()


@pytest.mark.django_db
def test_searches_answer_the_same_from_the_files_without_decoding(many_articles):
    """GIVEN the 450-article index WHEN its segments' decoded postings are written (`decode_postings`)
    THEN every search answers exactly as before, the frequent words come from the files (nothing is
    decoded for them), and running the command again writes nothing."""
    writer.rebuild(procs=1)
    before = answers()
    live = storage.live_path().resolve()
    assert dpo_files(live) == []
    decoded.MIN_POSTINGS, default = SMALL, decoded.MIN_POSTINGS
    try:
        call_command("decode_postings", stdout=(out := _Out()))
        assert "Wrote the decoded postings of 1 segment(s)" in out.text
        assert len(dpo_files(live)) == 1
        assert answers() == before
        cache = snapshot.postings_cache
        cache.clear()
        search(SearchParams(q='"oil gas" said'))
        (segment,) = snapshot.current().segments
        text = storage.schema()["text"]
        words = [
            ("text", text.to_bytes(word)) for phrase in ("oil", "gas", "said") for word in text.process_text(phrase)
        ]
        stored = cache.files.get(segment.key)
        assert len(words) == 3 and all(stored.holds(*word) for word in words)
        assert not [key for key in cache._entries if key[1:] in words]  # read in place, never decoded
        call_command("decode_postings", stdout=(again := _Out()))
        assert "nothing to write" in again.text
    finally:
        decoded.MIN_POSTINGS = default


@pytest.mark.django_db
def test_a_damaged_file_is_ignored_with_a_warning(many_articles, caplog):
    """GIVEN a decoded-postings file cut short (a full disk, a copy interrupted) WHEN searches run
    THEN they decode the words from the segment as before, with the same answers, and say why once."""
    writer.rebuild(procs=1)
    before = answers()
    live = storage.live_path().resolve()
    (segment,) = snapshot.current().segments
    path = decoded.write(live, segment.reader, min_postings=SMALL)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with caplog.at_level(logging.WARNING, logger="archive.search.decoded"):
        assert answers() == before
    assert [r.getMessage() for r in caplog.records if "not used" in r.getMessage()] == [
        f"Decoded postings {path} not used (the file is cut short: its end mark is missing): "
        "decoding from the segment instead."
    ]
    path.write_bytes(b"something else entirely")
    with caplog.at_level(logging.WARNING, logger="archive.search.decoded"):
        assert answers() == before
    assert "not a decoded-postings file of this version" in caplog.text


@pytest.mark.django_db
def test_decode_postings_writes_a_damaged_file_again(many_articles, monkeypatch):
    """GIVEN a segment's decoded-postings file that lost half its arrays (its start and end intact) WHEN
    `decode_postings` runs THEN it writes the file again, whole, and searches read it."""
    writer.rebuild(procs=1)
    before = answers()
    monkeypatch.setattr(decoded, "MIN_POSTINGS", SMALL)
    live = storage.live_path().resolve()
    (segment,) = snapshot.current().segments
    path = decoded.write(live, segment.reader)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(decoded.MAGIC)] + whole[len(whole) // 2 :])
    with pytest.raises(ValueError, match="shorter than its header says"):
        decoded.DecodedSegment(path)
    call_command("decode_postings", stdout=(out := _Out()))
    assert "Wrote the decoded postings of 1 segment(s)" in out.text
    assert path.read_bytes() == whole
    assert answers() == before


@pytest.mark.parametrize(
    ("documents", "expected"),
    [(450, 5_000), (125_000, 5_000), (200_000, 8_000), (500_000, 20_000), (1_000_000, 40_000)],
)
def test_a_word_is_frequent_from_5000_postings_or_a_25th_of_a_large_segment(documents, expected):
    """GIVEN a segment of some size WHEN its frequent words are chosen THEN the bar is 5,000 postings, or a
    25th of its documents when that is more; a bar given by the caller wins."""

    class Segment:
        def doc_count_all(self) -> int:
            return documents

    assert decoded.threshold(Segment()) == expected
    assert decoded.threshold(Segment(), 100) == 100


@pytest.mark.django_db
def test_the_build_s_merge_writes_them_and_they_go_with_their_segment(many_articles, monkeypatch):
    """GIVEN frequent meaning 100 documents WHEN two processes build the index (four job segments
    merged into two) THEN each merged segment has its file and searches answer as a single-process
    build's; WHEN the segments are merged into one THEN Whoosh deletes the old files with their segments."""
    writer.rebuild(procs=1)
    single = answers()
    monkeypatch.setattr(decoded, "MIN_POSTINGS", SMALL)
    writer.rebuild(procs=2)
    live = storage.live_path().resolve()
    segments = snapshot.current().segments
    assert dpo_files(live) == sorted(f"{segment.key[1]}.dpo" for segment in segments) and len(segments) == 2
    assert answers() == single
    snapshot.clear()
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(live)).open_index("MAIN")
    ix.optimize()  # Whoosh's own merge: the new segment has no file, the old ones' are deleted
    assert dpo_files(live) == []
    assert [(count, counts) for count, _, counts in answers()] == [(count, counts) for count, _, counts in single]


@pytest.mark.django_db
def test_the_start_up_warm_up_skips_words_read_in_place(many_articles):
    """GIVEN an index whose segment has its decoded postings WHEN a worker warms up THEN it reports the
    file, and decodes only words the file does not hold."""
    from archive.search import warm_up

    writer.rebuild(procs=1)
    (segment,) = snapshot.current().segments
    decoded.write(storage.live_path().resolve(), segment.reader, min_postings=SMALL)
    snapshot.clear()
    done = warm_up(max_bytes=2**30)
    assert done["decoded_files"] == 1
    cached = [key for key in snapshot.postings_cache._entries if key[1] in ("text", "title")]
    stored = snapshot.postings_cache.files.get(segment.key)
    assert cached and not any(stored.holds(fieldname, btext) for _, fieldname, btext in cached)


@pytest.mark.django_db
def test_the_warm_up_decodes_words_beyond_those_the_file_holds(many_articles):
    """GIVEN a segment whose decoded file holds its most frequent words WHEN a worker warms up with a budget
    of a few words a field THEN it decodes that many words the file does not hold (not none: the most
    frequent words are all in the file)."""
    from archive.search import warm_up

    writer.rebuild(procs=1)
    (segment,) = snapshot.current().segments
    # (frequent: the five most frequent words' document count; the rest are left to decode)
    counts = sorted((info.doc_frequency() for _, info in segment.reader.iter_field("text")), reverse=True)
    decoded.write(storage.live_path().resolve(), segment.reader, min_postings=counts[4])
    snapshot.clear()
    stored = snapshot.postings_cache.files.get(snapshot.current().segments[0].key)
    assert 5 <= stored.held("text") <= len(counts) - 3, counts
    done = warm_up(terms=3, max_bytes=2**30)
    cached = {(fieldname, btext) for _, fieldname, btext in snapshot.postings_cache._entries if fieldname == "text"}
    assert done["terms"] >= 3 and len(cached) == 3
    assert not any(stored.holds(fieldname, btext) for fieldname, btext in cached)


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass

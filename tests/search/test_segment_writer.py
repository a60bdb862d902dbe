"""The faster segment writer writes exactly the segment Whoosh's own SegmentWriter writes.

The same documents (the seeds, the generated articles, awkward texts) go through Whoosh's
`SegmentWriter` and through `FastSegmentWriter` into two fresh indexes with the archive's schema:
every segment file is byte for byte the same (terms, postings with their values and lengths, stored
fields, columns, spelling words), and so is what a reader reads back. The one-pass analysis gives
what Whoosh's analyzer gives on any text (hypothesis) and on the Reuters stories.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from archive.search import reader, segment_merge
from archive.search.analysis import one_pass_for
from archive.search.segment_writer import FastSegmentWriter
from archive.search.writer import _backend_and_index

AWKWARD = [
    "",
    "the and of a",  # stop words only
    "The oil price, the OIL prices and the oil-price: U.S. 3.5 pct. a.b..c _x_ x",
    "ΟΔΟΣ Οδός İstanbul STRASSE straße ǅemal ﬁnance Ⅻ ½ 2½ ١٢٣ 中文 字",
    "a1 1a ab. .ab a.b.c. e\u0301te caf\u00e9 x\u200by",
    "word " * 300,  # many positions in one posting
]


def documents() -> list[dict]:
    backend, index = _backend_and_index()
    docs = [backend.prepare_document(index, article) for article in index.index_queryset().order_by("pk")]
    docs = [doc for doc in docs if doc is not None]
    template = docs[0]
    for n, text in enumerate(AWKWARD):
        docs.append({**template, "id": f"archive.article.{9000 + n}", "text": text, "title": text[:40]})
    return docs


def write(path: Path, writer_class, docs: list[dict], **options) -> Path:
    path.mkdir()
    ix = FileStorage(str(path)).create_index(reader.schema())
    writer = writer_class(ix, compound=False, **options)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return path


def segment_files(path: Path) -> dict[str, bytes]:
    """The segment's files by extension (their names carry a random segment id)."""
    found = {}
    for file in path.iterdir():
        if not file.name.startswith("_") and "." in file.name:  # not the TOC nor the lock
            found[file.name.split(".", 1)[1]] = file.read_bytes()
    return found


def read_back(path: Path) -> dict:
    with FileStorage(str(path)).open_index().searcher() as searcher:
        r = searcher.reader()
        postings = {}
        for fieldname, text in r.all_terms():
            info = r.term_info(fieldname, text)
            matcher = r.postings(fieldname, text)
            found = []
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            postings[(fieldname, text)] = (stats, found)
        stored = list(r.all_stored_fields())
        lengths = {
            name: [r.doc_field_length(n, name) for n in range(r.doc_count_all())] for name in r.indexed_field_names()
        }
        spelling = list(r.lexicon("spell_text"))
    return {"postings": postings, "stored": stored, "lengths": lengths, "spelling": spelling}


@pytest.fixture
def docs(archive, many_articles) -> list[dict]:
    return documents()


@pytest.mark.parametrize("limitmb", [128, 0.05], ids=["in-memory", "spilled-to-runs"])
def test_the_fast_writer_writes_the_same_segment(docs, tmp_path, limitmb):
    assert len(docs) > 450
    whoosh = write(tmp_path / "whoosh", SegmentWriter, docs, limitmb=limitmb)
    fast = write(tmp_path / "fast", FastSegmentWriter, docs, limitmb=limitmb)
    expected, got = segment_files(whoosh), segment_files(fast)
    assert sorted(got) == sorted(expected)
    assert [ext for ext in expected if got[ext] != expected[ext]] == []
    back = read_back(fast)
    assert back == read_back(whoosh)
    assert b"oil" in back["spelling"] and len(back["stored"]) == len(docs)
    assert max(len(found) for _, found in back["postings"].values()) > 128  # several posting blocks per term


def test_a_commit_that_merges_segments_keeps_their_postings(docs, tmp_path):
    """Whoosh's merge adds the merged segments' postings to the pool: they are written too."""
    indexes = {}
    for writer_class in (SegmentWriter, FastSegmentWriter):
        path = tmp_path / writer_class.__name__
        write(path, SegmentWriter, docs[:100])
        ix = FileStorage(str(path)).open_index()
        writer = writer_class(ix)
        for doc in docs[100:200]:
            writer.add_document(**doc)
        writer.commit(optimize=True)
        assert len(ix.refresh()._segments()) == 1
        indexes[writer_class] = read_back(path)
    assert indexes[FastSegmentWriter] == indexes[SegmentWriter]
    assert len(indexes[SegmentWriter]["stored"]) == 200


def whoosh_analysis(field, value: str):
    terms = [
        (text, freq, weight, vbytes)
        for text, freq, weight, vbytes in field.format.word_values(value, field.analyzer, mode="index")
    ]
    return terms, list(field.spellable_words(value))


def fast_analysis(field, value: str):
    return one_pass_for(field)(value, field.format.field_boost, field.format.encode)


@pytest.mark.parametrize("text", AWKWARD)
def test_one_pass_analysis_is_whooshs_on_awkward_text(db, text):
    for name in ("text", "title"):
        field = reader.schema()[name]
        assert fast_analysis(field, text) == whoosh_analysis(field, text)


@given(
    st.text(alphabet=st.sampled_from("aA bB.Σσς İı 1½_-é\u0301\u200b\nthe and ofx"), max_size=80) | st.text(max_size=40)
)
def test_one_pass_analysis_is_whooshs_on_any_text(text):
    field = reader.schema()["text"]
    assert fast_analysis(field, text) == whoosh_analysis(field, text)


@pytest.mark.corpus
def test_one_pass_analysis_is_whooshs_on_reuters(reuters_dir):
    field = reader.schema()["text"]
    raw = (reuters_dir / "reut2-000.sgm").read_bytes().decode("latin-1")
    bodies = re.findall(r"<BODY>(.*?)</BODY>", raw, flags=re.S)
    assert len(bodies) > 500
    for body in bodies:
        assert fast_analysis(field, body) == whoosh_analysis(field, body)


def test_other_analyzers_take_whooshs_path():
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    assert one_pass_for(fields.TEXT()) is None  # StandardAnalyzer: no stemming
    assert one_pass_for(fields.ID()) is None
    assert one_pass_for(fields.TEXT(analyzer=StemmingAnalyzer(minsize=3))) is not None
    assert one_pass_for(fields.TEXT(analyzer=StemmingAnalyzer(ignore=["x"]))) is None
    assert one_pass_for(fields.TEXT(analyzer=StemmingAnalyzer(expression=r"\w+"))) is None


@pytest.mark.parametrize("compound", [False, True], ids=["separate-files", "compound"])
def test_merged_segments_are_copied_block_by_block_into_the_same_postings(docs, tmp_path, compound):
    """GIVEN three segments without deletions
    WHEN FastSegmentWriter merges them with no documents of its own (the full build's last step)
    THEN it reads back as Whoosh's own merge of them: the same postings, term statistics, stored fields,
    lengths and spelling words."""
    indexes = {}
    for writer_class in (SegmentWriter, FastSegmentWriter):
        path = tmp_path / writer_class.__name__
        path.mkdir()
        ix = FileStorage(str(path)).create_index(reader.schema())
        for part in (docs[:150], docs[150:151], docs[151:]):  # a one-document segment among them
            writer = FastSegmentWriter(ix, compound=compound)
            for doc in part:
                writer.add_document(**doc)
            writer.commit(merge=False)
        assert len(ix.refresh()._segments()) == 3
        writer_class(ix).commit(optimize=True)
        assert len(ix.refresh()._segments()) == 1
        indexes[writer_class] = back = read_back(path)
        for (fieldname, text), (stats, found) in back["postings"].items():
            if fieldname == "spell_text":  # only the term's weight is read (the word's article count);
                # its postings all have document 0, and the pool orders their values differently
                back["postings"][fieldname, text] = (stats, sorted(found))
    assert indexes[FastSegmentWriter] == indexes[SegmentWriter]
    assert len(indexes[SegmentWriter]["stored"]) == len(docs)
    longest = max(len(found) for _, found in indexes[SegmentWriter]["postings"].values())
    assert longest > 150  # a term whose postings span the sources and several blocks


def merged_from_parts(path: Path, docs: list[dict], parts: list[slice], *, numbered: bool, limitmb=128) -> Path:
    """`docs` written as one segment per part, then merged into one by a FastSegmentWriter; with
    `numbered`, each part's postings written already numbered for its place in the merge."""
    path.mkdir()
    ix = FileStorage(str(path)).create_index(reader.schema())
    bases, base = {}, 0
    for part in parts:
        writer = FastSegmentWriter(ix, compound=False, limitmb=limitmb)
        writer.posting_base = base if numbered else 0
        for doc in docs[part]:
            writer.add_document(**doc)
        writer.commit(merge=False)
        bases[writer.get_segment().segment_id()] = writer.posting_base  # 0 again when it went through the pool
        base += len(docs[part])
    merging = FastSegmentWriter(ix, compound=False)
    merging.posting_bases = {segment_id: base for segment_id, base in bases.items() if base}
    merging.commit(optimize=True)
    assert len(ix.refresh()._segments()) == 1
    return path


def test_segments_numbered_for_their_merge_are_copied_as_they_are(docs, tmp_path, monkeypatch):
    """GIVEN three segments whose postings were written numbered for their place in the merged segment
    (the full build's jobs) WHEN they are merged THEN no block is decoded to move its numbers, and the
    merged segment's files are byte for byte those of merging the same segments written the usual way."""
    parts = [slice(0, 150), slice(150, 151), slice(151, None)]
    usual = segment_files(merged_from_parts(tmp_path / "usual", docs, parts, numbered=False))

    def shifted(*args):
        raise AssertionError("a block was re-encoded")

    monkeypatch.setattr(segment_merge, "_shifted", shifted)
    numbered = segment_files(merged_from_parts(tmp_path / "numbered", docs, parts, numbered=True))
    assert sorted(numbered) == sorted(usual)
    assert [ext for ext in usual if numbered[ext] != usual[ext]] == []


def test_a_numbered_segment_that_spilled_is_merged_with_its_own_numbers(docs, tmp_path):
    """GIVEN segments written for a merge whose postings outgrew memory (Whoosh's pool writes them with
    the segment's own numbers) WHEN they are merged THEN the merged segment reads back as the usual merge."""
    parts = [slice(0, 200), slice(200, None)]
    usual = read_back(merged_from_parts(tmp_path / "usual", docs, parts, numbered=False))
    spilled = read_back(merged_from_parts(tmp_path / "spilled", docs, parts, numbered=True, limitmb=0.05))
    assert spilled == usual

"""An exact field's merged pairs (search/exact.py): appended to the generation before equals merged anew."""

import numpy as np
import pytest

from archive.search import exact
from archive.search.segments import SegmentData

FIELD = "countries"


class Segment:
    """The parts of a SegmentData that a merge reads: its values, (document, value) pairs and size."""

    single_valued = SegmentData.single_valued

    def __init__(self, rng, doccount: int, vocabulary: list[str], most: int) -> None:
        self.doccount = doccount
        self._single_valued = {}
        held = {
            doc: sorted(rng.choice(vocabulary, rng.integers(0, most + 1), replace=False)) for doc in range(doccount)
        }
        self.terms = {FIELD: sorted({v for values in held.values() for v in values})}
        code = {v: i for i, v in enumerate(self.terms[FIELD])}
        pairs = sorted((code[v], doc) for doc, values in held.items() for v in values)  # term by term, as Whoosh lists
        self.pair_docs = {FIELD: np.array([d for _, d in pairs], dtype=np.int32)}
        self.pair_codes = {FIELD: np.array([c for c, _ in pairs], dtype=np.int32)}


def _offsets(segments) -> list[int]:
    return np.cumsum([0, *[s.doccount for s in segments]])[:-1].tolist()


def _same(a: exact.ExactField, b: exact.ExactField) -> None:
    assert a.values == b.values and a.codes == b.codes
    assert np.array_equal(a.pair_docs, b.pair_docs) and np.array_equal(a.pair_codes, b.pair_codes)
    assert (a.doc_codes is None) == (b.doc_codes is None)
    assert a.doc_codes is None or np.array_equal(a.doc_codes, b.doc_codes)


@pytest.mark.parametrize("most", [0, 1, 2])  # values a document holds at most: none, one (doc codes), several
@pytest.mark.parametrize("seed", range(6))
def test_pairs_appended_to_the_generation_before_equal_a_full_merge(seed, most):
    rng = np.random.default_rng(seed)
    letters = [f"v{i:02d}" for i in range(30)]
    # GIVEN the segments of a generation, and a later one that keeps them and adds more
    # (some with new values, sorting between the old ones)
    before = [Segment(rng, int(rng.integers(0, 40)), letters[::3], most) for _ in range(int(rng.integers(0, 4)))]
    added = [Segment(rng, int(rng.integers(0, 20)), letters[int(rng.integers(0, 20)) :], most) for _ in range(3)]
    after = before + added
    earlier = exact.merge(FIELD, before, _offsets(before))
    # WHEN the later generation keeps the earlier's merged pairs and appends the new segments'
    appended = exact.merge(FIELD, after, _offsets(after), kept=earlier, kept_count=len(before))
    # THEN it is the merge of all its segments anew: sorted values, codes, pairs and one code a document
    _same(appended, exact.merge(FIELD, after, _offsets(after)))
    # AND a document's code names the value it holds
    if appended.doc_codes is not None:
        for doc, code in zip(appended.pair_docs.tolist(), appended.pair_codes.tolist(), strict=True):
            assert appended.doc_codes[doc] == code
        assert (appended.doc_codes == len(appended.values)).sum() == sum(s.doccount for s in after) - len(
            appended.pair_docs
        )


def test_a_generation_with_no_new_segment_keeps_the_arrays_as_they_are():
    rng = np.random.default_rng(3)
    segments = [Segment(rng, 25, ["a", "b", "c"], 1) for _ in range(2)]
    earlier = exact.merge(FIELD, segments, _offsets(segments))
    # (a generation that only deleted documents has the same segments)
    again = exact.merge(FIELD, segments, _offsets(segments), kept=earlier, kept_count=2)
    _same(again, earlier)


def test_values_arriving_in_a_field_that_had_none_give_every_earlier_document_none():
    rng = np.random.default_rng(5)
    # GIVEN a generation whose documents hold no value (no organisations named yet), then one value a document
    before = [Segment(rng, 30, ["a"], 0), Segment(rng, 12, ["a"], 0)]
    after = [*before, Segment(rng, 20, ["b", "c"], 1)]
    earlier = exact.merge(FIELD, before, _offsets(before))
    assert earlier.doc_codes is None and not len(earlier.pair_docs)
    # WHEN merged by appending THEN as merged anew: the 42 earlier documents hold "none"
    appended = exact.merge(FIELD, after, _offsets(after), kept=earlier, kept_count=2)
    _same(appended, exact.merge(FIELD, after, _offsets(after)))
    assert (appended.doc_codes[:42] == len(appended.values)).all()


@pytest.mark.django_db
def test_after_an_edit_the_new_generation_appends_to_the_one_before(archive):
    import datetime as dt

    from archive.models import Article, ArticleCountry, Country
    from archive.search import apply_pending, snapshot

    # GIVEN the seeds searched once (a snapshot of their generation is open)
    before = snapshot.current()
    # WHEN an article gets a country and a day no article had, and the index takes the change
    article = Article.objects.published().first()
    article.published, article.precision = dt.date(1901, 2, 3), "day"
    article.save()
    ArticleCountry.objects.create(article=article, country=Country.objects.get(code="IS"))
    apply_pending()
    after = snapshot.current()
    # THEN the new generation kept the earlier segments' merged pairs (the added segment's appended)
    assert after.generation > before.generation
    assert snapshot._kept_segments(before, after.segments) == len(before.segments) > 0
    assert "IS" in after.exact["countries"].codes and "1901-02-03" in after.exact["day"].codes
    # AND its arrays are those of the same generation opened afresh
    _same_as_opened_afresh(after)
    # AND so are those of the generation after a deletion (which Whoosh's commit may merge segments in)
    Article.objects.filter(pk=article.pk).delete()
    apply_pending()
    deleted = snapshot.current()
    assert deleted.doc_count == after.doc_count - 1
    _same_as_opened_afresh(deleted)


def _same_as_opened_afresh(kept) -> None:
    from archive.search import snapshot

    snapshot.clear()
    fresh = snapshot.current()
    assert fresh.generation == kept.generation and fresh is not kept
    assert fresh.exact.keys() == kept.exact.keys()
    for fieldname, field in fresh.exact.items():
        _same(kept.exact[fieldname], field)
    for name in ("live", "date_sort", "copy_group", "copy_order"):
        assert np.array_equal(getattr(kept, name), getattr(fresh, name)), name

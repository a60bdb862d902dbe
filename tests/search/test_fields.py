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

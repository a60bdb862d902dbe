"""The fast path (snapshot arrays + numpy) answers exactly as Whoosh's own searcher does.

On a generated archive of a few hundred articles, spread over several segments (a full build,
then edits, deletions and unpublishing through the after-commit writer), every query shape the
parser produces is run with 0, 1 and 2 facet filters, multi-selects, date drill-downs and ranges,
in every sort order: the total, every facet's counts, the page (in order, with the same scores),
and the "did you mean" suggestion are those of Whoosh's own search. Filter-only searches are also
checked against the database. No timings here: speed is the benchmark's business.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import random
from collections import Counter

import numpy as np
import pytest
from whoosh import collectors, sorting
from whoosh import query as wq

from archive.dates import period_bounds
from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, IndexChange, Organisation, Source
from archive.search import SearchParams, engine, merge_policy, search, snapshot, writer
from archive.search.facets import DATED_FIRST
from archive.search.query import parse_query
from archive.search.reader import schema

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

WORDS = [
    "oil",
    "gas",
    "coal",
    "price",
    "prices",
    "rate",
    "rates",
    "interest",
    "bank",
    "banks",
    "england",
    "trade",
    "trades",
    "export",
    "exports",
    "wheat",
    "corn",
    "barley",
    "sugar",
    "coffee",
    "gold",
    "silver",
    "copper",
    "market",
    "markets",
    "stock",
    "stocks",
    "exchange",
    "new",
    "york",
    "dollar",
    "yen",
    "mark",
    "company",
    "companies",
    "said",
    "says",
    "economy",
    "economic",
    "economist",
    "government",
    "talks",
    "minister",
    "loan",
    "debt",
    "tariff",
    "shipment",
    "shipments",
    "record",
    "growth",
    "inflation",
    "tax",
    "budget",
    "deficit",
    "profit",
    "loss",
    "shares",
    "bonds",
    "yield",
    "cut",
]
PHRASES = ["interest rates", "bank of england", "new york stock exchange", "oil prices", "trade deficit"]
CODES = ["US", "GB", "JP", "DE", "FR", "CA", "BR", "PK"]
ORGS = ["imf", "worldbank", "un", "fao", "bis", "idb"]
# Bylines, most articles without one (a writer named "Gold" too, so `gold` alone also finds bylines).
AUTHORS = ["", "", "", "Cal Mankowski", "Peter Torday", "Stephen Jukes and Philip Shehadi", "Ann Gold"]

QUERIES = [
    "",  # browse
    "oil",
    "prices",
    "oil prices",
    "dollar yen mark",
    '"interest rates"',
    '"new york stock exchange"',
    '"bank of england"',
    "oil OR gas",
    "gold OR silver OR copper",
    "gold OR silver OR copper OR sugar OR coffee",
    "oil -gas",
    "oil NOT gas",
    "said -oil -gas",
    "NOT oil",
    "oil AND NOT (gas OR coal)",
    "(wheat OR corn) AND export*",
    "econom*",
    "ex* OR tr*",
    "bank* rate*",
    "title:oil",
    'title:"oil prices"',
    'author:"Cal Mankowski"',
    "author:torday oil",
    "author:gold OR title:gold",
    'author:"philip shehadi" -author:jukes',
    "author:tord*",
    "country:japan trade",
    "org:imf",
    "oil country:US",
    '"oil" OR "gas prices"',
    "the of",  # stop words only: matches nothing
    "zinc",  # not in the index
    "tradd",  # a misspelling: did you mean
]
FILTERS = [
    {},
    {"countries": ("US",)},
    {"countries": ("GB", "JP", "DE")},
    {"countries": ("US",), "organisations": ("imf",)},
    {"organisations": ("imf", "worldbank")},
    {"date": "2020"},
    {"date": "2020-06"},
    {"date": "2020-06-15"},
    {"date_from": dt.date(2019, 7, 1), "date_to": dt.date(2020, 3, 31)},
    {"countries": ("US", "GB"), "date": "2021"},
]


def _date(rng: random.Random) -> tuple[dt.date | None, str]:
    roll = rng.random()
    if roll < 0.08:
        return None, "unknown"
    value = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    if roll < 0.15:
        return value.replace(month=1, day=1), "year"
    if roll < 0.25:
        return value.replace(day=1), "month"
    if rng.random() < 0.2:  # many on one day: ties in newest-first order
        value = dt.date(2020, 6, 15)
    return value, "day"


def _body(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(15, 90))]
    for _ in range(rng.randint(0, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(PHRASES))
    return " ".join(words)


def _new_article(rng: random.Random, number: int, sources) -> Article:
    published, precision = _date(rng)
    body = _body(rng)
    return Article(
        title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize(),
        body=body,
        raw_text=body,
        checksum=f"gen-{number}",
        import_ref=f"gen:{number}",
        published=published,
        precision=precision,
        source=rng.choice(sources),
        author=rng.choice(AUTHORS),
    )


def _tag(rng, articles, countries, orgs) -> None:
    ArticleCountry.objects.bulk_create(
        ArticleCountry(article=a, country=c, rejected=rng.random() < 0.05)
        for a in articles
        for c in rng.sample(countries, rng.choice([0, 1, 1, 2, 3]))
    )
    ArticleOrganisation.objects.bulk_create(
        ArticleOrganisation(article=a, organisation=o)
        for a in articles
        for o in rng.sample(orgs, rng.choice([0, 0, 1, 2]))
    )


def build(commit, seed: int = 20260101):
    rng = random.Random(seed)
    sources = [Source.objects.create(name="Wire One", slug="wire-one"), Source.objects.create(name="Wire Two")]
    countries = list(Country.objects.filter(code__in=CODES))
    orgs = list(Organisation.objects.filter(slug__in=ORGS))
    first = Article.objects.bulk_create(_new_article(rng, n, sources) for n in range(280))
    _tag(rng, first, countries, orgs)
    IndexChange.objects.all().delete()
    writer.rebuild(procs=1)

    def some(count: int) -> list[Article]:
        pks = sorted(Article.objects.filter(is_published=True).values_list("pk", flat=True))
        return list(Article.objects.filter(pk__in=rng.sample(pks, count)))

    for batch in range(3):  # each commit leaves a small segment, and deletions in the others
        with commit(execute=True):
            made = [_new_article(rng, 1000 + 10 * batch + n, sources) for n in range(8)]
            for article in made:
                article.save()
            _tag(rng, made, countries, orgs)
            writer.record_changes(a.pk for a in made)
        with commit(execute=True):
            for article in some(4):
                article.body = _body(rng)
                article.save()
        with commit(execute=True):
            (victim,) = some(1)
            victim.is_published = False
            victim.save()
        with commit(execute=True):
            some(1)[0].delete()
    snap = snapshot.current()
    assert len(snap.segments) > 1 and not snap.live.all(), "the corpus should span segments with deletions"
    return snap


@pytest.fixture
def generated(django_capture_on_commit_callbacks):
    """~300 articles: one built segment, then new, edited, deleted and unpublished ones (more segments)."""
    return build(django_capture_on_commit_callbacks)


@pytest.fixture
def generated_then_merged(django_capture_on_commit_callbacks, monkeypatch):
    """The same archive after an import's merge step that puts all its segments in one tier: merged into one,
    the deleted documents copied with the rest, still deleted."""
    before = build(django_capture_on_commit_callbacks)
    monkeypatch.setattr(merge_policy, "tier", lambda documents: 0)
    monkeypatch.setattr(merge_policy, "TIER_FANOUT", len(before.segments))
    writer.merge_tiers()
    snap = snapshot.current()
    assert [s.reader.segment().deleted_count() for s in snap.segments] == [(~before.live).sum()]
    return snap


def _resolvers():
    from archive.search.lookups import RESOLVERS

    return RESOLVERS


def _answer(result):
    return (
        result.error,
        result.count,
        result.page,
        result.pages,
        [(h.article_id, h.score) for h in result.hits],
        result.counts,
        result.date_level,
        result.suggestion,
        result.notices,
    )


SEARCHED = [
    # every query shape, with the filter combinations that change the most, newest and best first
    *[(q, f, sort, 1) for q in QUERIES for f in (0, 2, 3, 6) for sort in ("relevance", "newest")],
    # a few shapes with every filter, every sort, and a second page
    *[
        (q, f, sort, page)
        for q in ("", "oil", '"interest rates"', "oil -gas", "gold OR silver OR copper", "econom*")
        for f in range(len(FILTERS))
        for sort, page in (("relevance", 2), ("newest", 2), ("oldest", 1))
    ],
]


@pytest.mark.parametrize("archive", ["generated", "generated_then_merged"])
def test_every_query_shape_answers_as_whoosh(archive, request):
    """Service level: the same total, facet counts, page (ids and scores, in order), date level,
    suggestion and notices as `search(..., engine="whoosh")`; then below it, match sets and scores
    of every query shape equal Whoosh's own to the last bit, in every segment."""
    generated = request.getfixturevalue(archive)
    resolvers = _resolvers()
    differences = []
    for q, f, sort, page in SEARCHED:
        params = SearchParams(q=q, sort=sort, page=page, per_page=10, **FILTERS[f])
        fast = search(params, resolvers=resolvers)
        assert fast.error or fast.engine == "fast", params
        if _answer(fast) != _answer(search(params, resolvers=resolvers, engine="whoosh")):
            differences.append(params)
    assert not differences, differences[:5]

    snap = generated
    searcher = snap.searcher
    for text in QUERIES[1:]:
        query = parse_query(text, schema=schema(), resolvers=resolvers).query
        if query is None:
            continue
        matches = engine.evaluate(snap, query)
        expected = sorted(searcher.docs_for_query(query))
        assert np.flatnonzero(matches.mask).tolist() == expected, text
        collector = collectors.TopCollector(limit=max(1, len(expected)), replace=0)
        searcher.search_with_collector(query, collector)
        whoosh_scores = {hit.docnum: hit.score for hit in collector.results()}
        assert {d: matches.scores[d] for d in expected} == whoosh_scores, text
        # newest: the date column descending; oldest: dated before undated, then the column ascending
        for sort, facets in (
            ("newest", [sorting.FieldFacet("date_sort", reverse=True)]),
            ("oldest", [sorting.MultiFacet([DATED_FIRST, sorting.FieldFacet("date_sort")])]),
        ):
            ours = [d for d, _ in engine.top(snap, matches.mask, matches.scores, sort=sort, limit=25)]
            theirs = searcher.search(query, limit=25, sortedby=facets)
            assert ours == [hit.docnum for hit in theirs], (text, sort)
            # a deep page: the same rows from the offset on
            deep = engine.top(snap, matches.mask, matches.scores, sort=sort, limit=25, offset=10)
            assert [d for d, _ in deep] == ours[10:], (text, sort)

    # Shapes the fast path hands to Whoosh's matcher, node by node: still Whoosh's answer.
    for query in (
        wq.Phrase("text", ["oil", "prices"], slop=3),
        wq.Wildcard("text", "pr?ce*"),
        wq.DisjunctionMax([wq.Term("text", "oil"), wq.Term("text", "gas")]),
        wq.And([wq.Term("text", "oil"), wq.FuzzyTerm("text", "prise")]),
    ):
        matches = engine.evaluate(snap, query)
        collector = collectors.TopCollector(limit=1000, replace=0)
        searcher.search_with_collector(query, collector)
        expected = {hit.docnum: hit.score for hit in collector.results()}
        assert {int(d): matches.scores[d] for d in np.flatnonzero(matches.mask)} == expected, query


def _period(article: Article) -> tuple[dt.date, dt.date]:
    """The first and last day an article's date may be, to its precision."""
    return period_bounds(article.published.isoformat()[: {"year": 4, "month": 7}.get(article.precision, 10)])


def test_filter_only_counts_equal_the_database(generated):
    for filters in FILTERS:
        params = SearchParams(**filters)
        result = search(params)
        published = Article.objects.published()
        if params.countries:
            published = published.filter(
                pk__in=ArticleCountry.objects.active().filter(country__code__in=params.countries).values("article_id")
            )
        if params.organisations:
            published = published.filter(
                pk__in=ArticleOrganisation.objects.active()
                .filter(organisation__slug__in=params.organisations)
                .values("article_id")
            )
        if params.date:
            published = [a for a in published if _has_date_key(a, params.date)]
        if params.date_from or params.date_to:  # the articles whose date lies wholly within the range
            low, high = params.date_from or dt.date.min, params.date_to or dt.date.max
            published = [a for a in published if a.published and low <= _period(a)[0] and _period(a)[1] <= high]
        expected = list(published)
        assert result.count == len(expected), filters
        if not params.countries:
            tags = Counter(
                code
                for a in expected
                for code in ArticleCountry.objects.active().filter(article=a).values_list("country__code", flat=True)
            )
            assert result.counts["country"] == dict(tags), filters


def _has_date_key(article: Article, key: str) -> bool:
    from archive.search.indexes import date_keys

    return key in functools.reduce(operator.iadd, date_keys(article), [])


def test_the_snapshot_follows_each_commit_and_reuses_unchanged_segments(generated, django_capture_on_commit_callbacks):
    before = generated
    big = max(before.segments, key=lambda s: s.doccount)
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.filter(is_published=True).first()
        article.title = "Quetzalcoatl visits the exchange"
        article.save()
    after = snapshot.current()
    assert after is not before and after.generation > before.generation
    assert any(segment is big for segment in after.segments), "the unchanged big segment is reused, not rebuilt"
    assert [h.article_id for h in search(SearchParams(q="quetzalcoatl")).hits] == [article.pk]
    assert snapshot.current() is after  # no change: the same snapshot

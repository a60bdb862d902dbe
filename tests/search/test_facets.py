"""Facet counts equal what the database says, for any filters."""

import datetime as dt
import itertools

import pytest
from django.db.models import Count

from archive.models import Article
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db


def db_articles(countries=(), organisations=(), year=""):
    qs = Article.objects.published()
    if countries:
        qs = qs.filter(country_tags__country__code__in=countries, country_tags__rejected=False)
    if organisations:
        qs = qs.filter(organisation_tags__organisation__slug__in=organisations, organisation_tags__rejected=False)
    if year:
        qs = qs.filter(published__year=int(year))
    return qs.distinct()


def db_counts(facet: str, **filters) -> dict[str, int]:
    """Counts per value with every filter but the facet's own, straight from the tag tables."""
    own, value_path, tags = {
        "country": ("countries", "country_tags__country__code", "country_tags"),
        "organisation": ("organisations", "organisation_tags__organisation__slug", "organisation_tags"),
    }[facet]
    articles = db_articles(**{k: v for k, v in filters.items() if k != own})
    rows = (
        Article.objects.filter(pk__in=articles.values("pk"), **{f"{tags}__rejected": False})
        .values_list(value_path)
        .annotate(n=Count("pk", distinct=True))
    )
    return dict(rows)


def test_counts_with_no_filters(archive):
    result = search(SearchParams())
    assert result.count == 6
    assert {f.value: f.count for f in result.facets["country"]} == db_counts("country")
    assert {f.value: f.count for f in result.facets["organisation"]} == db_counts("organisation")
    assert {f.value: f.count for f in result.facets["date"]} == {"2023": 1, "2025": 1, "undated": 4}


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_a_filter_that_leaves_no_match_lists_no_result(archive, engine, sort):
    # GIVEN words the seeds hold, and a period none of their articles is in
    result = search(SearchParams(q="pakistan", date="1900", sort=sort), engine=engine)
    # THEN nothing is found and nothing listed, on every path (Whoosh's own listed every match of the words)
    assert result.engine == engine and result.count == 0 and result.hits == []


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
def test_a_date_range_lists_no_undated_bucket(archive, engine):
    # GIVEN the seeds, four of them undated, on each of the three paths
    # WHEN the search is narrowed to a range of dates
    result = search(SearchParams(date_to=dt.date(2030, 12, 31)), engine=engine)
    assert result.engine == engine
    # THEN the years are listed, and no "Undated" bucket, whose link would find nothing within the range
    assert {f.value: f.count for f in result.facets["date"]} == {"2023": 1, "2025": 1}
    assert search(SearchParams(date_to=dt.date(2030, 12, 31), date="undated"), engine=engine).count == 0


@pytest.mark.parametrize(
    "countries, organisations",
    [
        (("PK",), ()),
        (("RU",), ()),
        (("RU", "US"), ()),
        ((), ("asean",)),
        (("PK",), ("imf", "asean")),
        (("CA",), ("un",)),
    ],
)
def test_counts_match_the_database_for_filters(archive, countries, organisations):
    result = search(SearchParams(countries=countries, organisations=organisations))
    assert result.count == db_articles(countries, organisations).count()
    got_countries = {f.value: f.count for f in result.facets["country"] if f.count}
    got_orgs = {f.value: f.count for f in result.facets["organisation"] if f.count}
    assert got_countries == db_counts("country", countries=countries, organisations=organisations)
    assert got_orgs == db_counts("organisation", countries=countries, organisations=organisations)


def test_selected_values_or_within_and_across(archive):
    both = search(SearchParams(countries=("RU", "US"))).count
    assert both == db_articles(("RU", "US")).count() == len(set(db_articles(("RU",))) | set(db_articles(("US",))))
    assert search(SearchParams(countries=("RU",), organisations=("imf",))).count == 0


def test_year_drill_down(archive):
    result = search(SearchParams(date="2023"))
    assert result.count == 1 and result.date_level == "month"
    assert {f.value: f.count for f in result.facets["date"]} == {"2023-06": 1}
    result = search(SearchParams(date="2023-06"))
    assert {f.value: f.count for f in result.facets["date"]} == {"2023-06-20": 1}


def test_newest_first_puts_undated_last(archive):
    hits = search(SearchParams(sort="newest")).hits
    dates = [hit.article.published for hit in hits]
    assert dates[:2] == sorted(filter(None, dates), reverse=True) and all(d is None for d in dates[2:])


def test_every_combination_of_two_countries_matches_the_database(archive):
    codes = ["PK", "RU", "US", "CA"]
    for pair in itertools.combinations(codes, 2):
        assert search(SearchParams(countries=pair)).count == db_articles(pair).count()

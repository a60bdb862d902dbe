"""Undated articles: a bucket of the date facet that can be chosen and combined, and last in both date orders.

Each answer is checked on both engines (the snapshot's arrays and Whoosh's own searcher) against the database.
"""

import pytest

from archive.models import Article
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db

ENGINES = ["fast", "whoosh"]


def ids(result) -> list[int]:
    return [hit.article_id for hit in result.hits]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_undated_bucket_counts_and_filters(archive, engine):
    undated = set(Article.objects.published().filter(published__isnull=True).values_list("pk", flat=True))
    assert undated  # the seeds have articles with no usable date
    # GIVEN the whole archive WHEN browsing THEN the date facet lists the undated beside the years, last
    browse = search(SearchParams(per_page=100), engine=engine)
    assert [(v.value, v.label, v.count) for v in browse.facets["date"]][-1] == ("undated", "Undated", len(undated))
    # WHEN the bucket is chosen THEN only undated articles are found, and the facet still offers the years
    chosen = search(SearchParams(date="undated", per_page=100), engine=engine)
    assert set(ids(chosen)) == undated and chosen.count == len(undated)
    assert {v.value for v in chosen.facets["date"]} >= {"2023", "2025", "undated"}
    assert next(v for v in chosen.facets["date"] if v.value == "undated").selected


@pytest.mark.parametrize("engine", ENGINES)
def test_the_undated_bucket_combines_with_other_filters(archive, engine):
    # GIVEN a country filter WHEN undated is chosen too THEN both apply, and the bucket counts within the country
    expected = set(
        Article.objects.published()
        .filter(published__isnull=True, country_tags__country__code="CA", country_tags__rejected=False)
        .values_list("pk", flat=True)
    )
    both = search(SearchParams(countries=("CA",), date="undated", per_page=100), engine=engine)
    assert set(ids(both)) == expected and expected
    canada = search(SearchParams(countries=("CA",), per_page=100), engine=engine)
    assert {v.value: v.count for v in canada.facets["date"]}.get("undated") == len(expected)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_undated_articles_come_last_in_both_date_orders(archive, engine, sort):
    # WHEN the archive is listed by date, either way THEN every dated article comes before every undated one
    result = search(SearchParams(sort=sort, per_page=100), engine=engine)
    dated = [Article.objects.get(pk=pk).published is not None for pk in ids(result)]
    assert dated == sorted(dated, reverse=True) and dated[0] and not dated[-1]
    dates = [Article.objects.get(pk=pk).published for pk in ids(result)][: dated.count(True)]
    assert dates == sorted(dates, reverse=sort == "newest")

"""The portable path's choice and translation (archive/search/portable.py); its answers are checked against the
fast path in test_portable_equivalence.py."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.checks import run_checks

from archive.search import RESOLVERS, SearchParams, parse_query, search
from archive.search.portable import user_query, wanted
from archive.search.reader import schema

pytestmark = pytest.mark.django_db


def test_the_path_follows_the_setting_and_the_engine(settings):
    # GIVEN Whoosh, the configured engine WHEN the setting is auto THEN the fast path serves
    settings.ARCHIVE_SEARCH_PATH = "auto"
    assert not wanted()
    # WHEN it is forced THEN the portable path serves, and "fast" keeps it away
    settings.ARCHIVE_SEARCH_PATH = "portable"
    assert wanted()
    settings.ARCHIVE_SEARCH_PATH = "fast"
    assert not wanted()


def test_a_value_the_archive_does_not_know_fails_the_system_check(settings):
    settings.ARCHIVE_SEARCH_PATH = "solr"
    assert "archive.E007" in {message.id for message in run_checks()}
    settings.ARCHIVE_SEARCH_PATH = "portable"
    assert "archive.E007" not in {message.id for message in run_checks()}


def _engine_query(text: str) -> str:
    """The query string haystack's engine (here Whoosh's) receives for what the user typed."""
    from haystack.query import SearchQuerySet

    return (
        SearchQuerySet().filter(user_query(parse_query(text, schema=schema(), resolvers=RESOLVERS))).query.build_query()
    )


def test_words_go_to_the_engine_as_typed_so_it_analyses_them_once(archive):
    # GIVEN words the index stems ("prices" -> "price"), phrases, exclusions, prefixes and fields WHEN translated
    # THEN the engine gets the typed words in its own syntax, every bare word required
    assert _engine_query("Oil prices") == "((Oil) AND (prices))"
    assert _engine_query('"interest rates" -bank') == '(("interest rates") AND NOT ((bank)))'
    assert _engine_query("econom*") == "(econom*)"
    assert _engine_query("title:Oil") == "title:(Oil)"
    assert _engine_query("country:pakistan") == 'countries:("PK")'  # the resolver's code, exact
    assert _engine_query("oil OR gas") == "((oil) OR (gas))"


def test_the_api_names_the_path_that_answered(archive, client, settings):
    # GIVEN the seeds WHEN the API searches on each path THEN its answer says which served it, with the same count
    settings.ARCHIVE_SEARCH_PATH = "auto"
    fast = client.get("/api/search/", {"q": "pakistan"}).json()
    settings.ARCHIVE_SEARCH_PATH = "portable"
    caches["answers"].clear()  # a change of setting restarts the server: no answer kept from the other path
    portable = client.get("/api/search/", {"q": "pakistan"}).json()
    assert (fast["engine"], portable["engine"]) == ("fast", "portable")
    assert fast["count"] == portable["count"] > 0 and fast["facets"] == portable["facets"]
    # AND a refused query names no path
    assert "engine" not in client.get("/api/search/", {"q": "*oil"}).json()


def test_a_query_that_can_match_nothing_answers_empty(archive, settings):
    settings.ARCHIVE_SEARCH_PATH = "portable"
    result = search(SearchParams(q="country:narnia"), resolvers=RESOLVERS)
    assert (result.engine, result.count, result.hits) == ("portable", 0, [])
    assert result.counts == {"country": {}, "organisation": {}, "source": {}, "date": {}}

"""The portable path against a real search server: Solr (`SOLR_URL`, e.g. http://127.0.0.1:8983/solr/archive,
a core made from `build_solr_schema`'s output) or Elasticsearch 7 / OpenSearch (`ELASTICSEARCH_URL`, e.g.
http://127.0.0.1:9200/). Skipped, saying so, when neither is set: nothing here pretends to be a server.

GIVEN the seeds indexed into the server through the archive's own queue (haystack's update()), WHEN the
search mix's shapes run THEN the portable path serves them, filter-only counts and facet counts equal the
database's, words find the articles that hold them, and the exports, entity pages and related articles answer.
"""

from __future__ import annotations

import os

import pytest

from archive.models import Article, ArticleCountry
from archive.search import SearchParams, entity_profile, matching_ids, rebuild, related_articles, search

SERVERS = {
    "solr": ("SOLR_URL", "archive.search.solr_engine.ArchiveSolrEngine", "pysolr"),
    "elasticsearch": (
        "ELASTICSEARCH_URL",
        "archive.search.elasticsearch_engine.ArchiveElasticsearch7Engine",
        "elasticsearch",
    ),
}

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(params=sorted(SERVERS))
def server(request, settings):
    variable, engine, client = SERVERS[request.param]
    url = os.environ.get(variable)
    if not url:
        pytest.skip(f"set {variable} to run the search mix against a real {request.param} server")
    pytest.importorskip(client, reason=f"{client} is needed to talk to {request.param}")
    from haystack import connections

    saved = settings.HAYSTACK_CONNECTIONS["default"]
    settings.HAYSTACK_CONNECTIONS = {"default": {"ENGINE": engine, "URL": url, "INDEX_NAME": "archive-tests"}}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    rebuild()  # an empty archive: clears what an earlier run left
    request.getfixturevalue("archive")  # the seeds, written after commit through haystack's backend
    yield request.param
    settings.HAYSTACK_CONNECTIONS = {"default": saved}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")


def test_the_mix_answers_through_the_server(server):
    published = Article.objects.published()
    browse = search(SearchParams(per_page=50))
    assert browse.engine == "portable" and browse.count == published.count()
    by_country = {}
    for code in (
        ArticleCountry.objects.active().filter(article__is_published=True).values_list("country__code", flat=True)
    ):
        by_country[code] = by_country.get(code, 0) + 1
    assert browse.counts["country"] == by_country
    code = max(by_country, key=by_country.get)
    filtered = search(SearchParams(countries=(code,)))
    assert filtered.count == by_country[code]
    assert search(SearchParams(q="pakistan")).count >= 1
    assert search(SearchParams(q='"foreign minister"', sort="newest")).error == ""
    assert matching_ids(SearchParams(countries=(code,)), limit=100)[0] == by_country[code]
    assert entity_profile("country", code).count == by_country[code]
    related_articles(published.first().pk)  # answers (the engine's own "more like this"), never raises

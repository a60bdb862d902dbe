"""A list of results (the search page, the API, the feeds) reads its articles in a fixed number of queries: what it
shows of each is loaded with the page (archive/search/listing.py), never one article at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

LISTS = ["/", "/api/search/", "/feeds/search/", "/feeds/search/atom/"]


@pytest.mark.parametrize("path", LISTS)
def test_a_list_of_six_costs_the_queries_of_a_list_of_one(client, archive, path):
    # GIVEN the seed archive, read once (the facets' labels are read once per index generation)
    assert client.get(path, {"q": "warm"}).status_code == 200
    counted = {}
    for country, shown in (("CA", 1), ("PK", 6)):
        # WHEN the list shows one article, then six (every seed names Pakistan, one Canada)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"country": country})
        assert response.status_code == 200
        assert response.content.count(b"/articles/") >= shown
        counted[country] = [query["sql"] for query in queries.captured_queries]
    # THEN it takes the same queries: nothing an article shows is read on its own
    assert len(counted["PK"]) == len(counted["CA"]), "\n".join(counted["PK"])

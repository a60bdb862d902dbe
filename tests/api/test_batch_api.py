"""POST /api/batch/ and /api/batch/export: a watch list as JSON in, one answer (or CSV row) per query out."""

import csv
import io
import json

import pytest

from archive.api import api
from archive.search import RESOLVERS, SearchParams, search

pytestmark = pytest.mark.django_db


def _post(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_each_query_answers_with_its_total_years_and_best_articles(archive, client):
    response = _post(client, "/api/batch/", {"queries": ["Pakistan", "*stan", "ASEAN"], "country": ["PK"]})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["limit"] == 500 and body["notices"] == []
    first, refused, last = body["results"]
    expected = search(SearchParams(q="Pakistan", countries=("PK",)), resolvers=RESOLVERS)
    assert first["ran"] and first["total"] == expected.count == sum(first["years"].values())
    assert [a["id"] for a in first["articles"]] == [hit.article_id for hit in expected.hits[:3]]
    assert first["articles"][0]["url"] == "http://testserver" + expected.hits[0].article.get_absolute_url()
    assert refused == {
        "query": "*stan",
        "ran": False,
        "total": None,
        "years": {},
        "articles": [],
        "notice": refused["notice"],
    }
    assert "Wildcards" in refused["notice"] and last["ran"]
    assert set(body["years"]) >= set(first["years"])


def test_an_unknown_filter_value_is_a_notice(archive, client):
    body = _post(client, "/api/batch/", {"queries": ["Pakistan"], "country": ["XX"], "from": "soon"}).json()
    assert any("XX" in notice for notice in body["notices"]) and any("from" in n for n in body["notices"])


def test_a_list_over_the_limit_is_refused_with_both_numbers(archive, client, settings):
    settings.ARCHIVE_BATCH_LIMIT = 2
    for path in ("/api/batch/", "/api/batch/export"):
        response = _post(client, path, {"queries": ["a", "b", "c"]})
        assert response.status_code == 400
        assert response.json() == {
            "error": "This list has 3 queries; a batch runs at most 2. Split it into lists of 2 or fewer and run each.",
            "status": 400,
            "count": 3,
            "limit": 2,
        }


@pytest.mark.parametrize("body", [{}, {"queries": []}, {"queries": "Pakistan"}, "not json"])
def test_a_body_that_does_not_fit_is_a_400_in_our_shape(archive, client, body):
    response = client.post(
        "/api/batch/", body if isinstance(body, str) else json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and set(response.json()) >= {"error", "status"}


def test_the_csv_export(archive, client):
    response = _post(client, "/api/batch/export", {"queries": ["Pakistan", "@SUM(1)"]})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["query"] for row in rows] == ["Pakistan", "'@SUM(1)"]
    assert int(rows[0]["total"]) == search(SearchParams(q="Pakistan"), resolvers=RESOLVERS).count


def test_the_document_describes_both_operations():
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/")))
    batch = document["paths"]["/api/batch/"]["post"]
    assert set(batch["responses"]) == {"200", "400", "429", "503"}
    assert "requestBody" in batch
    export = document["paths"]["/api/batch/export"]["post"]
    assert set(export["responses"]["200"]["content"]) == {"text/csv"}

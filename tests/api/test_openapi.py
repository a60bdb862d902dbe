"""/api/openapi.json: a valid OpenAPI 3.1 document, derived from the code, describing every answer of /api/."""

import json

import pytest
from openapi_spec_validator import validate

from archive.api import api

pytestmark = pytest.mark.django_db

SEARCH_PARAMETERS = {"q", "country", "org", "source", "date", "from", "to", "sort", "page", "versions"}


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_document_is_valid_openapi_3_1(document):
    # GIVEN the served document WHEN a validator reads it THEN it is OpenAPI 3.1 without errors
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_served_document_is_the_one_the_code_builds(document):
    assert document == json.loads(json.dumps(api.get_openapi_schema()))


def test_the_document_made_once_is_served_whole_whatever_a_caller_does_with_its_copy(client, document):
    # GIVEN a caller that changes the document it was given
    mine = api.get_openapi_schema()
    mine["paths"].clear()
    mine["info"]["title"] = "changed"
    # WHEN the document is asked for again THEN it is whole, as first served, and it is ninja's own
    assert client.get("/api/openapi.json").json() == document
    assert document == json.loads(json.dumps(super(type(api), api).get_openapi_schema(path_prefix="/api/")))


def test_every_operation_and_answer_is_described(document):
    paths = document["paths"]
    search, article = paths["/api/search/"]["get"], paths["/api/articles/{pk}/"]["get"]
    assert set(search["responses"]) == {"200", "304", "400", "412", "429", "503"}
    assert set(article["responses"]) == {"200", "404", "410", "429"}
    assert {p["name"] for p in search["parameters"]} == SEARCH_PARAMETERS
    # Array parameters are repeated (?country=PK&country=RU), OpenAPI's default for query arrays.
    country = next(p for p in search["parameters"] if p["name"] == "country")
    assert country["schema"]["type"] == "array" and country.get("explode", True)
    schemas = document["components"]["schemas"]
    assert set(schemas["Error"]["required"]) == {"error", "status"}
    assert {"count", "results", "facets", "notices"} <= set(schemas["SearchResponse"]["required"])
    assert "error" in schemas["SearchFailure"]["required"]


def test_the_interactive_docs_are_off_and_the_docs_page_links_the_document(client):
    # ninja's Swagger page loads scripts from a CDN, which the CSP refuses: it is not served
    response = client.get("/api/docs")
    assert response.status_code == 404 and response.json()["status"] == 404
    assert 'href="/api/openapi.json"' in client.get("/api/").content.decode()


def test_the_document_has_the_site_headers(client):
    response = client.get("/api/openapi.json")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_errors_keep_the_archive_shape(client, archive):
    # GIVEN an unknown article and an unparseable query WHEN asked THEN JSON errors, never ninja's {"detail"}
    missing = client.get("/api/articles/999999/")
    assert missing.status_code == 404 and set(missing.json()) == {"error", "status"}
    bad = client.get("/api/search/", {"q": "*stan", "country": "ZZ"})
    body = bad.json()
    assert bad.status_code == 400 and body["error"] and any("ZZ" in notice for notice in body["notices"])


def test_repeated_and_odd_parameters_are_notices_not_errors(client, archive):
    response = client.get("/api/search/?q=a&q=Russia&page=abc&sort=sideways&from=yesterday")
    assert response.status_code == 200
    assert response.json()["notices"]


def test_the_export_describes_only_the_parameters_it_reads(client, archive, document):
    # GIVEN the export: every page and every version of each story
    names = {p["name"] for p in document["paths"]["/api/search/export"]["get"]["parameters"]}
    # THEN its description names neither a page nor the versions (it offered "20 results a page")
    assert {"q", "country", "from", "to", "sort", "format", "include"} <= names
    assert not names & {"page", "versions"}
    # AND a page given anyway changes nothing
    totals = {client.get("/api/search/export", {"format": "csv", "page": n})["X-Export-Total"] for n in ("1", "2")}
    assert len(totals) == 1

"""archive/api/exports.py (/api/search/export) and the search page's Export control."""

import csv
import io

import pytest

from archive.models import Article
from tests.web.ratelimit_window import LONG_WINDOW, fresh_window

pytestmark = pytest.mark.django_db
EXPORT = "/api/search/export"


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize(
    ("fmt", "content_type", "ext"),
    [
        ("csv", "text/csv; charset=utf-8", "csv"),
        ("jsonl", "application/x-ndjson; charset=utf-8", "jsonl"),
        ("ris", "application/x-research-info-systems; charset=utf-8", "ris"),
        ("bibtex", "application/x-bibtex; charset=utf-8", "bib"),
        ("csljson", "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    ],
)
def test_each_format_downloads_as_a_file(client, archive, fmt, content_type, ext):
    response = client.get(EXPORT, {"q": "Pakistan", "format": fmt, "page": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith('attachment; filename="archive-pakistan-')
    assert response["Content-Disposition"].endswith(f'.{ext}"')
    assert response["X-Export-Total"] == str(Article.objects.count())  # every seed says Pakistan; page ignored
    assert _body(response)


def test_csv_bytes_start_with_the_utf8_bom(client, archive):
    raw = b"".join(client.get(EXPORT, {"format": "csv", "country": "RU"}).streaming_content)
    assert raw.startswith(b"\xef\xbb\xbfid,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and all("RU" in row["countries"].split("; ") for row in rows)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"format": "xlsx"}, "Unknown format"),
        ({}, "format: Field required"),
        ({"format": "csv", "include": "raw"}, "Unknown include"),
        ({"format": "csv", "country": "ZZ"}, "Ignored unknown country “ZZ”."),
        ({"format": "csv", "date": "2023-13"}, "Ignored the date"),
        ({"format": "csv", "from": "yesterday"}, "Ignored the “from” date"),
        ({"format": "csv", "sort": "random"}, "Ignored an unknown sort order."),
        ({"format": "csv", "q": "*stan"}, ""),
    ],
)
def test_bad_parameters_are_a_400_with_a_json_error(client, archive, query, words):
    response = client.get(EXPORT, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert words in response.json()["error"] and response.json()["error"]


def test_a_refusal_says_nothing_was_exported(client, archive):
    # WHEN an export names a country the archive does not know THEN the refusal says no file was made, and why
    error = client.get(EXPORT, {"format": "csv", "country": "ZZ"}).json()["error"]
    assert error == "Nothing was exported: Ignored unknown country “ZZ”."


def test_a_month_in_from_and_to_is_exported_as_its_days(client, archive):
    # GIVEN a range given to the month, as the search reads it (from its first day to its last)
    page = client.get("/api/search/", {"from": "2023-06", "to": "2023-06"}).json()
    assert page["count"] and "Read “from” 2023-06 as 1 June 2023." in page["notices"]
    # WHEN it is exported THEN the file holds the page's articles: the reading is no refusal
    response = client.get(EXPORT, {"format": "csv", "from": "2023-06", "to": "2023-06"})
    assert response.status_code == 200 and int(response["X-Export-Total"]) == page["count"]


def test_dates_given_the_wrong_way_round_are_exported_swapped(client, archive):
    # GIVEN a range whose "from" is after its "to", which the search runs swapped, saying so
    page = client.get("/api/search/", {"from": "2024-01-01", "to": "2020-01-01"}).json()
    assert page["count"] and "they have been swapped" in " ".join(page["notices"])
    # WHEN it is exported THEN the file holds the page's articles (it was refused, "Nothing was exported: … they have
    # been swapped", a message that contradicted itself)
    response = client.get(EXPORT, {"format": "csv", "from": "2024-01-01", "to": "2020-01-01"})
    assert response.status_code == 200 and int(response["X-Export-Total"]) == page["count"]


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/timeline/export.csv", {"q": "pakistan", "country": "ZZ"}),
        ("get", "/concordance/export.csv", {"q": "pakistan", "country": "ZZ"}),
        ("post", "/batch/export.csv", {"queries": "pakistan\ntrade", "country": "ZZ"}),
        ("api", "/api/batch/export", {"queries": ["pakistan", "trade"], "country": ["ZZ"]}),
    ],
)
def test_every_file_refuses_a_filter_the_search_left_out(client, archive, method, path, data):
    # GIVEN a country no one knows, which the pages leave out with a notice WHEN the timeline's, the concordance's
    # or a batch's file is asked for with it THEN it is refused as the search export is, saying why: the file was
    # the whole archive's counts and lines under a name that reads as filtered
    if method == "api":
        response = client.post(path, data, content_type="application/json")
    else:
        response = getattr(client, method)(path, data)
    assert response.status_code == 400
    text = response.json()["error"] if method == "api" else response.content.decode()
    assert "Nothing was exported: Ignored unknown country “ZZ”." in text
    # AND with a country it knows, the file is made
    good = {**data, "country": ["PK"] if method == "api" else "PK"}
    if method == "api":
        assert client.post(path, good, content_type="application/json").status_code == 200
    else:
        assert getattr(client, method)(path, good).status_code == 200


def test_over_the_cap_a_message_with_the_total_and_no_file(client, archive, settings):
    settings.ARCHIVE_EXPORT_LIMIT = 2
    response = client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 400
    total = Article.objects.count()
    assert response.json() == {
        "error": f"This search finds {total} articles; an export holds at most 2. "
        "Narrow the search with a filter or a date range, then export again.",
        "status": 400,
        "total": total,
        "limit": 2,
    }


def test_exports_count_against_the_rate_limit(client, archive, settings):
    settings.ARCHIVE_RATE_LIMIT = 2
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW
    fresh_window("192.0.2.77")
    statuses = [client.get(EXPORT, {"format": "csv"}, REMOTE_ADDR="192.0.2.77").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_search_page_offers_an_export_of_the_search_as_it_ran(client, archive):
    page = client.get("/", {"q": "Pakistan", "country": ["RU", "ZZ"], "sort": "oldest", "page": "1"})
    html = page.content.decode()
    assert 'action="/api/search/export"' in html
    assert '<input type="hidden" name="q" value="Pakistan">' in html
    assert '<input type="hidden" name="country" value="RU">' in html
    assert 'value="ZZ"' not in html.split('id="export"')[1]  # the ignored value is not carried
    assert '<input type="hidden" name="sort" value="oldest">' in html
    assert 'name="page"' not in html.split('id="export"')[1]
    for fmt in ("csv", "jsonl", "ris", "bibtex", "csljson"):
        assert f'<option value="{fmt}">' in html
    assert 'name="include" value="body"' in html


def test_the_search_page_says_when_a_search_is_too_large_to_export(client, archive, settings):
    settings.ARCHIVE_EXPORT_LIMIT = 2
    html = client.get("/").content.decode()
    assert "an export holds at most 2" in html
    assert 'action="/api/search/export"' not in html


def test_the_api_and_the_export_name_each_address_alike(client, archive):
    # GIVEN a search read from the API and exported as JSON Lines
    import json

    hits = client.get("/api/search/", {"q": "Pakistan", "versions": "all", "sort": "oldest"}).json()["results"]
    lines = [
        json.loads(line)
        for line in _body(client.get(EXPORT, {"q": "Pakistan", "format": "jsonl", "sort": "oldest"})).splitlines()
    ]
    # THEN an article's page is its `permalink` in both (the API's `url` too), and the export's `url` is the
    # original address, the article's `source_url` in the API
    assert [hit["permalink"] for hit in hits] == [line["permalink"] for line in lines]
    assert all(hit["url"] == hit["permalink"] for hit in hits)
    detail = client.get(f"/api/articles/{lines[0]['id']}/").json()
    assert detail["permalink"] == lines[0]["permalink"] and detail["source_url"] == (lines[0]["url"] or "")

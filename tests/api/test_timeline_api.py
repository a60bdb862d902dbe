"""GET /api/timeline/ (archive/api/timelines.py): a search month by month as JSON, as /timeline/ shows it."""

from django.http import QueryDict

from archive.timelines import timeline_page


def test_the_json_is_the_pages_numbers(client, archive):
    # GIVEN a search compared with another under a filter WHEN its timeline is asked as JSON
    response = client.get("/api/timeline/", {"q": "russia", "compare": "army", "country": "PK", "sort": "oldest"})
    assert response.status_code == 200 and response["ETag"].startswith('W/"')
    body = response.json()
    page = timeline_page(QueryDict("q=russia&compare=army&country=PK"))
    # THEN both series run over the same months, with the page's counts, totals and shares
    mine = [(m["month"], m["articles"], m["all_articles"]) for m in body["timeline"]["months"]]
    [compared] = body["compared"]
    theirs = [(m["month"], m["articles"], m["all_articles"]) for m in compared["months"]]
    assert mine == [(a.month, a.count, a.total) for a, _ in page.months]
    assert theirs == [(b.month, b.count, b.total) for _, b in page.months]
    assert all(
        m["share"] == round(m["articles"] / m["all_articles"], 6)
        for m in body["timeline"]["months"]
        if m["all_articles"]
    )
    assert body["timeline"]["articles"] == page.timeline.count
    assert body["timeline"]["articles_without_month"] == page.timeline.without_month
    # AND the addresses are whole, without the search's order
    assert body["url"] == "http://testserver/timeline/?q=russia&country=PK&compare=army"
    assert body["csv_url"] == "http://testserver/timeline/export.csv?q=russia&country=PK&compare=army"
    assert compared["search_url"] == "http://testserver/?q=army&country=PK"
    assert body["filters"] == ["Pakistan"] and body["error"] is None
    # AND a client holding it gets 304
    assert client.get(response.wsgi_request.get_full_path(), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_query_that_cannot_run_is_a_400_that_says_why(client, archive):
    response = client.get("/api/timeline/", {"q": "(" * 8 + "oil" + ")" * 8})
    assert response.status_code == 400
    body = response.json()
    assert "parentheses" in body["error"] and body["timeline"]["months"] == [] and body["compared"] == []


def test_without_a_comparison_and_with_bad_values(client, archive):
    body = client.get("/api/timeline/", {"country": "ZZ", "from": "2023-02-30"}).json()
    assert body["compared"] == [] and body["timeline"]["q"] == ""
    assert any("ZZ" in notice for notice in body["notices"]) and any(
        "2023-02-30" in notice for notice in body["notices"]
    )

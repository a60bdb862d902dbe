"""GET /api/concordance/ (archive/api/concordance.py): a search's key words in context as JSON."""

from django.http import QueryDict

from archive.concordance import concordance


def test_the_lines_are_the_pages(client, archive):
    # WHEN the concordance of a search is asked of the API
    response = client.get("/api/concordance/", {"q": "pakistan", "by": "right", "context": "4"})
    body = response.json()
    # THEN it holds the page's lines, in the page's arrangement, each naming its article
    found = concordance(QueryDict("q=pakistan&by=right&context=4"))
    assert response.status_code == 200 and body["error"] is None
    assert [(line["left"], line["keyword"], line["right"]) for line in body["lines"]] == [
        (line.left, line.keyword, line.right) for line in found.lines
    ]
    articles = {article["id"]: article for article in body["articles"]}
    assert {line["article"] for line in body["lines"]} == set(articles)
    assert all(article["url"].startswith("http://testserver/articles/") for article in articles.values())
    assert body["articles_found"] == found.count and body["stories_read"] == found.read and body["complete"]
    assert (body["context"], body["by"]) == (4, "right")
    # AND the words drawn to the keywords, each with the concordance of the stories holding both
    assert [c["word"] for c in body["collocates"]] == [c.word for c in found.collocates]
    assert all(c["url"].startswith("http://testserver/concordance/?q=pakistan+") for c in body["collocates"])
    # AND it leads to the page and the CSV with the same choices
    assert body["url"] == "http://testserver/concordance/?q=pakistan&context=4&by=right"
    assert body["csv_url"] == "http://testserver/concordance/export.csv?q=pakistan&context=4&by=right"


def test_a_search_without_words_is_a_400_saying_why(client, archive):
    response = client.get("/api/concordance/", {"country": "PK"})
    assert response.status_code == 400
    assert "need words to look for" in response.json()["error"] and response.json()["lines"] == []
    response = client.get("/api/concordance/", {"q": "*stan"})
    assert response.status_code == 400 and response.json()["error"]

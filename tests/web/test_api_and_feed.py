"""/api/search/ and /api/articles/<id>/ follow the contract; the feed lists the newest matches."""

import pytest

from archive.models import Article

pytestmark = pytest.mark.django_db


def test_search_api_shape(client, archive):
    data = client.get("/api/search/", {"q": "Russia", "country": "PK"}).json()
    assert set(data) >= {"count", "page", "pages", "results", "facets"}
    assert data["count"] == len(data["results"]) == 2
    result = data["results"][0]
    assert set(result) >= {
        "id",
        "title",
        "url",
        "published",
        "precision",
        "source",
        "dateline",
        "countries",
        "organisations",
        "snippet",
    }
    assert set(data["facets"]) == {"country", "organisation", "source", "date"}
    pk = next(f for f in data["facets"]["country"] if f["value"] == "PK")
    assert pk == {"value": "PK", "label": "Pakistan", "count": 2, "selected": True}
    assert all(set(item) == {"value", "count", "selected"} for item in data["facets"]["date"])


def test_a_page_past_the_end_of_the_api_holds_no_results(client, archive):
    # GIVEN a client paging through a search until a page comes back empty
    last = client.get("/api/search/", {"page": "1"}).json()
    assert last["pages"] == 1 and last["results"]
    # WHEN it asks for the page after the last
    data = client.get("/api/search/", {"page": "2"}).json()
    # THEN that page holds no results (its loop ends), and says why; the count is the search's
    assert data["page"] == 2 and data["pages"] == 1 and data["results"] == [] and data["count"] == last["count"]
    assert data["notices"] == ["There is only 1 page: page 2 is past the end."]
    # AND the search page, a person's, still shows the last page with its notice
    assert "There is only 1 page; showing the last one." in client.get("/", {"page": "2"}).content.decode()


def test_search_api_snippet_is_plain_text(client, archive):
    article = Article.objects.first()
    article.body = "<b>Bold</b> claims about Ruritania & more."
    article.save()
    from archive.search import apply_pending

    apply_pending()
    data = client.get("/api/search/", {"q": "Ruritania"}).json()
    assert data["results"][0]["snippet"].startswith("<b>Bold</b> claims")  # raw text, for clients to escape


def test_search_api_error_is_a_400_with_a_message(client, archive):
    response = client.get("/api/search/", {"q": "*stan"})
    assert response.status_code == 400 and "Wildcards" in response.json()["error"]


def test_search_api_ignores_unknown_values_with_a_notice(client, archive):
    data = client.get("/api/search/", {"country": "ZZ"}).json()
    assert data["count"] == 6 and any("ZZ" in notice for notice in data["notices"])


def test_article_api(client, archive):
    article = Article.objects.get(import_ref__endswith="003_5cf35de7a53bf458.txt#1")
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert data["published"] == "2023-06-20" and data["precision"] == "day"
    assert {c["code"] for c in data["countries"]} >= {"PK", "RU"}
    assert data["import_ref"] == article.import_ref and data["checksum"] == article.checksum


def test_unpublished_article_is_not_in_the_api(client, archive):
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(is_published=False)
    assert client.get(f"/api/articles/{article.pk}/").status_code == 404


def test_feed_lists_newest_matches(client, archive):
    response = client.get("/feeds/search/", {"country": "PK"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    content = response.content.decode()
    assert content.count("<item>") == 6
    assert content.index("army chief") < content.index("fifth round")  # 2025 before 2023


def test_api_docs_and_help_pages(client):
    assert "/api/search/" in client.get("/api/").content.decode()
    assert "country:" in client.get("/help/").content.decode()


def test_an_unpublished_article_is_an_editors_not_any_staff_accounts(client, archive, editor):
    from django.contrib.auth import get_user_model

    # GIVEN an article taken off the public archive, a staff account with no permission (the admin refuses it the
    # articles) and an editor who may view them
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(is_published=False)
    no_rights = get_user_model().objects.create_user("no-rights", "nr@example.org", "a-password-here", is_staff=True)
    addresses = [
        article.get_absolute_url(),
        f"/articles/{article.pk}/raw/",
        f"/articles/{article.pk}/cite.ris",
        f"/api/articles/{article.pk}/",
        f"/api/articles/{article.pk}/related/",
    ]
    # WHEN the staff account without rights asks for its page, text, citation and JSON THEN it is not found, as for a
    # reader (they were all served to any staff account)
    client.force_login(no_rights)
    assert {address: client.get(address).status_code for address in addresses} == dict.fromkeys(addresses, 404)
    # AND the editor gets each of them
    client.force_login(editor)
    assert {address: client.get(address).status_code for address in addresses} == dict.fromkeys(addresses, 200)

"""An article reached from a search links the results before and after it (archive/result_navigation.py), so a
reader can go through a search's results one article after the other, across its pages."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.importers import import_paths
from archive.models import Article, Country
from archive.search import IndexUnavailable, apply_pending

pytestmark = pytest.mark.django_db

ARTICLES = 45  # three pages of 20


@pytest.fixture
def reports(db, tmp_path, django_capture_on_commit_callbacks):
    """45 wheat reports on 45 days, and one story about rice."""
    lines = [
        {"id": n, "title": f"Wheat report {n}", "body": f"Officials discussed wheat exports, item {n}.",
         "published": f"2023-{1 + n // 28:02d}-{1 + n % 28:02d}"}
        for n in range(ARTICLES)
    ]  # fmt: skip
    lines.append(
        {"id": "rice", "title": "Rice harvest", "body": "Farmers brought in the rice.", "published": "2023-05-01"}
    )
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])


def navigation(client, url: str) -> dict:
    """The article page's result links and number: {"number", "total", "prev", "next"} (links or None)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    nav = re.search(r'<nav class="result-nav".*?</nav>', html, re.S)
    if nav is None:
        return {}
    number, total = re.search(r"Result ([\d,]+) of ([\d,]+)", nav.group(0)).groups()
    links = {rel: unescape(href) for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)"', nav.group(0))}
    return {"number": int(number), "total": int(total), "prev": links.get("prev"), "next": links.get("next")}


def search_order(client, query: str) -> list[str]:
    """The search page's result links, page after page, without their `back`."""
    links, page = [], 1
    while True:
        html = client.get(f"/?{query}&page={page}").content.decode()
        found = [unescape(href).split("?")[0] for href in re.findall(r'<h2><a href="(/articles/[^"]*)"', html)]
        if not found or found[0] in links:  # past the last page the search shows the last page again
            return links
        links += found
        page += 1


def test_next_and_previous_go_through_every_result_in_the_search_order_across_pages(client, reports):
    # GIVEN a search of three pages, and its first result opened from it
    order = search_order(client, "q=wheat&sort=oldest")
    assert len(order) == ARTICLES
    html = client.get("/?q=wheat&sort=oldest").content.decode()
    url = unescape(re.search(r'<h2><a href="(/articles/[^"]*)"', html).group(1))
    # WHEN the reader follows "Next result" until there is none
    visited, numbers = [], []
    while url:
        place = navigation(client, url)
        visited.append(url.split("?")[0])
        numbers.append(place["number"])
        assert place["total"] == ARTICLES
        url = place["next"]
    # THEN they have read every result once, in the search's order, numbered as the search numbers them
    assert visited == order and numbers == list(range(1, ARTICLES + 1))
    # AND the first result has no previous one
    assert navigation(client, order[0] + "?back=q%3Dwheat%26sort%3Doldest")["prev"] is None


def test_across_a_page_edge_the_link_carries_the_page_so_the_way_back_leads_there(client, reports):
    # GIVEN the last result of the first page
    order = search_order(client, "q=wheat&sort=oldest")
    last_on_page_one = navigation(client, order[19] + "?back=q%3Dwheat%26sort%3Doldest")
    assert last_on_page_one["number"] == 20
    # WHEN the reader goes to the next result
    following = last_on_page_one["next"]
    assert following.split("?")[0] == order[20]
    back = parse_qs(urlsplit(following).query)["back"][0]
    # THEN its search is the second page, and the back link there leads to page 2
    assert parse_qs(back) == {"q": ["wheat"], "sort": ["oldest"], "page": ["2"]}
    html = client.get(following).content.decode()
    assert 'href="/?q=wheat&amp;sort=oldest&amp;page=2"' in html
    # AND from there, "Previous result" leads back to result 20, on page 1 again
    previous = navigation(client, following)["prev"]
    assert previous.split("?")[0] == order[19]
    assert parse_qs(parse_qs(urlsplit(previous).query)["back"][0]) == {"q": ["wheat"], "sort": ["oldest"]}


def test_an_article_outside_the_search_or_opened_without_one_has_no_result_links(client, reports):
    rice = Article.objects.get(title="Rice harvest")
    # an article opened without a search
    assert navigation(client, rice.get_absolute_url()) == {}
    # an article that is not among the results of the search it names (the archive changed, a hand-made link)
    assert navigation(client, rice.get_absolute_url() + "?back=q%3Dwheat") == {}
    # the only result of its search: a place, no neighbours
    assert navigation(client, rice.get_absolute_url() + "?back=q%3Drice") == {
        "number": 1, "total": 1, "prev": None, "next": None
    }  # fmt: skip


def test_an_unpublished_result_is_not_a_neighbour(client, reports):
    order = search_order(client, "q=wheat&sort=oldest")
    hidden = Article.objects.get(pk=int(order[1].split("/")[2]))
    hidden.is_published = False
    hidden.save()
    apply_pending()
    place = navigation(client, order[0] + "?back=q%3Dwheat%26sort%3Doldest")
    assert place["next"].split("?")[0] == order[2] and place["total"] == ARTICLES - 1


def test_when_the_index_cannot_say_the_page_still_opens_without_the_links_and_is_not_kept(client, reports, monkeypatch):
    def unreadable(*args, **kwargs):
        raise IndexUnavailable("OSError: Input/output error")

    monkeypatch.setattr("archive.result_navigation.search", unreadable)
    article = Article.objects.filter(title__startswith="Wheat").first()
    response = client.get(article.get_absolute_url() + "?back=q%3Dwheat")
    assert response.status_code == 200 and 'class="result-nav"' not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_an_entity_pages_latest_articles_lead_on_through_all_its_articles_newest_first(client, reports):
    # GIVEN a country's page, whose latest articles are the first of its newest-first search
    Article.objects.get(title="Wheat report 3").countries.add(*Country.objects.filter(code="PK"))
    Article.objects.get(title="Wheat report 9").countries.add(*Country.objects.filter(code="PK"))
    apply_pending()
    html = client.get("/countries/PK/").content.decode()
    first = unescape(re.search(r'<ol class="latest-list">\s*<li><a href="([^"]+)"', html).group(1))
    # WHEN the reader opens the newest one THEN it is result 1 of 2 of that search, and the next is the other
    place = navigation(client, first)
    assert place["number"] == 1 and place["total"] == 2 and place["prev"] is None
    assert navigation(client, place["next"])["number"] == 2
    # AND "Back to search" leads to the country's articles, newest first
    back = unescape(re.search(r'<p class="back"><a href="([^"]*)"', client.get(first).content.decode()).group(1))
    assert parse_qs(urlsplit(back).query) == {"country": ["PK"], "sort": ["newest"]}

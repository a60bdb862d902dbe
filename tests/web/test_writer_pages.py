"""A writer's page (/writers/<slug>/, GET /api/writers/<slug>/): an entity page whose articles are the search of the
bylines that name the writer (archive/writers.py), reached from /writers/ and from an article's byline."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.search import IndexUnavailable
from tests.web.pages import html_of, result_count

pytestmark = pytest.mark.django_db

PAGE = "/writers/amina-rashid/"
SEARCH = "/?q=author%3A%22Amina+Rashid%22&sort=newest"


def test_a_writers_page_counts_what_their_search_finds(entities, client):
    """GIVEN three articles by Amina Rashid (one byline in capitals, one shared with Tom Hale)
    WHEN her page is read
    THEN it counts the three, as her search does, names the other spelling, charts her months, lists the countries,
    organisations and sources of her articles and her latest articles, newest first."""
    page = html_of(client, PAGE)
    assert "<h1>Amina Rashid</h1>" in page and '<a href="/writers/">← All writers</a>' in page
    assert "<td>Writer</td>" in page and "<td>AMINA RASHID</td>" in page  # also written as
    assert f'<a href="{SEARCH.replace("&", "&amp;")}">3 articles</a>' in page
    assert result_count(client, SEARCH) == 3
    # Her months: Nov 2022 (1 of the month's 2), Dec 2022 (none), Jan 2023 (1 of 3); the undated one is not charted.
    assert "Nov 2022: 1 of 2 (50.0%)" in page and "Dec 2022: 0</title>" in page and "Jan 2023: 1 of 3 (33.3%)" in page
    assert re.search(r"Not in the chart: 1 article\s+whose date is known to the year only, or not at all", page)
    assert '<h2 id="cooccurring-heading">In their articles</h2>' in page
    latest = re.findall(r'<li><a href="/articles/\d+/[^"?]+/\?back=[^"]+">([^<]+)</a>', page)
    assert latest == ["Railway timetable revised", "Ledger of the grain board", "Undated memorandum filed"]
    # AND a writer's months are not offered beside a country's
    assert 'class="compare-form"' not in page
    assert html_of(client, PAGE + "?compare=country:PK") == page


def test_every_link_of_a_writers_page_finds_what_it_counts(entities, client):
    # GIVEN her page's lists of the countries, organisations and sources of her articles
    page = html_of(client, PAGE)
    links = re.findall(
        r'<li><a href="(/\?[^"]+)"><span class="label">([^<]+)</span> <span class="count">(\d+)</span>', page
    )
    counted = {label: int(count) for _, label, count in links}
    assert counted == {"Pakistan": 3, "IMF — International Monetary Fund": 2, "Dawn": 2}
    # WHEN each is followed THEN its search finds that many of her articles
    for href, label, count in links:
        assert result_count(client, unescape(href)) == int(count), label
    # AND a month's bar leads to her search in that month, her timeline to her search's
    assert "/?q=author%3A%22Amina+Rashid%22&amp;date=2022-11" in page
    assert '<a href="/timeline/?q=author%3A%22Amina+Rashid%22">Their articles month by month' in page


def test_a_writer_is_reached_from_the_list_and_from_a_byline(entities, client):
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a>', html_of(client, "/writers/"))
    assert rows == [("/writers/tom-hale/", "Tom Hale"), (PAGE, "Amina Rashid")]
    article = Article.objects.get(title="Railway timetable revised")
    byline = re.search(r'<span class="byline-author">(.*?)</span>', html_of(client, article.get_absolute_url())).group(
        1
    )
    assert re.findall(r'<a class="profile" href="([^"]+)"', byline) == [PAGE, "/writers/tom-hale/"]


@pytest.mark.parametrize(
    ("url", "status", "location"),
    [
        ("/writers/Amina-Rashid/", 301, PAGE),  # any letter case: the page's own slug
        ("/writers/AMINA-RASHID/", 301, PAGE),
        ("/writers/nobody-at-all/", 404, None),
        ("/writers/<script>/", 404, None),
    ],
)
def test_a_slug_in_another_case_redirects_and_an_unknown_one_is_a_404(entities, client, url, status, location):
    response = client.get(url)
    assert response.status_code == status
    if location:
        assert response["Location"] == location
    else:
        assert (
            "No writer is known as" in response.content.decode() and 'class="site-header"' in response.content.decode()
        )


def test_a_writers_profile_as_json(entities, client):
    answer = client.get("/api/writers/amina-rashid/").json()
    assert (answer["kind"], answer["key"], answer["name"], answer["articles"]) == (
        "writer",
        "amina-rashid",
        "Amina Rashid",
        3,
    )
    assert answer["aliases"] == ["AMINA RASHID"] and answer["articles_without_month"] == 1
    assert answer["url"] == "http://testserver/writers/amina-rashid/"
    assert [m["month"] for m in answer["months"]] == ["2022-11", "2022-12", "2023-01"]
    assert {item["key"]: item["articles"] for item in answer["cooccurring"]["country"]} == {"PK": 3}
    assert answer["latest"][0]["title"] == "Railway timetable revised"
    # AND the list names the same page; an unknown writer is a JSON 404
    listed = client.get("/api/writers/", {"q": "rashid"}).json()["results"]
    assert [(w["key"], w["url"]) for w in listed] == [("amina-rashid", "http://testserver/writers/amina-rashid/")]
    # AND the profile's `short` is the list's: the outlets she wrote for (it was null)
    assert answer["short"] == listed[0]["short"] and answer["short"]
    missing = client.get("/api/writers/nobody/")
    assert missing.status_code == 404 and missing.json()["status"] == 404


def test_a_byline_changed_is_on_the_writers_kept_page_at_once(entities, client, django_capture_on_commit_callbacks):
    # GIVEN her page kept, and a reader's copy of it
    first = client.get(PAGE)
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # WHEN an editor gives a fourth article her byline
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.get(title="Orchard yields counted")
        article.author = "Amina Rashid"
        article.save()
    # THEN the next reader gets the page made again, counting it
    after = client.get(PAGE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and "4 articles" in after.content.decode()


def test_an_unreadable_index_is_said_on_the_page_and_in_the_api(entities, client, monkeypatch):
    # GIVEN an index that cannot be read
    def unreadable(*args, **kwargs):
        raise IndexUnavailable("the index cannot be read")

    monkeypatch.setattr("archive.writers.search", unreadable)
    # WHEN her page or profile is asked for THEN each says the search is unavailable (503), never a 500
    page = client.get(PAGE)
    assert page.status_code == 503 and 'class="site-header"' in page.content.decode()
    answer = client.get("/api/writers/amina-rashid/")
    assert answer.status_code == 503 and answer.json()["status"] == 503


def test_a_name_in_any_script_has_a_page(entities, client, django_capture_on_commit_callbacks):
    # GIVEN bylines with accents and in Cyrillic
    with django_capture_on_commit_callbacks(execute=True):
        for title, byline in (("Orchard yields counted", "José Pérez"), ("Harbour cranes repainted", "Анна Петрова")):
            article = Article.objects.get(title=title)
            article.author = byline
            article.save()
    # WHEN the list is read THEN each name leads to its page, which names it
    listed = {row["name"]: row["url"] for row in client.get("/api/writers/").json()["results"]}
    # (its accents folded, as the search reads the name: the address it had with them leads to it)
    assert listed["José Pérez"] == "http://testserver/writers/jose-perez/"
    old = client.get("/writers/jos%C3%A9-p%C3%A9rez/")
    assert old.status_code == 301 and old["Location"] == "/writers/jose-perez/"
    for name in ("José Pérez", "Анна Петрова"):
        page = html_of(client, listed[name].removeprefix("http://testserver"))
        assert f"<h1>{name}</h1>" in page and "1 article</a>" in page


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slug=st.text(min_size=1, max_size=300).filter(lambda text: text not in (".", "..")))
def test_any_slug_is_a_page_a_redirect_or_a_404(entities, client, slug):
    response = client.get(f"/writers/{quote(slug, safe='')}/")
    assert response.status_code in (200, 301, 404), slug

"""Copies of one story on the search page, in the API, the feeds and the exports: one result per story with
"N other versions", every version with versions=all, exports per article with their copy group."""

from __future__ import annotations

import csv
import io
import re

import feedparser
import pytest

from tests.search.copies_archive import build_copies

pytestmark = pytest.mark.django_db


@pytest.fixture
def copies(archive, django_capture_on_commit_callbacks, settings):
    settings.ARCHIVE_RATE_LIMIT = 0
    with django_capture_on_commit_callbacks(execute=True):
        return build_copies()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_each_story_once_with_its_other_versions(client, copies):
    # GIVEN story A in four versions WHEN "pipeline" is searched
    html = client.get("/", {"q": "pipeline"}).content.decode()
    text = _text(html)
    # THEN the count says articles and stories, and story A is listed once, under its earliest complete version
    assert "9 articles in 5 stories" in text
    assert html.count(copies["a_long"].get_absolute_url() + "?") == 1
    # with a details/summary (no JavaScript needed) that lists the other versions: outlet, date, link
    details = re.search(r'<details class="other-versions">(.*?)</details>', html, re.S).group(1)
    assert "3 other versions" in _text(details)
    for name, outlet in (("a_short", "Wire One"), ("a_late", "Daily Three"), ("a_undated", "Post Four")):
        assert copies[name].get_absolute_url() in details and outlet in details
    assert '<time datetime="2023-01-09">9 January 2023</time>' in details
    assert "Date unknown" in _text(details)
    # and a link to every version
    assert 'href="?q=pipeline&amp;versions=all"' in html


def test_versions_all_lists_every_version(client, copies):
    html = client.get("/", {"q": "pipeline", "versions": "all"}).content.decode()
    assert "other-versions" not in html
    for article in copies.values():
        assert article.get_absolute_url() + "?" in html
    assert "Every version of each story is listed." in _text(html)
    # the search box keeps the choice; a bad value is a notice, not an error
    assert '<input type="hidden" name="versions" value="all">' in html
    odd = client.get("/", {"q": "pipeline", "versions": "some"})
    assert odd.status_code == 200 and "Ignored an unknown “versions” value" in odd.content.decode()


def test_the_api_gives_groups_and_other_versions(client, copies):
    body = client.get("/api/search/", {"q": "pipeline", "sort": "newest"}).json()
    assert (body["count"], body["groups"], len(body["results"])) == (9, 5, 5)
    story = next(hit for hit in body["results"] if hit["id"] == copies["a_long"].pk)
    assert story["copy_group"] == copies["a_long"].copy_group_id
    assert story["other_versions"]["count"] == 3
    assert [item["id"] for item in story["other_versions"]["items"]] == [
        copies[k].pk for k in ("a_short", "a_late", "a_undated")
    ]
    first = story["other_versions"]["items"][0]
    assert first["url"].endswith(copies["a_short"].get_absolute_url()) and first["source"] == "Wire One"
    assert first["published"] == "2023-01-02"
    lone = next(hit for hit in body["results"] if hit["id"] == copies["lone_mid"].pk)
    assert lone["copy_group"] is None and lone["other_versions"] == {"count": 0, "items": []}
    every = client.get("/api/search/", {"q": "pipeline", "versions": "all"}).json()
    assert (every["count"], every["groups"], len(every["results"])) == (9, 9, 9)


def test_the_openapi_document_describes_the_new_fields(client):
    document = client.get("/api/openapi.json").json()
    hit = document["components"]["schemas"]["SearchHit"]["properties"]
    assert {"copy_group", "other_versions"} <= set(hit)
    assert "groups" in document["components"]["schemas"]["SearchResponse"]["properties"]
    parameters = {p["name"] for p in document["paths"]["/api/search/"]["get"]["parameters"]}
    assert "versions" in parameters


def test_feeds_carry_one_item_per_story(client, copies):
    feed = feedparser.parse(client.get("/feeds/search/", {"q": "pipeline"}).content)
    assert feed.bozo == 0
    links = [entry.link for entry in feed.entries]
    assert len(links) == 5
    assert not any(copies["a_short"].get_absolute_url() in link for link in links)
    story = next(entry for entry in feed.entries if copies["a_long"].get_absolute_url() in entry.link)
    assert "3 other versions: Daily Three, Post Four, Wire One" in story.description


def test_exports_hold_every_article_with_its_copy_group(client, copies):
    response = client.get("/api/search/export", {"q": "pipeline", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 9
    groups = {int(row["id"]): row["copy_group"] for row in rows}
    assert groups[copies["a_short"].pk] == groups[copies["a_late"].pk] == str(copies["a_long"].copy_group_id)
    assert groups[copies["lone_mid"].pk] == ""


def test_the_export_says_its_order_is_every_versions(client, copies):
    # GIVEN a search whose stories have copies, shown once each WHEN its export panel is read
    grouped = client.get("/", {"q": "pipeline"}).content.decode()
    every = client.get("/", {"q": "pipeline", "versions": "all"}).content.decode()
    # THEN it says the export lists each version in its own place, as "Show every version" does (not the page's
    # order, which lists a story once); with every version shown, the order is the page's, said plainly
    assert "each version of a story in its own place (as “Show every version” lists them)" in grouped
    assert "Every article this search finds, in this order (up to" in every

"""What crawlers read (archive/crawler_views.py, archive/sitemaps.py): robots.txt, the sitemaps, canonical links."""

from __future__ import annotations

import re
import urllib.robotparser
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urlsplit

import pytest

from archive.exporters import published_text
from archive.models import Article, Organisation
from archive.search import IndexUnavailable, apply_pending
from archive.sitemaps import ArticleSitemap

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def robots(client) -> urllib.robotparser.RobotFileParser:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


def locations(client, url: str, tag: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return [element.findtext(f"{SITEMAP}loc") for element in ET.fromstring(response.content).iter(f"{SITEMAP}{tag}")]


def every_page_url(client) -> list[str]:
    """Every URL of every sitemap page the index lists."""
    return [
        url
        for section in locations(client, "/sitemap.xml", "sitemap")
        for url in locations(client, path_of(section), "url")
    ]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_robots_txt_keeps_crawlers_off_searches_and_programs_and_names_the_sitemap(client):
    # WHEN a crawler reads robots.txt (with Python's own robots.txt parser)
    parser = robots(client)
    # THEN the pages worth indexing are open to it
    for url in (
        "/",
        "/articles/1/a-title/",
        "/countries/",
        "/countries/PK/",
        "/organisations/imf/",
        "/sources/",
        "/writers/",
        "/writers/cal-mankowski/",
        "/help/",
    ):
        assert parser.can_fetch("AnyBot", url), url
    # AND every search, its timeline, feed, API call, export, batch search, alert form and the admin are not
    for url in (
        "/?q=oil",
        "/?country=PK&page=2",
        "/feeds/search/?q=oil",
        "/feeds/search/atom/",
        "/api/search/?q=oil",
        "/api/search/export?q=oil&format=csv",
        "/api/",
        "/batch/",
        "/timeline/?q=oil",
        "/timeline/export.csv?q=oil&compare=gas",
        "/alerts/new/?q=oil",
        "/admin/",
        "/countries/?sort=count",
        "/sources/?q=dawn",
        "/writers/?q=doe",
        "/writers/?sort=count",
    ):
        assert not parser.can_fetch("AnyBot", url), url
    # AND it points to the sitemap index at its full address
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]


def test_the_sitemaps_list_every_published_article_and_every_entity_page_with_articles(client, archive):
    # GIVEN the seeds, one article unpublished, and a proposed organisation; a byline on each of two articles
    hidden, signed = Article.objects.order_by("pk")[:2]
    hidden.is_published, hidden.author = False, "Hidden Writer"
    hidden.save()
    signed.author = "Jane Doe"
    signed.save()
    apply_pending()
    Organisation.objects.create(name="Proposed Body", slug="proposed-body", status="proposed")
    # WHEN a crawler reads the sitemap index and every sitemap it lists
    sections = [urlsplit(url).path for url in locations(client, "/sitemap.xml", "sitemap")]
    assert sections == [
        f"/sitemap-{name}.xml" for name in ("pages", "articles", "countries", "organisations", "sources", "writers")
    ]
    urls = {urlsplit(url).path for url in every_page_url(client)}
    # THEN it finds every published article at its permalink, and not the unpublished one
    published = Article.objects.published()
    assert {a.get_absolute_url() for a in published} <= urls and hidden.get_absolute_url() not in urls
    # AND the page of every country and approved organisation the articles are tagged with, and no other
    tagged = {f"/countries/{c}/" for a in published for c in a.countries.values_list("code", flat=True)}
    assert {u for u in urls if u.startswith("/countries/") and u != "/countries/"} == tagged
    assert "/organisations/proposed-body/" not in urls
    # AND the page of the writer of a published article, not of an unpublished one's
    assert {u for u in urls if u.startswith("/writers/") and u != "/writers/"} == {"/writers/jane-doe/"}
    # AND every URL listed answers 200 and is open to crawlers
    parser = robots(client)
    for url in urls:
        assert parser.can_fetch("AnyBot", url), url
        assert client.get(url).status_code == 200, url


def test_the_article_sitemap_gives_each_article_its_last_change_and_pages_a_large_archive(client, archive, monkeypatch):
    # GIVEN sitemap pages of two URLs
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    # WHEN a crawler reads the index THEN the article section is split into pages that hold every article once
    pages = [path_of(url) for url in locations(client, "/sitemap.xml", "sitemap") if "articles" in url]
    count = Article.objects.published().count()
    assert len(pages) == -(-count // 2) and pages[1] == "/sitemap-articles.xml?p=2"
    listed = [urlsplit(url).path for page in pages for url in locations(client, page, "url")]
    assert sorted(listed) == sorted(a.get_absolute_url() for a in Article.objects.published())
    # AND each article carries the day it last changed
    tree = ET.fromstring(client.get(pages[0]).content)
    article = Article.objects.published().order_by("pk").first()
    first = next(tree.iter(f"{SITEMAP}url"))
    assert first.findtext(f"{SITEMAP}lastmod") == article.updated_at.date().isoformat()
    # AND a page past the last is a 404
    assert client.get(f"/sitemap-articles.xml?p={len(pages) + 1}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_sitemap_is_not_fetched_again_while_the_archive_is_unchanged(client, archive):
    # GIVEN a crawler's copy of a sitemap
    first = client.get("/sitemap-articles.xml")
    # WHEN it asks again with the copy's validator THEN nothing is sent
    assert client.get("/sitemap-articles.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # AND once an article changes, the sitemap is sent again
    article = Article.objects.published().first()
    article.title = "A corrected headline"
    article.save()
    apply_pending()
    again = client.get("/sitemap-articles.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and b"a-corrected-headline" in again.content


def test_a_sitemap_that_needs_the_index_says_when_it_cannot_be_read(client, archive, monkeypatch):
    def unreadable(kind):
        raise IndexUnavailable("OSError: Input/output error")

    monkeypatch.setattr("archive.entity_pages.entity_counts", unreadable)
    response = client.get("/sitemap-countries.xml")
    assert response.status_code == 503 and response["Retry-After"]


@pytest.mark.parametrize("query", ["", "?back=q%3Dpakistan%26country%3DRU", "?highlight=off"])
def test_an_article_page_names_its_permalink_as_canonical(client, archive, query):
    article = Article.objects.published().first()
    page = client.get(article.get_absolute_url() + query).content.decode()
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', page)
    assert canonical == [f"http://testserver{article.get_absolute_url()}"]


def test_an_entity_page_names_its_own_url_as_canonical(client, archive):
    page = client.get("/countries/PK/?scale=log").content.decode()
    assert re.findall(r'<link rel="canonical" href="([^"]+)">', page) == ["http://testserver/countries/PK/"]


def test_downloads_and_the_raw_text_ask_not_to_be_indexed(client, archive):
    article = Article.objects.published().first()
    for url in (f"/articles/{article.pk}/raw/", f"/articles/{article.pk}/cite.ris", f"/articles/{article.pk}/cite.bib"):
        response = client.get(url)
        assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex", url


def test_an_article_page_describes_itself_to_search_engines_and_link_previews(client, archive):
    # GIVEN a dated article (one with a standfirst if any), opened from a search
    dated = list(Article.objects.published().filter(published__isnull=False).order_by("pk"))
    article = next((candidate for candidate in dated if candidate.standfirst), dated[0])
    page = client.get(article.get_absolute_url() + "?back=q%3Dpakistan").content.decode()
    meta = {
        unescape(key): unescape(value)
        for key, value in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', page)
    }
    # THEN its description is the start of its standfirst or text, on one line, at most 200 characters
    start = " ".join((article.standfirst[0] if article.standfirst else article.body).split())
    assert meta["description"] == meta["og:description"] and len(meta["description"]) <= 200
    assert start.startswith(meta["description"].rstrip("…")[:150])
    # AND a link preview gets its title, its permalink and its date to the precision known
    assert meta["og:type"] == "article" and meta["og:title"] == article.title
    assert meta["og:url"] == f"http://testserver{article.get_absolute_url()}"
    assert meta["article:published_time"] == published_text(article)
    # AND an undated article claims no date
    Article.objects.filter(pk=article.pk).update(published=None, precision="unknown")
    apply_pending()
    assert "article:published_time" not in client.get(article.get_absolute_url()).content.decode()

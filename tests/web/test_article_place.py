"""The article page keeps the reader's place: the back link returns to the search it came from, the search's
words are marked in the body (escaped, bleach-safe), and the date, source and dateline stand under the title."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Article, Source
from archive.search import apply_pending

pytestmark = pytest.mark.django_db

ISLAMABAD_REF = "003_5cf35de7a53bf458.txt#1"


def back_link(html: str) -> str:
    return unescape(re.search(r'<p class="back"><a href="([^"]*)"', html).group(1))


def result_links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<h2><a href="(/articles/[^"]*)"', html)]


def test_back_link_round_trips_the_search_filters_and_page(client, archive):
    # GIVEN a search with a query, a filter, a sort and a page
    search = {"q": "Russia", "country": ["PK"], "sort": ["newest"], "page": ["1"]}
    html = client.get("/", search).content.decode()
    links = result_links(html)
    assert len(links) == 2
    # WHEN the reader opens a result
    page = client.get(links[0])
    assert page.status_code == 200
    # THEN its back link is the same search, filters and page
    back = back_link(page.content.decode())
    assert urlsplit(back).path == "/"
    assert parse_qs(urlsplit(back).query) == {"q": ["Russia"], "country": ["PK"], "sort": ["newest"], "page": ["1"]}


def test_without_a_search_the_back_link_is_the_search_page(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    html = client.get(article.get_absolute_url()).content.decode()
    assert back_link(html) == "/"
    assert "<mark>" not in html


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/?q=x",
        "javascript:alert(1)",
        '"><script>alert(1)</script>',
        "next=//evil.example&redirect=https://evil.example",
        "q=" + "x" * 5000,
        "%00%0d%0aLocation:%20https://evil.example",
    ],
)
def test_hostile_back_values_cannot_leave_the_search_page(client, archive, hostile):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    response = client.get(article.get_absolute_url(), {"back": hostile})
    html = response.content.decode()
    back = back_link(html)
    # the link is our search page, with only its own parameters
    assert response.status_code == 200 and back.startswith("/") and not back.startswith("//")
    assert set(parse_qs(urlsplit(back).query)) <= {"q", "country", "org", "source", "date", "from", "to", "sort"}
    assert "evil.example" not in urlsplit(back).netloc and "<script>" not in html


def test_hostile_query_in_back_is_escaped_in_the_link_and_the_note(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    html = client.get(article.get_absolute_url(), {"back": 'q="><script>alert(1)</script> Russia'}).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html  # shown as text in the note, never run
    assert parse_qs(urlsplit(back_link(html)).query)["q"] == ['"><script>alert(1)</script> Russia']


def test_arriving_from_a_search_marks_its_words_in_the_body(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    html = client.get(article.get_absolute_url(), {"back": "q=Russia consultations&country=PK"}).content.decode()
    body = html[html.index('<div class="body">') :]
    body = body[: body.index("</div>")]
    marked = re.findall(r"<mark>([^<]*)</mark>", body)
    # stems match as in snippets ("Consultations", "consultations"), "Russia" in "Pakistan-Russia" and "Russia’s"
    assert {"Russia", "Consultations", "consultations"} <= set(marked)


def test_arriving_from_a_phrase_search_marks_the_phrase_not_its_words_alone(client, archive):
    """GIVEN the search for a phrase WHEN an article it found is opened THEN the phrase is marked where it stands,
    its words elsewhere are not, and the note quotes the search once (it said “"political consultations"”)."""
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    html = client.get(article.get_absolute_url(), {"back": 'q="political consultations"'}).content.decode()
    body = html[html.index('<div class="body">') :]
    body = body[: body.index("</div>")]
    assert set(re.findall(r"<mark>([^<]*)</mark>", body)) == {"Political Consultations"}
    assert "Words from your search “political consultations” are highlighted" in html


def test_highlighting_escapes_the_body(client, archive):
    # GIVEN a body holding markup-like text around a matching word
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    Article.objects.filter(pk=article.pk).update(body='<b onmouseover="x()">Zircon</b> & <script>alert(1)</script>')
    html = client.get(article.get_absolute_url(), {"back": "q=zircon"}).content.decode()
    body = html[html.index('<div class="body">') :]
    # THEN the word is marked and the markup is text
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;<mark>Zircon</mark>&lt;/b&gt; &amp; &lt;script&gt;" in body
    assert "<script>" not in html and "<b " not in html


@pytest.mark.parametrize("back", ["q=*stan", "q=country:PK", "q=", "country=PK"])
def test_queries_with_nothing_to_mark_show_the_plain_body(client, archive, back):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    response = client.get(article.get_absolute_url(), {"back": back})
    assert response.status_code == 200
    body = response.content.decode().split('<div class="body">')[1]
    assert "<mark>" not in body.split("</div>")[0]


def test_an_unreadable_index_still_shows_the_article(client, archive, monkeypatch):
    def broken():
        raise OSError("index gone")

    monkeypatch.setattr("archive.search.reader.schema", broken)
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    response = client.get(article.get_absolute_url(), {"back": "q=Russia"})
    assert response.status_code == 200 and "<mark>" not in response.content.decode()


def test_a_wrong_slug_redirects_keeping_the_search(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    response = client.get(f"/articles/{article.pk}/old-slug/", {"back": "q=Russia&country=PK&evil=1"})
    assert response.status_code == 301
    target = urlsplit(response["Location"])
    assert target.path == article.get_absolute_url()
    assert parse_qs(target.query) == {"back": ["q=Russia&country=PK"]}


def test_date_source_and_dateline_stand_under_the_headline(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    article.source = Source.objects.create(name="The Diplomatic Insight", slug="tdi")
    article.save()
    apply_pending()
    html = client.get(article.get_absolute_url()).content.decode()
    byline = re.search(r'<p class="byline">(.*?)</p>', html).group(1)
    assert html.index("<h1>") < html.index('<p class="byline">') < html.index('<div class="body">')
    assert '<time datetime="2023-06-20">20 June 2023</time>' in byline
    assert "The Diplomatic Insight" in byline and "Islamabad" in byline
    assert "About this article" in html  # the metadata table stays


def test_an_unknown_date_says_so_in_the_byline(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    Article.objects.filter(pk=article.pk).update(published=None, precision="unknown")
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<p class="byline">Date unknown', html)


def test_highlighting_can_be_turned_off_keeping_the_way_back(client, archive):
    article = Article.objects.get(import_ref__endswith=ISLAMABAD_REF)
    html = client.get(article.get_absolute_url(), {"back": "q=Russia&country=PK"}).content.decode()
    off = unescape(re.search(r'<a href="([^"]*)">Show without highlighting</a>', html).group(1))
    plain = client.get(off).content.decode()
    assert "<mark>" not in plain and "Show without highlighting" not in plain
    assert parse_qs(urlsplit(back_link(plain)).query) == {"q": ["Russia"], "country": ["PK"]}

"""Writers: a byline on an article's page and in the results, each name leading to every article by that writer
(`author:`), carried by the feeds and the API."""

from __future__ import annotations

import html
import re

import feedparser
import pytest
from django.utils.http import urlencode

from archive.citations import written_names
from archive.importers import import_paths
from archive.models import Article

pytestmark = pytest.mark.django_db

RECORD = """<REUTERS TOPICS="NO" NEWID="{newid}">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS><PLACES><D>usa</D></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT>&#2;
<TITLE>{title}</TITLE>
{author}<DATELINE>    NEW YORK, Feb 26 - </DATELINE><BODY>{body}
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


@pytest.fixture
def bylines(tmp_path, django_capture_on_commit_callbacks) -> dict[str, Article]:
    """Three Reuters stories: one by Cal Mankowski, one by two writers, one that only quotes Mankowski."""
    stories = [
        (1, "BALLY SEEN SELLING HEALTH UNIT", "By Cal Mankowski, Reuters", "Bally is seen selling its health unit."),
        (2, "BANKS WEIGH DEBT PLAN", "BY STEPHEN JUKES AND PHILIP SHEHADI, REUTERS", "Banks weigh a debt plan."),
        (3, "ANALYSTS DOUBT BALLY SALE", "", "Analysts doubt the sale, Cal Mankowski of a brokerage said."),
    ]
    text = "".join(
        RECORD.format(newid=newid, title=title, author=f"<AUTHOR>    {author}</AUTHOR>\n" if author else "", body=body)
        for newid, title, author, body in stories
    )
    (tmp_path / "bylines.sgm").write_text(text, encoding="latin-1")
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([tmp_path])
    return {article.import_ref: article for article in Article.objects.all()}


def _search_href(name: str) -> str:
    return "/?" + urlencode({"q": f'author:"{name}"', "sort": "newest"})


def test_the_article_page_names_its_writers_each_leading_to_their_articles(client, bylines):
    """GIVEN a story by two writers
    WHEN its page is read
    THEN its byline starts "By Stephen Jukes and Philip Shehadi", each name a link to the search of their bylines
    and followed by a link to their page."""
    page = client.get(bylines["reuters:2"].get_absolute_url()).content.decode()
    byline = re.search(r'<span class="byline-author">(.*?)</span>', page).group(1)
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', byline)
    assert [(html.unescape(href), name) for href, name in links] == [
        (_search_href("Stephen Jukes"), "Stephen Jukes"),
        ("/writers/stephen-jukes/", "i"),
        (_search_href("Philip Shehadi"), "Philip Shehadi"),
        ("/writers/philip-shehadi/", "i"),
    ]
    assert 'aria-label="Philip Shehadi: profile page"' in byline
    assert re.sub(r"<[^>]+>", "", byline).replace("i", "") == "By Stephen Jukes and Phlp Shehad"


def test_a_page_without_a_byline_names_no_one(client, bylines):
    page = client.get(bylines["reuters:3"].get_absolute_url()).content.decode()
    assert "byline-author" not in page


def test_a_writers_search_finds_their_bylines_not_their_mentions(client, bylines):
    """GIVEN a story by Cal Mankowski and another quoting a Cal Mankowski
    WHEN the writer's link is followed
    THEN only the story he wrote is found, its result naming him; a plain search for the name finds both."""
    page = client.get(_search_href("Cal Mankowski")).content.decode()
    assert bylines["reuters:1"].get_absolute_url() in page
    assert bylines["reuters:3"].get_absolute_url() not in page
    assert re.search(r"· by Cal Mankowski\s", page)
    plain = client.get("/", {"q": '"Cal Mankowski"'}).content.decode()
    assert bylines["reuters:1"].get_absolute_url() in plain and bylines["reuters:3"].get_absolute_url() in plain


def test_a_name_with_quotes_still_leads_to_a_search(client, bylines, django_capture_on_commit_callbacks):
    """GIVEN a byline an editor typed with quotes and markup in it
    WHEN its page is read
    THEN the name is shown escaped, and its link searches the words without the quotes (a search that runs)."""
    article = bylines["reuters:3"]
    article.author = 'Jane "JD" Doe <b>'
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Jane &quot;JD&quot; Doe &lt;b&gt;" in page and "<b>" not in page.split('class="byline-author"')[1][:300]
    href = html.unescape(re.search(r'<span class="byline-author">By <bdi><a href="([^"]+)"', page).group(1))
    assert href == "/?" + urlencode({"q": 'author:"Jane JD Doe <b>"', "sort": "newest"})
    answer = client.get(href)
    assert answer.status_code == 200 and article.get_absolute_url() in answer.content.decode()


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe, John Smith", ["Jane Doe", "John Smith"]),
        ("Doe, Jane", ["Doe, Jane"]),
        ("Jane Doe; John Smith & Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("Staff Reporter", ["Staff Reporter"]),
        ("", []),
    ],
)
def test_written_names_are_the_names_as_the_byline_writes_them(byline, names):
    assert written_names(byline) == names


def test_the_feeds_and_the_api_carry_the_byline(client, bylines):
    """GIVEN the stories WHEN the RSS and Atom feeds and the API's search are read
    THEN each item has its writers (RSS dc:creator, Atom author name, the API's `author`), none for the other."""
    expected = {article.get_absolute_url(): article.author for article in bylines.values()}
    assert expected[bylines["reuters:1"].get_absolute_url()] == "Cal Mankowski"
    for path in ("/feeds/search/", "/feeds/search/atom/"):
        feed = feedparser.parse(client.get(path).content)
        assert feed.bozo == 0
        found = {entry.link.removeprefix("http://testserver"): entry.get("author", "") for entry in feed.entries}
        assert found == expected, path
    results = client.get("/api/search/").json()["results"]
    assert {hit["url"].removeprefix("http://testserver"): hit["author"] for hit in results} == expected


def test_the_writers_list_names_every_writer_once_with_their_articles_and_outlets(client, bylines):
    """GIVEN the stories (one by Cal Mankowski, one by two writers) and two more bylines an editor typed: Cal
    Mankowski in capitals for another outlet, and one on an unpublished article
    WHEN /writers/ is read
    THEN each writer is one row, by family name, leading to their page, with their articles, the outlets most first,
    and their search."""
    from archive.models import Source

    other = Source.objects.create(name="Wire Two", slug="wire-two")
    extra = bylines["reuters:3"]
    extra.author, extra.source = "CAL MANKOWSKI", other
    extra.save()
    Article.objects.filter(pk=bylines["reuters:2"].pk).update(author="Stephen Jukes and Philip Shehadi")
    hidden = Article.objects.create(
        title="Draft", body="Draft text.", raw_text="Draft text.", checksum="x", author="Hidden Writer"
    )
    Article.objects.filter(pk=hidden.pk).update(is_published=False)
    page = client.get("/writers/").content.decode()
    rows = re.findall(
        r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>([^<]*)</td><td><a href="([^"]+)"[^>]*>(\d+)', page
    )
    assert [(href, name, wrote_for, html.unescape(search), int(n)) for href, name, wrote_for, search, n in rows] == [
        ("/writers/stephen-jukes/", "Stephen Jukes", "Reuters", _search_href("Stephen Jukes"), 1),
        ("/writers/cal-mankowski/", "Cal Mankowski", "Reuters, Wire Two", _search_href("Cal Mankowski"), 2),
        ("/writers/philip-shehadi/", "Philip Shehadi", "Reuters", _search_href("Philip Shehadi"), 1),
    ]
    # AND by count, most first; filtered by a name or an outlet
    by_count = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a>', client.get("/writers/?sort=count").content.decode())
    assert by_count[0] == "Cal Mankowski"
    assert re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a>', client.get("/writers/?q=shehadi").content.decode()) == [
        "Philip Shehadi"
    ]
    assert "Cal Mankowski" in client.get("/writers/?q=wire two").content.decode()
    # AND the API lists the same writers
    answer = client.get("/api/writers/").json()
    assert answer["kind"] == "writer" and [(w["name"], w["articles"]) for w in answer["results"]] == [
        ("Stephen Jukes", 1),
        ("Cal Mankowski", 2),
        ("Philip Shehadi", 1),
    ]
    # AND every page leads to the list
    assert '<a href="/writers/">Writers</a>' in page


def test_names_that_differ_in_punctuation_are_one_writer_as_they_are_one_search(
    client, bylines, django_capture_on_commit_callbacks
):
    """GIVEN two bylines of one writer, one with a hyphen and one in capitals without it
    WHEN /writers/ is read THEN the writer is one row counting both, written as a byline not in capitals has it
    AND that row's search finds both articles."""
    with django_capture_on_commit_callbacks(execute=True):
        for ref, byline in (("reuters:1", "Nailene Chou-Wiest"), ("reuters:3", "NAILENE CHOU WIEST")):
            bylines[ref].author = byline
            bylines[ref].save()
    answer = client.get("/api/writers/", {"q": "chou"}).json()
    assert [(w["name"], w["articles"]) for w in answer["results"]] == [("Nailene Chou-Wiest", 2)]
    found = client.get("/api/search/", {"q": 'author:"Nailene Chou-Wiest"'}).json()
    assert found["count"] == 2


def test_names_that_differ_in_accents_are_one_writer_found_without_them(
    client, bylines, django_capture_on_commit_callbacks
):
    """GIVEN two bylines of one writer, with and without the accents WHEN /writers/ is filtered without them
    THEN the writer is one row counting both, and its search finds both articles (the search folds accents)."""
    with django_capture_on_commit_callbacks(execute=True):
        for ref, byline in (("reuters:1", "Zoë Müller"), ("reuters:3", "Zoe Muller")):
            bylines[ref].author = byline
            bylines[ref].save()
    answer = client.get("/api/writers/", {"q": "muller"}).json()
    assert [w["articles"] for w in answer["results"]] == [2]
    assert client.get("/api/writers/", {"q": "Müller"}).json()["results"] == answer["results"]
    assert client.get("/api/search/", {"q": f'author:"{answer["results"][0]["name"]}"'}).json()["count"] == 2


def test_a_turkish_name_with_and_without_its_letters_is_one_writer():
    from archive.writers import writer_key, writer_slug

    assert writer_key("İlker Başbuğ") == writer_key("ILKER BASBUG") == "ilker basbug"
    assert writer_slug("İlker Başbuğ") == "ilker-basbug"


def test_writers_are_listed_by_family_name_whatever_its_accents():
    from archive.writers import _by_family_name

    names = ["Susan Zeidler", "Çağla Şahin", "Łukasz Żółkiewski", "Ana Silva"]
    assert sorted(names, key=_by_family_name) == ["Çağla Şahin", "Ana Silva", "Susan Zeidler", "Łukasz Żółkiewski"]

"""Feed titles carry the text of a title, not markup: readers render RSS titles as HTML, so a title is
escaped for HTML once (as the descriptions are) and the XML layer escapes it again."""

import html
from xml.etree import ElementTree

import pytest

from archive.models import Article
from archive.search import apply_pending

pytestmark = pytest.mark.django_db

TITLE = 'Tariffs <b>rise</b> & "<script>alert(1)</script>" zircon'


def test_item_and_channel_titles_are_text_a_reader_shows_as_typed(client, archive):
    # GIVEN an article whose title holds markup-like text (titles are text from outside)
    article = Article.objects.published().first()
    article.title = TITLE
    article.save()
    apply_pending()
    # WHEN the feed of a search that finds it, with markup in the query too, is read
    response = client.get("/feeds/search/", {"q": "zircon <script>"})
    root = ElementTree.fromstring(response.content)
    (item,) = root.iter("item")
    title = item.findtext("title")
    channel_title = root.find("channel").findtext("title")
    # THEN the title as a reader renders it (HTML) is the text as typed, with no markup of its own
    assert "<" not in title and "<" not in channel_title
    assert html.unescape(title) == TITLE
    assert html.unescape(channel_title) == "News archive: zircon <script>"


def test_a_feeds_title_names_its_filters_as_a_reader_does(client, archive):
    """GIVEN a feed of words under a country, an organisation and a period, and one of a country alone
    WHEN the feeds are read THEN each title names the words, then the filters by name and the period; a writer's
    search (their page's feed) names the writer, a search of two writers stays as written."""
    titles = {}
    for path in (
        "/feeds/search/?q=pakistan&country=PK&org=asean&date=2023",
        "/feeds/search/atom/?country=RU&from=2023-06-01",
        '/feeds/search/?q=author:"Amina Rashid"&country=PK',
        '/feeds/search/?q=author:"Amina Rashid" OR author:"Tom Hale"',
    ):
        titles[path] = ElementTree.fromstring(client.get(path).content).findtext(
            ".//{http://www.w3.org/2005/Atom}title" if "atom" in path else "channel/title"
        )
    assert [html.unescape(title) for title in titles.values()] == [  # (an RSS title is escaped for HTML: above)
        "News archive: pakistan · Pakistan · ASEAN — Association of Southeast Asian Nations · 2023",
        "News archive: Russia · from 1 June 2023",
        "News archive: by Amina Rashid · Pakistan",
        'News archive: author:"Amina Rashid" OR author:"Tom Hale"',
    ]

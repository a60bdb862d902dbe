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
    response = client.get("/feeds/search/", {"q": "zircon <i>"})
    root = ElementTree.fromstring(response.content)
    (item,) = root.iter("item")
    title = item.findtext("title")
    channel_title = root.find("channel").findtext("title")
    # THEN the title as a reader renders it (HTML) is the text as typed, with no markup of its own
    assert "<" not in title and "<" not in channel_title
    assert html.unescape(title) == TITLE
    assert html.unescape(channel_title) == "News archive: zircon <i>"

"""RSS and Atom feeds of a search, read by a real feed parser: well-formed, slug-less permalinks as ids, dates kept."""

import datetime as dt

import feedparser
import pytest

from archive.models import Article
from archive.search import apply_pending

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def parse(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize(
    ("path", "content_type", "version"),
    [("/feeds/search/", "application/rss+xml", "rss20"), ("/feeds/search/atom/", "application/atom+xml", "atom10")],
)
def test_both_feeds_parse_cleanly_with_permalinks_and_dates(client, archive, path, content_type, version):
    # GIVEN the seeds WHEN the feed of the PK search is read by feedparser
    response, feed = parse(client, path, country="PK")
    # THEN it is well-formed (bozo 0), of its format, and lists every match newest first
    assert response["Content-Type"].startswith(content_type)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    expected = list(Article.objects.published().filter(countries__code="PK").order_by("-published"))
    assert len(feed.entries) == len(expected) == 6
    by_id = {article.pk: article for article in expected}
    dates = []
    for entry in feed.entries:
        article = by_id[int(entry.link.split("/")[4])]
        # each entry's link is the article's permalink, its id the slug-less one (a title's fix keeps it)
        assert entry.link == BASE + article.get_absolute_url()
        assert entry.id == f"{BASE}/articles/{article.pk}/"
        assert entry.title == article.title
        if article.published and article.precision == "day":
            published = dt.date(*entry.published_parsed[:3])
            assert published == article.published
            dates.append(published)
    assert dates == sorted(dates, reverse=True)
    if version == "rss20":  # the guid leads to the article (a redirect): a permalink
        assert response.content.count(b'<guid isPermaLink="true">') == len(expected)
    assert feed.feed.link == BASE + "/?country=PK"
    # AND its self link, the address a reader subscribes to, is this feed of this search (not of every article)
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == BASE + path + "?country=PK"


@pytest.mark.parametrize("path", ["/feeds/search/", "/feeds/search/atom/"])
def test_an_entrys_id_stays_when_an_editor_fixes_its_title(client, archive, path, django_capture_on_commit_callbacks):
    # GIVEN an article in a feed
    _, feed = parse(client, path, country="PK")
    entry = feed.entries[0]
    article = Article.objects.get(pk=int(entry.link.split("/")[4]))
    # WHEN an editor corrects its title
    article.title = f"Corrected: {article.title}"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    apply_pending()
    # THEN the feed links its new permalink under the same id, so a reader does not take it for a new entry
    _, feed = parse(client, path, country="PK")
    (again,) = [other for other in feed.entries if other.id == entry.id]
    assert again.link != entry.link and again.link == BASE + article.get_absolute_url()
    # AND the id leads to the article
    response = client.get(entry.id.removeprefix(BASE))
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    ("path", "date_element"), [("/feeds/search/", b"<pubDate>"), ("/feeds/search/atom/", b"<published>")]
)
def test_a_date_known_to_its_month_or_year_is_not_given_a_day(client, archive, path, date_element):
    # GIVEN two articles of a search, one dated to its year only and one to its month
    year, month = Article.objects.published().filter(countries__code="PK").order_by("pk")[:2]
    for article, published, precision in ((year, dt.date(2026, 1, 1), "year"), (month, dt.date(2025, 11, 1), "month")):
        article.published, article.precision = published, precision
        article.save()
    apply_pending()
    # WHEN the feed is read
    response, feed = parse(client, path, country="PK")
    assert feed.bozo == 0
    entries = {int(entry.link.split("/")[4]): entry for entry in feed.entries}
    # THEN neither claims a day and a time (no 1 January, no 1 November), but says its date as known: dc:date
    # (W3C-DTF allows a year or a month) and, as the page says it, at the start of its text
    for article, known, said in ((year, "2026", "2026 · "), (month, "2025-11", "November 2025 · ")):
        entry = entries[article.pk]
        assert "published_parsed" not in entry
        assert f'<dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">{known}</dc:date>' in response.content.decode()
        assert (entry.get("summary") or entry.description).startswith(said)
    # AND each article known to the day keeps its element
    to_the_day = Article.objects.filter(pk__in=entries, published__isnull=False, precision="day").count()
    assert response.content.count(date_element) == to_the_day


@pytest.mark.parametrize("path", ["/feeds/search/", "/feeds/search/atom/"])
def test_both_feeds_answer_as_opensearch_promises(client, archive, path):
    # GIVEN a search, as /opensearch.xml names its feeds WHEN its feed is read by feedparser
    _, feed = parse(client, path, q="pakistan <&>")
    # THEN the head says how many stories match, that the items are the first of them, and what was asked
    stories = len(feed.entries)
    assert feed.bozo == 0 and stories > 0
    assert feed.feed.opensearch_totalresults == str(stories)  # fewer than 50: every match is an item
    assert feed.feed.opensearch_startindex == "1" and feed.feed.opensearch_itemsperpage == "50"
    assert feed.feed.opensearch_query == {"role": "request", "searchterms": "pakistan <&>"}
    # AND a search that finds nothing says 0
    _, empty = parse(client, path, q="zzzzqqq")
    assert empty.feed.opensearch_totalresults == "0" and not empty.entries


def test_atom_has_what_the_format_requires(client, archive):
    _, feed = parse(client, "/feeds/search/atom/", q="Russia")
    assert feed.feed.title == "News archive: Russia" and feed.feed.id
    assert feed.feed.updated_parsed and feed.feed.author == "News archive"
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == BASE + "/feeds/search/atom/?q=Russia"
    for entry in feed.entries:
        assert entry.updated_parsed and entry.summary


def test_atom_titles_are_text_and_summaries_safe(client, archive):
    # GIVEN a title with markup-like text
    article = Article.objects.published().first()
    article.title = 'Tariffs <b>rise</b> & "<script>" zircon'
    article.save()
    apply_pending()
    # WHEN the Atom feed of a search finding it is read
    response, feed = parse(client, "/feeds/search/atom/", q="zircon")
    # THEN the reader shows the title as typed (an Atom text construct, not markup), and nothing runs
    (entry,) = feed.entries
    assert entry.title == 'Tariffs <b>rise</b> & "<script>" zircon'
    assert entry.title_detail.type == "text/plain"
    assert b"<script>" not in response.content


def test_bad_dates_and_pages_still_give_a_feed(client, archive):
    _, feed = parse(client, "/feeds/search/atom/", date="2023-13", page="x")
    assert feed.bozo == 0 and len(feed.entries) == 6


@pytest.mark.parametrize("path", ["/feeds/search/", "/feeds/search/atom/"])
def test_the_feed_of_a_filter_naming_nothing_stays_empty(client, archive, path, django_capture_on_commit_callbacks):
    """GIVEN a feed a reader subscribed to for one organisation, since deleted (or a country no one knows)
    WHEN the reader polls it THEN it lists nothing: it never turns into every new article, as dropping the
    filter would (the search page drops it with a notice; a feed reader shows none)."""
    from archive.models import ArticleOrganisation

    organisation = ArticleOrganisation.objects.select_related("organisation").first().organisation
    _, feed = parse(client, path, org=organisation.slug)
    assert feed.entries
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()
    for params in ({"org": organisation.slug}, {"country": "ZZ"}, {"org": organisation.slug, "country": "PK"}):
        _, feed = parse(client, path, **params)
        assert feed.bozo == 0 and feed.entries == []


def test_search_page_links_both_feeds_for_the_same_search(client, archive):
    html = client.get("/", {"q": "Russia", "country": "PK"}).content.decode()
    for kind, path in (("rss", "/feeds/search/"), ("atom", "/feeds/search/atom/")):
        assert f'<link rel="alternate" type="application/{kind}+xml"' in html
        assert f'href="{path}?q=Russia&amp;country=PK"' in html


@pytest.mark.parametrize("path", ["/feeds/search/", "/feeds/search/atom/"])
def test_a_wsgi_server_gets_the_feed_in_one_piece(client, archive, path):
    # GIVEN a feed of several items WHEN a WSGI server iterates over the answer to send it
    response = client.get(path, {"q": "Pakistan"})
    pieces = list(response)
    # THEN it is one piece, one system call: the generator's thousands of small writes would each be one
    assert len(pieces) == 1 and pieces[0] == response.content
    assert pieces[0].count(b"<item>") + pieces[0].count(b"<entry>") > 1


def test_feed_attributes_are_read_as_django_reads_them():
    import functools

    from django.contrib.syndication.views import Feed
    from django.core.exceptions import ImproperlyConfigured

    from archive.feeds import AtomSearchFeed, SearchFeed

    def unwrapped(method):
        def wrapper(*args):
            return method(*args)

        return wrapper

    class Probe(SearchFeed):
        ttl = 60
        author_name = "Desk"

        def item_author_name(self, item):
            return f"by {item}"

        def item_copyright(self):
            return "(c)"

        @functools.wraps(SearchFeed.item_link)
        def item_link(self, item):
            return f"/{item}/"

        @staticmethod
        def item_comments():
            return "none"

        @property
        def item_guid(self):  # a property Django calls what it returns
            return lambda item: f"guid-{item}-{self.ttl}"

        @unwrapped
        def item_categories(self, item):
            return [item]

    def answer(read, name):
        try:
            return read(name, "item", default="-")
        except Exception as error:  # compared, not hidden
            return type(error)

    # GIVEN our feeds and a feed with every kind of attribute Django reads: values, methods with and without the
    # object, a decorated one, a static method, a property, a missing one and one Django refuses
    names = ["ttl", "author_name", "item_author_name", "item_copyright", "item_link", "item_comments", "item_guid"]
    names += ["item_author_email", "title", "description", "item_title", "item_description", "item_pubdate"]
    for feed in (Probe(), SearchFeed(), AtomSearchFeed()):
        for _ in range(2):  # the second time from what the first worked out
            for name in names:
                # WHEN read through our feeds' reader THEN the answer is Django's (or the same error: our feeds'
                # methods read a search result, not a string)
                django_s = functools.partial(Feed._get_dynamic_attr, feed)
                assert answer(feed._get_dynamic_attr, name) == answer(django_s, name)
    for _ in range(2):
        with pytest.raises(ImproperlyConfigured, match=r"functools\.wraps"):
            Probe()._get_dynamic_attr("item_categories", "item")

"""RSS and Atom feeds of any search: the newest matching articles, for the same URL parameters as the page."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import io
from dataclasses import replace

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.http import HttpResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from archive import conditional
from archive.dates import Precision
from archive.errors import search_unavailable
from archive.forms import search_in_words, standing_params
from archive.search import RESOLVERS, IndexUnavailable, search

FEED_ITEMS = 50


class _WrittenOnce:
    """A feed generator that writes its XML into a string and the string into the response once. Writing into the
    response itself goes through a text wrapper and the response's `write` a thousand times a feed (fifty items,
    each element and its text a write: a tenth of a feed's time), and leaves the response in as many pieces, which
    a WSGI server sends with a system call each (half the worker's CPU for a feed over HTTP)."""

    def write(self, outfile, encoding):
        text = io.StringIO()  # a text stream: the XML writer writes into it as it is, without a wrapper
        super().write(text, encoding)
        if isinstance(outfile, HttpResponse):
            outfile.content = text.getvalue()  # its one piece (written to, it would keep its empty first one)
        else:
            outfile.write(text.getvalue())


OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class _DateAsKnown:
    """A date known only to its month or year as Dublin Core's `dc:date` ("1987-03", "1987": W3C-DTF allows them),
    where RSS's pubDate and Atom's published would claim a day and a time (see SearchFeed.item_pubdate)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("date_as_known"):
            handler.addQuickElement("dc:date", item["date_as_known"], {"xmlns:dc": DUBLIN_CORE})


class _OpenSearchResponse:
    """OpenSearch 1.1's response elements in the feed's head, as /opensearch.xml promises its RSS and Atom searches:
    how many stories match (`totalResults`: one item a story, as the page lists them), that the items are the first
    of them, and the query asked."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("opensearch:totalResults", str(self.feed["total_results"]))
        handler.addQuickElement("opensearch:startIndex", "1")
        handler.addQuickElement("opensearch:itemsPerPage", str(FEED_ITEMS))
        handler.addQuickElement("opensearch:Query", None, {"role": "request", "searchTerms": self.feed["terms"]})


class _Rss(_WrittenOnce, _OpenSearchResponse, _DateAsKnown, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:opensearch": OPENSEARCH}


class _Atom(_WrittenOnce, _OpenSearchResponse, _DateAsKnown, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:opensearch": OPENSEARCH}


# How the syndication framework reads a feed attribute, per (feed class, attribute name): not there, a value, a
# method called without the item (or object), or with it.
_MISSING, _VALUE, _CALL, _CALL_WITH = range(4)
_READ: dict[tuple[type, str], int] = {}


def _how_to_read(feed: Feed, attname: str) -> int | None:
    """`Feed._get_dynamic_attr`'s reading of `attname` on `feed`'s class; None when Django must judge (a method
    decorated without functools.wraps, which it refuses with its own message)."""
    if isinstance(inspect.getattr_static(feed, attname, None), property):
        return None  # may differ from object to object: read as Django reads it, every time
    try:
        attr = getattr(feed, attname)
    except AttributeError:
        return _MISSING
    if not callable(attr):
        return _VALUE
    func = inspect.unwrap(attr)
    code = getattr(func, "__code__", None) or inspect.unwrap(attr.__call__).__code__
    if not code.co_argcount and not isinstance(inspect.getattr_static(feed, func.__name__, None), staticmethod):
        return None
    return _CALL_WITH if code.co_argcount == 2 else _CALL


def _other_versions(hit) -> str:
    if not hit.other_versions:
        return ""
    outlets = sorted({other.source.name for other in hit.other_versions if other.source_id})
    count = len(hit.other_versions)
    named = f": {', '.join(outlets)}" if outlets else ""
    return f" (also in {count} other version{'s' if count != 1 else ''}{named})"


_PK_MARK = 987654321


@functools.lru_cache(maxsize=16)
def _short_url_parts(_prefix: str, _urlconf) -> tuple[str, str]:
    """The slug-less permalink (`/articles/<id>/`, which redirects to the article) around its id: reversed once
    per URL prefix, as Article.get_absolute_url is."""
    head, tail = reverse("archive:article-short", kwargs={"pk": _PK_MARK}).split(str(_PK_MARK))
    return head, tail


def _date_said(article) -> str:
    """A date known only to its month or year, as the page says it ("March 1987 · "), to begin the item's text:
    the feed's date elements cannot say it."""
    if article.published is None or article.precision not in (Precision.MONTH, Precision.YEAR):
        return ""
    return f"{article.published_display} · "


def _title(obj) -> str:
    """The feed's name in a reader's list: the search's words and its filters by name ("News archive: oil · Japan")."""
    result, _ = obj
    named = search_in_words(result.params)
    return f"News archive: {' · '.join(named)}" if named else "News archive: newest articles"


class SearchFeed(Feed):
    feed_type = _Rss
    description = "The newest articles matching a search in the news archive."

    def __init__(self) -> None:
        # One feed instance serves every request (the URLconf makes it): its view, with conditional GET and kept
        # answers, is made once too.
        self._kept_feed = conditional.kept_until_change(self._feed)

    def __call__(self, request, *args, **kwargs):
        """The feed; or 304 Not Modified for a reader whose copy is current, or the feed kept for the same URL
        (archive/conditional.py)."""
        return self._kept_feed(request, *args, **kwargs)

    def _feed(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except IndexUnavailable:  # a damaged index: a 503 a feed reader retries later, not a 500
            return search_unavailable(request)
        if getattr(request, "feed_partial", False):  # cut short by the time limit: not to keep until the next change
            conditional.not_to_keep(response)
        return response

    def _get_dynamic_attr(self, attname, obj, default=None):
        """As Django's, with how to read each attribute worked out once per class: Django looks it up and inspects
        its signature on every read, some fifteen reads an item (a fifth of a feed's time)."""
        key = (type(self), attname)
        how = _READ.get(key)
        if how is None:
            how = _how_to_read(self, attname)
            if how is None:
                return super()._get_dynamic_attr(attname, obj, default)
            _READ[key] = how
        if how == _MISSING:
            return default
        attr = getattr(self, attname)
        if how == _VALUE:
            return attr
        return attr(obj) if how == _CALL_WITH else attr()

    def get_object(self, request):
        # A filter that names nothing (an organisation since deleted) finds nothing: a reader sees no notice.
        params = standing_params(request.GET)
        # A feed is always newest first, one page.
        params = replace(params, sort="newest", page=1, per_page=FEED_ITEMS)
        # The feed instance serves every request: per-request state travels in the object.
        # A feed lists neither facets nor tags: they are neither counted nor loaded.
        result = search(params, resolvers=RESOLVERS, with_facets=False, with_tags=False)
        request.feed_partial = result.partial
        return result, request.GET.urlencode()

    def feed_extra_kwargs(self, obj) -> dict:
        result, _ = obj
        return {"total_results": result.groups, "terms": result.params.q}

    def title(self, obj) -> str:
        # Readers render RSS titles as HTML, as they do descriptions: the query is text, escaped once for HTML.
        return escape(_title(obj))

    route = "archive:feed"  # this feed's own address, its search kept (a reader subscribes to the self link)

    def link(self, obj) -> str:
        _, query_string = obj
        return reverse("archive:search") + (f"?{query_string}" if query_string else "")

    def feed_url(self, obj) -> str:
        _, query_string = obj
        return reverse(self.route) + (f"?{query_string}" if query_string else "")

    def items(self, obj):
        result, _ = obj
        return [hit for hit in result.hits if hit.article is not None]

    def item_title(self, hit) -> str:
        # A title is text from outside; unescaped, a reader would render "<b>" as markup (or drop it).
        return escape(hit.article.title)

    def item_description(self, hit) -> str:
        # Feed readers render descriptions as HTML: escape the text for HTML (the generator then escapes for XML).
        # One item per story (copy group): its other versions are named, not repeated as items.
        return escape(_date_said(hit.article) + hit.snippet_text + _other_versions(hit))

    def item_link(self, hit) -> str:
        return hit.article.get_absolute_url()

    def item_guid(self, hit) -> str:
        # The entry's id for good: the slug-less permalink, which a corrected title does not change (the link's
        # slug does, and a reader took each correction for a new entry). Made absolute in get_feed.
        head, tail = _short_url_parts(get_script_prefix(), get_urlconf())
        return f"{head}{hit.article.pk}{tail}"

    item_guid_is_permalink = True  # it redirects to the article's page

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django makes the item link absolute, not the guid: the same domain, as it would.
        domain, secure = get_current_site(request).domain, request.is_secure()
        for item in feed.items:
            item["unique_id"] = add_domain(domain, item["unique_id"], secure)
        return feed

    def item_author_name(self, hit) -> str | None:
        # The byline as text: RSS writes it as <dc:creator> (its <author> needs an e-mail address), Atom as <name>.
        return hit.article.author or None

    def item_pubdate(self, hit):
        # RSS's pubDate and Atom's published are a day and a time, and optional: a date known only to its month
        # or year has neither (a reader would show 1 January), but `dc:date` as known and the date in its text.
        article = hit.article
        if article.published is None or article.precision != Precision.DAY:
            return None
        return dt.datetime.combine(article.published, dt.time(), tzinfo=dt.UTC)

    def item_extra_kwargs(self, hit) -> dict:
        article = hit.article
        partial = article.published is not None and article.precision in (Precision.MONTH, Precision.YEAR)
        return {"date_as_known": article.published_iso} if partial else {}


class AtomSearchFeed(SearchFeed):
    """The same search as Atom 1.0: each entry's id is the article's slug-less permalink (as the RSS guid: it
    never changes with the title), `published` its date if known to the day (else `dc:date`, as RSS), `updated`
    when its record last changed (Atom requires one)."""

    feed_type = _Atom
    author_name = "News archive"

    route = "archive:feed-atom"

    def subtitle(self, obj) -> str:
        return self.description

    # Atom titles are text constructs (no type="html"): the reader shows them as typed, so no HTML escaping.
    def title(self, obj) -> str:
        return _title(obj)

    def item_title(self, hit) -> str:
        return hit.article.title

    def item_updateddate(self, hit):
        return hit.article.updated_at

"""Saved web pages: one news page in, one ParsedArticle out.

trafilatura finds the main text (comments off, precision favoured: navigation, share bars,
"related" lists and comment threads stay out) and the page's metadata; the page's own date
metadata, a "Published ..." under the headline, or htmldate (its extensive mode last) on the
page without its asides, the publication date. Our own rules go on top: the headline the page
marks up itself (og:title, JSON-LD ``headline``, the article's ``h1``) before a ``<title>`` that
carries the site's name, the wire dateline (archive.dates.split_dateline), and lines that are
boilerplate in any layout ("Share on Facebook", "Advertisement", a leading "By ..." byline).

Pure Python: no Django. ``raw_text`` is the HTML exactly as given.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import trafilatura
from htmldate import find_date as htmldate_find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from archive.dates import PartialDate, Precision, find_date, parse_date
from archive.ingest.charsets import CHARSET_SCAN, decode_html
from archive.ingest.common import (
    clean_inline,
    generate_title,
    join_paragraphs,
    oversize,
    take_dateline,
    without_byline_word,
)
from archive.ingest.html_paragraphs import clean_paragraphs, is_paywall_prompt
from archive.ingest.language import language_of
from archive.ingest.types import Dateline, IngestError, ParsedArticle, ParsedFile

__all__ = ["HTML_SUFFIXES", "decode_html", "looks_like_html", "parse_html", "parse_html_file"]

HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")

# A page must open with markup within its first characters to be read as HTML at all.
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S
)
_WHOLE_PAGE = re.compile(r"<(?:html|body)\b", re.I)
_ANY_TAG = re.compile(r"<(?:html|body|p|div|article|h1)\b", re.I)
# Earliest publication date htmldate may return (its default, 1995, would drop older archives).
_MIN_DATE = "1900-01-01"
# Fewer words than this in the main text: a menu, a login wall or an empty template, not a story.
_MIN_WORDS = 8


# Scripts written without spaces between words (Chinese, Japanese kana and kanji): two characters count as a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) + len(_UNSPACED.findall(p)) // 2 for p in paragraphs)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is markup at all (not a text file that was named .html)."""
    head = text.lstrip("\ufeff")[:4096]
    return bool(_HTML_START.match(head)) or bool(_ANY_TAG.search(head))


def parse_html(html: str, *, ref: str, url: str = "") -> ParsedArticle:
    """The article in one saved page; IngestError when it is not HTML or holds no article text."""
    if not looks_like_html(html):
        raise IngestError("not an HTML page: no markup at its start")
    # A fragment (an e-mail's HTML part, a copied <div>) is read as the body of a page.
    tree = load_html(html if _WHOLE_PAGE.search(html[:CHARSET_SCAN]) else f"<html><body>{html}</body></html>")
    if tree is None:
        raise IngestError("not an HTML page: the markup cannot be read")
    meta = _page_meta(tree)
    _unwrap_layout_tables(tree)
    paywalled = _drop_comment_threads(tree)
    dating_tree = copy.deepcopy(tree)  # trafilatura prunes the tree it reads
    doc = trafilatura.bare_extraction(
        tree,
        url=url or None,
        include_comments=False,
        favor_precision=True,
        with_metadata=True,
        # Its date is not used (see _published): the cheap search, so the work is not done twice.
        date_extraction_params={"extensive_search": False, "original_date": True, "min_date": _MIN_DATE},
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not meta["h1"]:
        meta["h1"] = _headline_in_title(text, meta["html_title"])
    site = meta["site_name"] or _site_from_title(meta) or clean_inline(getattr(doc, "sitename", None) or "")
    title = _title(meta, doc, site)
    # trafilatura takes off "By" and "Von" only: "Par Claire Martin" kept its "Par"
    author = without_byline_word(clean_inline(getattr(doc, "author", None) or meta.get("author", "")))
    paragraphs, bio, author = clean_paragraphs(text.split("\n"), title, author, site)
    author = _without_outlets(author, site)
    if _words(paragraphs) < _MIN_WORDS:  # "Home News" from a page of links is no article
        raise IngestError("no article text found in the page")
    dateline = take_dateline(paragraphs)
    body = join_paragraphs(paragraphs)
    warnings = []
    if paywalled or any(is_paywall_prompt(line) for line in text.split("\n")):
        warnings.append(
            f"a paywall's prompt was in the page: the text may be its free part only ({_words(paragraphs)} words)"
        )
    return ParsedArticle(
        ref=ref,
        title=title or generate_title(paragraphs[0]),
        title_generated=not title,
        body=body,
        raw_text=html,
        dateline=dateline,
        published=_published(dating_tree, meta, dateline),
        author=author,
        author_bio=bio,
        captions=meta["captions"],
        source=site,
        url=meta.get("canonical") or getattr(doc, "url", None) or url,
        language=language_of(f"{title}\n\n{body}", declared=meta["language"]),
        warnings=warnings,
    )


# A news agency named beside the writers in a page's author metadata ("Egill Bjarnason, Associated Press"): the
# story's provider, not one of its writers (as ", Reuters" leaves a Reuters byline).
_AGENCY = re.compile(
    r"^(?:the\s+)?(?:associated\s+press|ap|reuters|afp|agence\s+france[-\s]presse|dpa|deutsche\s+presse-agentur|efe"
    r"|ansa|pa(?:\s+media)?|press\s+association|bloomberg(?:\s+news)?|upi|united\s+press\s+international|xinhua"
    r"|kyodo(?:\s+news)?|anadolu(?:\s+agency)?|tass|aap|australian\s+associated\s+press|canadian\s+press|cp|apa|sda)$",
    re.IGNORECASE,
)


def _without_outlets(author: str, site: str) -> str:
    """The page's authors without a news agency or the site itself named among them, when a writer remains
    ("Egill Bjarnason; Associated Press" is Egill Bjarnason; "Associated Press" alone stays)."""
    names = [name.strip() for name in author.split(";")]
    writers = [n for n in names if n and not _AGENCY.match(n) and n.casefold() != site.casefold()]
    return "; ".join(writers) if writers and len(writers) < len(names) else author


def _page_meta(tree: HtmlElement) -> dict[str, Any]:
    """What the page says about itself in its markup: og:, JSON-LD, canonical link, lang, h1, captions."""
    meta: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (
            (node.get("property") or node.get("name") or node.get("itemprop") or node.get("http-equiv") or "")
            .strip()
            .lower()
        )
        value = clean_inline(node.get("content") or "")
        if key and value and key not in meta:
            meta[key] = value
    json_ld = list(_json_ld(tree))
    out: dict[str, Any] = {
        "og_title": meta.get("og:title", ""),
        "html_title": clean_inline(tree.findtext(".//title") or ""),
        "site_name": meta.get("og:site_name", "") or _ld_name(json_ld, "publisher"),
        "author": meta.get("author", "") or _ld_name(json_ld, "author"),
        "headline": next((clean_inline(i["headline"]) for i in json_ld if isinstance(i.get("headline"), str)), ""),
        "published": [
            *(meta[k] for k in _PUBLISHED_META if k in meta),
            *(i["datePublished"] for i in json_ld if isinstance(i.get("datePublished"), str)),
        ],
        "h1": _headlines(tree),
        "captions": [
            c for c in (clean_inline(f.text_content()) for f in tree.iter("figcaption") if not _in_chrome(f)) if c
        ],
    }
    for node in tree.iter("link"):
        if (node.get("rel") or "").strip().lower() == "canonical" and node.get("href"):
            out["canonical"] = node.get("href").strip()
            break
    out["language"] = tree.get("lang") or meta.get("og:locale") or meta.get("content-language") or ""
    return out


_PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
)


# An <h1> that holds the site's name, not the story's (a blog theme's header: <h1 id="site-title">), and the
# markup themes give the story's title when it is not an <h1> (<h2 class="entry-title">, itemprop="headline").
_SITE_HEADING = re.compile(r"site|logo|brand|masthead", re.I)
_ENTRY_HEADING = re.compile(r"\b(?:entry|post|article|story)[-_]?(?:title|headline)\b|\bheadline\b", re.I)


def _marks(node: HtmlElement) -> str:
    return f"{node.get('class', '')} {node.get('id', '')}"


def _headlines(tree: HtmlElement) -> list[str]:
    """The page's headings that may be the story's title: its <h1>s but one that names the site (marked so,
    or a lone link home), else a heading marked as the entry's title."""
    found = [
        h1
        for h1 in tree.iter("h1")
        if not _SITE_HEADING.search(_marks(h1)) and not (h1.find(".//a[@href='/']") is not None and len(h1) == 1)
    ]
    if not found:
        found = [
            node
            for node in tree.iter("h1", "h2", "h3")
            if _ENTRY_HEADING.search(_marks(node)) or node.get("itemprop") == "headline"
        ][:1]
    return [text for text in (clean_inline(node.text_content()) for node in found) if text]


def _in_chrome(node: HtmlElement) -> bool:
    """Whether ``node`` sits in an aside, navigation or footer (a related story's photo, a logo)."""
    return any(parent.tag in ("aside", "nav", "footer") for parent in node.iterancestors())


def _ld_name(items: list[dict[str, Any]], key: str) -> str:
    for item in items:
        value = item.get(key)
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            return clean_inline(value["name"])
        if isinstance(value, str):
            return clean_inline(value)
    return ""


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Article-like objects of the page's JSON-LD blocks (@graph flattened)."""
    for node in tree.iter("script"):
        if (node.get("type") or "").strip().lower() != "application/ld+json" or not node.text:
            continue
        try:
            data = json.loads(node.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and ("Article" in k or k in ("WebPage", "Report")) for k in kinds):
                yield item


# A comment thread's class or id in the languages trafilatura's own (English) rules do not read.
_COMMENTS = re.compile(r"\b(?:comentarios?|commentaires?|kommentare?|commenti|reacties|coment[aá]rios?)\b", re.I)


# A paywall's or registration wall's box ("Subscribe to continue reading", its offer and sign-in link), by the
# names publishers and their paywall services (Piano's tp-) give it: the page's offer, not the story's text.
_PAYWALL = re.compile(
    r"\b(?:pay-?wall|reg(?:istration)?-?wall|subscri(?:be|ption)-?(?:wall|prompt|offer|cta)|meter-?wall"
    r"|tp-(?:container|modal)|piano-(?:paywall|offer|inline)|premium-?(?:wall|prompt)|article-?locked)\w*\b",
    re.I,
)
# More words than a paywall's prompt has: the box is the story a subscriber saved, which some sites mark the same
# way (<div class="paywall"> around the paid-for paragraphs), and it stays.
_PAYWALL_PROMPT_WORDS = 80


def _drop_comment_threads(tree: HtmlElement) -> bool:
    """Readers' comments marked in another language ("comentarios") and a paywall's prompt leave the page before its
    text is read; whether a paywall's prompt did."""
    paywalled = False
    for node in list(tree.iter("div", "section", "aside", "ol", "ul")):
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if node.getparent() is None:
            continue
        prompt = _PAYWALL.search(marks) is not None and len(node.text_content().split()) <= _PAYWALL_PROMPT_WORDS
        if prompt or _COMMENTS.search(marks):
            paywalled = paywalled or prompt
            node.drop_tree()
    return paywalled


def _unwrap_layout_tables(tree: HtmlElement) -> None:
    """Tables that lay out a page (cells holding paragraphs or headings) become plain blocks,
    so the story in one of their cells reads as text, not as one flattened table row."""
    for table in list(tree.iter("table")):
        if table.find(".//p") is None and table.find(".//h1") is None:
            continue
        for node in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            node.tag = "div"


_MIN_CUT_HEADLINE = 20  # characters: a shorter prefix of the h1 may be a kicker, not a cut headline
_SITE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]{1,2}\s+")


def _title(meta: dict[str, Any], doc: Any, site: str) -> str:
    """The page's own headline: JSON-LD ``headline``, og:title, the article's h1, then <title>;
    a candidate that is an h1 followed by a separator and the site's name gives the h1."""
    candidates = [meta["headline"], meta["og_title"], *meta["h1"][:1], meta["html_title"]]
    candidates += [clean_inline(getattr(doc, "title", None) or "")]
    for candidate in filter(None, candidates):
        for h1 in meta["h1"]:
            if h1 and candidate != h1 and candidate.startswith(h1) and _SITE_SEPARATORS.match(candidate[len(h1) :]):
                return h1
            cut = candidate.rstrip(".… ")
            if len(cut) >= _MIN_CUT_HEADLINE and len(h1) > len(cut) and h1.startswith(cut):
                return h1  # a headline cut short for search engines ("Kenya and Uganda sign pipeline…")
        return _strip_site(candidate, site)
    return ""


_ENDS_IN_SEPARATOR = re.compile(r"\s[|\-–—:·»]{1,2}\s*$")


def _headline_in_title(text: str, html_title: str) -> list[str]:
    """An old page's headline that no markup names (an <h2>, a <b>, a <font>): the text's first line when the
    <title> is that line and the site's name beside it ("Headline – The Weekly", "The Weekly | Headline")."""
    first = clean_inline(text.split("\n", 1)[0])
    if not first or html_title == first:
        return []
    if html_title.startswith(first) and _SITE_SEPARATORS.match(html_title[len(first) :]):
        return [first]
    if html_title.endswith(first) and _ENDS_IN_SEPARATOR.search(html_title[: -len(first)]):
        return [first]
    return []


def _site_from_title(meta: dict[str, Any]) -> str:
    """ "The Post - Local News - Headline" or "Headline – The Post": the part the h1 leaves."""
    title = meta["html_title"]
    for h1 in meta["h1"][:1]:
        if h1 and title.endswith(h1) and title != h1:
            return _SITE_SEPARATORS.split(title[: -len(h1)].strip())[0].strip(" |-–—:·»")
        if h1 and title.startswith(h1) and title != h1:
            return _SITE_SEPARATORS.split(title[len(h1) :].strip(" |-–—:·»"))[-1].strip()
    return ""


def _strip_site(title: str, site: str) -> str:
    """ "Headline | The Site" -> "Headline" when the last part is the site's name."""
    parts = _SITE_SEPARATORS.split(title)
    if len(parts) > 1 and site and parts[-1].casefold() == site.casefold():
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·»")
    return title


# What is not the story's own, for dating it: a related story's or a comment's date, a copyright year.
_NOT_THE_STORY = re.compile(
    r"related|comment|sidebar|widget|footer|recommend|more-stories|teaser|newsletter|promo|share|popular|trending",
    re.I,
)


def _published(tree: HtmlElement, meta: dict[str, Any], dateline: Dateline) -> PartialDate:
    """The page's publication date: its metadata (meta tags, JSON-LD); else, on the page without its
    asides, navigation, footer, related lists and comments: a date labelled "Published"/"Posted" under
    the headline, htmldate's quick search, the first date under the headline, htmldate's extensive
    search (not a copyright year); else the dateline's."""
    for value in meta["published"]:
        date = parse_date(value)
        if date.precision != Precision.UNKNOWN:
            return date
    for node in list(tree.iter("aside", "footer", "nav", "form", "header", "div", "section", "ul", "ol", "li")):
        if node.getparent() is None:
            continue
        aside = node.tag in ("aside", "footer", "nav", "form")
        if (aside or _NOT_THE_STORY.search(f"{node.get('class', '')} {node.get('id', '')}")) and not _holds_h1(node):
            node.drop_tree()
    published, first = _byline_dates(tree)
    if published.precision != Precision.UNKNOWN:
        return published  # "Published 3 June" under the headline, whatever else is dated
    found = htmldate_find_date(tree, extensive_search=False, original_date=True, min_date=_MIN_DATE)
    if found:
        return parse_date(found)
    if first.precision != Precision.UNKNOWN:
        return first
    found = htmldate_find_date(tree, extensive_search=True, original_date=True, min_date=_MIN_DATE)
    if found and not _copyright_year(found, tree.text_content()):
        return parse_date(found)
    return dateline.date


_BYLINE_CHARS = 300
_PUBLISHED_LABEL = re.compile(r"\b(?:first\s+)?(?:published|posted)\b", re.I)
_DATE_CHARS = 60  # "on Wednesday, 17 September 2023" and a little


def _byline_dates(tree: HtmlElement) -> tuple[PartialDate, PartialDate]:
    """Dates printed right under the headline: the one said to be the publication's ("Published:
    Friday, 12 March 2004", "Posted on ...", not "Updated ..."), and the first of any kind. Read
    before htmldate's extensive search, which also reads dates in the page's links."""
    body = tree.find(".//body")
    h1 = (body if body is not None else tree).find(".//h1")
    if h1 is None:
        return PartialDate.unknown(), PartialDate.unknown()
    words: list[str] = []
    for node in h1.itersiblings():
        words.extend(t.strip() for t in node.itertext() if t.strip())
        if sum(map(len, words)) > _BYLINE_CHARS:
            break
    text = " ".join(words)[:_BYLINE_CHARS]
    for label in _PUBLISHED_LABEL.finditer(text):
        date = find_date(text[label.start() : label.end() + _DATE_CHARS])
        if date.precision != Precision.UNKNOWN and date.text.lower().startswith(label.group().lower().split()[-1]):
            return date, date
    return PartialDate.unknown(), find_date(text)


def _copyright_year(found: str, text: str) -> bool:
    """htmldate's last resort, a "© 2009" read as 2009-01-01: the site's copyright, not a publication date."""
    if not found.endswith("-01-01"):
        return False
    return re.search(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{found[:4]}\b", text, re.I) is not None


def _holds_h1(node: HtmlElement) -> bool:
    return node.find(".//h1") is not None


def parse_html_file(data: bytes, *, ref: str, max_article_bytes: int) -> ParsedFile:
    """One saved page file: decoded (see decode_html), size-capped, parsed."""
    html = decode_html(data)
    if "\x00" in html[:CHARSET_SCAN]:
        raise IngestError("not an HTML page: binary data")
    if reason := oversize(html, max_article_bytes):
        raise IngestError(reason)
    return ParsedFile(path="", articles=[parse_html(html, ref=ref)])

"""Saved web pages: one news page in, one ParsedArticle out.

trafilatura finds the main text (comments off, precision favoured: navigation, share bars,
"related" lists and comment threads stay out) and the page's metadata; htmldate, in its
extensive mode, the publication date. Our own rules go on top: the headline the page marks
up itself (og:title, JSON-LD ``headline``, the article's ``h1``) before a ``<title>`` that
carries the site's name, the wire dateline (archive.dates.split_dateline), and lines that are
boilerplate in any layout ("Share on Facebook", "Advertisement", a leading "By ..." byline).

Pure Python: no Django. ``raw_text`` is the HTML exactly as given.
"""

from __future__ import annotations

import json
import re
from typing import Any

import trafilatura
from htmldate import find_date as htmldate_find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from archive.dates import PartialDate, Precision, parse_date, split_dateline
from archive.ingest.common import clean_inline, join_paragraphs, oversize
from archive.ingest.types import Dateline, IngestError, ParsedArticle, ParsedFile

__all__ = ["HTML_SUFFIXES", "decode_html", "looks_like_html", "parse_html", "parse_html_file"]

HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")

# A page must open with markup within its first characters to be read as HTML at all.
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S
)
_ANY_TAG = re.compile(r"<(?:html|body|p|div|article|h1)\b", re.I)
# Earliest publication date htmldate may return (its default, 1995, would drop older archives).
_MIN_DATE = "1900-01-01"


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is markup at all (not a text file that was named .html)."""
    head = text.lstrip("\ufeff")[:4096]
    return bool(_HTML_START.match(head)) or bool(_ANY_TAG.search(head))


def parse_html(html: str, *, ref: str, url: str = "") -> ParsedArticle:
    """The article in one saved page; IngestError when it is not HTML or holds no article text."""
    if not looks_like_html(html):
        raise IngestError("not an HTML page: no markup at its start")
    tree = load_html(html)
    if tree is None:
        raise IngestError("not an HTML page: the markup cannot be read")
    meta = _page_meta(tree)
    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        include_comments=False,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": True, "original_date": True, "min_date": _MIN_DATE},
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    title = _title(meta, doc)
    paragraphs = _clean_paragraphs(text.split("\n"), title)
    if not paragraphs:
        raise IngestError("no article text found in the page")
    dateline, first = split_dateline(paragraphs[0])
    if dateline is not None:
        paragraphs[0] = first
    else:
        dateline = Dateline()
    body = join_paragraphs(paragraphs)
    if not body:
        raise IngestError("no article text found in the page")
    return ParsedArticle(
        ref=ref,
        title=title or clean_inline(paragraphs[0])[:120],
        title_generated=not title,
        body=body,
        raw_text=html,
        dateline=dateline,
        published=_published(tree, meta, doc, dateline),
        author=clean_inline(getattr(doc, "author", None) or meta.get("author", "")),
        source=clean_inline(meta.get("site_name") or getattr(doc, "sitename", None) or ""),
        url=meta.get("canonical") or getattr(doc, "url", None) or url,
        language=meta.get("language") or "en",
    )


def _page_meta(tree: HtmlElement) -> dict[str, Any]:
    """What the page says about itself in its markup: og:, JSON-LD, canonical link, lang."""
    meta: dict[str, Any] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = clean_inline(node.get("content") or "")
        if key and value and key not in meta:
            meta[key] = value
    out: dict[str, Any] = {
        "og_title": meta.get("og:title", ""),
        "site_name": meta.get("og:site_name", ""),
        "author": meta.get("author", ""),
        "published_meta": [
            meta[k]
            for k in ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date")
            if k in meta
        ],
    }
    for node in tree.iter("link"):
        if (node.get("rel") or "").strip().lower() == "canonical" and node.get("href"):
            out["canonical"] = node.get("href").strip()
            break
    lang = tree.get("lang") or meta.get("og:locale") or meta.get("content-language") or ""
    match = re.match(r"[A-Za-z]{2,3}\b", lang.strip())
    if match:
        out["language"] = match.group().lower()
    out["json_ld"] = list(_json_ld(tree))
    return out


def _json_ld(tree: HtmlElement) -> Any:
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
            if any(isinstance(k, str) and ("Article" in k or k == "WebPage" or k == "Report") for k in kinds):
                yield item


def _title(meta: dict[str, Any], doc: Any) -> str:
    for item in meta["json_ld"]:
        if isinstance(item.get("headline"), str) and item["headline"].strip():
            return clean_inline(item["headline"])
    if meta["og_title"]:
        return meta["og_title"]
    return clean_inline(getattr(doc, "title", None) or "")


def _clean_paragraphs(lines: list[str], title: str) -> list[str]:
    paragraphs = [clean_inline(line) for line in lines]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs.pop(0)
    return paragraphs


def _published(tree: HtmlElement, meta: dict[str, Any], doc: Any, dateline: Dateline) -> PartialDate:
    for value in meta["published_meta"]:
        date = parse_date(value)
        if date.precision != Precision.UNKNOWN:
            return date
    found = getattr(doc, "date", None) or htmldate_find_date(
        tree, extensive_search=True, original_date=True, min_date=_MIN_DATE
    )
    if found:
        return parse_date(found)
    return dateline.date


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the head.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_SCAN = 4096


def decode_html(data: bytes) -> str:
    """The page's text: a byte-order mark first, then its ``<meta charset>``, then UTF-8,
    then Windows-1252 (what browsers assume for an undeclared Western page; never fails)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:_CHARSET_SCAN])
    if declared is not None:
        name = declared.group(1).decode("ascii", "replace").lower()
        # As browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean Windows-1252.
        name = "cp1252" if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"} else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: fall through to what the bytes allow
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_html_file(data: bytes, *, ref: str, max_article_bytes: int) -> ParsedFile:
    """One saved page file: decoded (see decode_html), size-capped, parsed."""
    html = decode_html(data)
    if "\x00" in html[:_CHARSET_SCAN]:
        raise IngestError("not an HTML page: binary data")
    if reason := oversize(html, max_article_bytes):
        raise IngestError(reason)
    return ParsedFile(path="", articles=[parse_html(html, ref=ref)])

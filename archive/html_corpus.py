"""Generated news pages with known answers, for evaluate_html.

Each page is one story (its headline, paragraphs and publication date chosen here) dressed in one
of several CMS layouts, with the chrome real pages carry around the story: navigation, cookie
banners, share bars, newsletter boxes, advertisements, "related" lists, comment threads, footers.
The date, when the page has one, is given in the metadata, a ``<time>`` element or the byline text
only, beside distracting dates (an update, related stories, comments, the copyright year).
Deterministic for a seed; no network, no public benchmark.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["LAYOUTS", "GeneratedPage", "generate_pages"]

# fmt: off
_PLACES = ["London", "Nairobi", "Jakarta", "Lima", "Oslo", "Manila", "Accra", "Warsaw", "Hanoi", "Quito",
           "Tunis", "Brisbane", "Montreal", "Seville", "Lagos", "Karachi", "Dhaka", "Santiago"]
_ACTORS = ["the central bank", "the finance ministry", "the opposition leader", "local officials",
           "the port authority", "union representatives", "the national statistics office",
           "a government spokeswoman", "the regional governor", "several economists", "the health minister",
           "the state oil company", "farmers' groups", "the electoral commission", "the coast guard"]
_VERBS = ["said on {day} that", "warned on {day} that", "announced that", "told reporters that",
          "confirmed in a statement that", "argued that", "estimated that", "denied reports that"]
_CLAIMS = ["exports of {good} rose {n} percent in the {period}",
           "the price of {good} would stay high until the end of the {period}",
           "talks over {good} tariffs had stalled after {n} rounds",
           "{n} workers had been affected by the closure of the {good} plant",
           "imports of {good} fell to their lowest level in {n} years",
           "a new agreement on {good} would be signed within {n} weeks",
           "the shortage of {good} was caused by flooding in the north",
           "inspectors found {n} violations at the {good} terminal",
           "the budget for {good} subsidies would be cut by {n} million",
           "demand for {good} had recovered faster than expected"]
_GOODS = ["coffee", "copper", "rice", "natural gas", "timber", "cocoa", "fertiliser", "steel", "wheat",
          "lithium", "sugar", "diesel", "cotton", "palm oil", "fish", "cement"]
_PERIODS = ["first quarter", "second quarter", "year", "season", "month", "decade"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_EXTRAS = ["The figures were published after markets closed.", "No further details were given.",
           "Critics said the plan came too late.", "The decision is expected to be challenged in court.",
           "Officials declined to comment on the timing.", "Prices on the local market reacted within hours.",
           "The move follows months of negotiations with neighbouring countries.",
           "Opposition lawmakers called for an inquiry."]
_HEAD_VERBS = ["rise", "fall", "stall", "surge", "slump", "recover", "face cuts", "hit record"]
_SITES = [("The Daily Courier", "dailycourier.example"), ("Harbour Times", "harbourtimes.example"),
          ("Metro Ledger", "metroledger.example"), ("The Northern Post", "northernpost.example"),
          ("Coastline News", "coastline.example"), ("Valley Herald", "valleyherald.example")]
_AUTHORS = ["Maria Okafor", "Tom Lindqvist", "Aisha Rahman", "Pedro Alvarez", "Chen Wei", "Lucy Marsh"]
_COMMENTS = ["This is exactly what I have been saying for years, nobody listens until it is too late.",
             "Does anyone know where these numbers come from? They look too good to be true to me.",
             "Another great piece, thanks for covering this when nobody else does.",
             "I live near the plant and the situation is much worse than the article describes, honestly."]
# fmt: on
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]  # fmt: skip


@dataclass
class GeneratedPage:
    """One page and what a perfect extractor would return from it."""

    name: str
    layout: str
    html: str
    title: str
    body: str  # paragraphs separated by blank lines, dateline included as printed
    published: dt.date | None


def _sentence(rng: random.Random) -> str:
    claim = rng.choice(_CLAIMS).format(good=rng.choice(_GOODS), n=rng.randint(2, 90), period=rng.choice(_PERIODS))
    verb = rng.choice(_VERBS).format(day=rng.choice(_DAYS))
    actor = rng.choice(_ACTORS)
    return f"{actor[0].upper()}{actor[1:]} {verb} {claim}."


def _paragraph(rng: random.Random) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.4:
        sentences.append(rng.choice(_EXTRAS))
    return " ".join(sentences)


def _long_date(day: dt.date, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass
class _Story:
    site: str
    domain: str
    slug: str
    headline: str
    author: str
    published: dt.date
    updated: dt.date
    paragraphs: list[str]  # as printed, the first with its dateline when there is one
    subheads: dict[int, str]  # before paragraph i


def _story(rng: random.Random, number: int) -> _Story:
    site, domain = rng.choice(_SITES)
    good = rng.choice(_GOODS)
    place = rng.choice(_PLACES)
    what = rng.choice(["prices", "exports", "imports", "talks"])
    headline = f"{good.capitalize()} {what} {rng.choice(_HEAD_VERBS)} in {place}"
    if rng.random() < 0.3:
        headline += f" as {rng.choice(_ACTORS)} {rng.choice(['weighs in', 'steps in', 'responds'])}"
    published = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randint(0, 6000))
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(3, 10))]
    if rng.random() < 0.35:
        month = _MONTHS[published.month - 1][:3].upper()
        paragraphs[0] = f"{place.upper()}, {month} {published.day} (Reuters) - {paragraphs[0]}"
    subheads = {}
    if len(paragraphs) > 5 and rng.random() < 0.4:
        subheads[rng.randint(3, len(paragraphs) - 1)] = f"What the {good} figures mean"
    return _Story(
        site=site,
        domain=domain,
        slug=f"{good.replace(' ', '-')}-{place.lower()}-{number}",
        headline=headline,
        author=rng.choice(_AUTHORS),
        published=published,
        updated=published + dt.timedelta(days=rng.randint(1, 40)),
        paragraphs=paragraphs,
        subheads=subheads,
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# --- chrome -----------------------------------------------------------------------------------------


def _nav(rng: random.Random) -> str:
    items = ["Home", "World", "Business", "Politics", "Sport", "Culture", "Opinion", "Weather"]
    links = "".join(f'<li><a href="/{i.lower()}">{i}</a></li>' for i in items[: rng.randint(4, 8)])
    return f'<nav class="main-nav" role="navigation"><ul>{links}</ul></nav>'


def _cookie() -> str:
    return (
        '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience on our '
        "website and to show you personalised advertising. By continuing to browse, you agree to our use of "
        'cookies.</p><button>Accept all</button> <a href="/privacy">Privacy policy</a></div>'
    )


def _share() -> str:
    return (
        '<div class="share-bar"><span>Share this article</span> <a href="#">Facebook</a> <a href="#">Twitter</a>'
        ' <a href="#">WhatsApp</a> <a href="#">Email</a> <a href="#">Copy link</a></div>'
    )


def _newsletter() -> str:
    return (
        '<aside class="newsletter-signup"><h3>Sign up for our morning briefing</h3><p>Get the day\'s top '
        "stories delivered to your inbox every weekday morning, free of charge.</p><form><input type=email>"
        "<button>Subscribe</button></form></aside>"
    )


def _ad() -> str:
    return '<div class="ad-slot advertisement"><span>Advertisement</span><div id="gpt-ad-1"></div></div>'


def _related(rng: random.Random, story: _Story) -> str:
    items = []
    for _ in range(rng.randint(3, 5)):
        other = story.published - dt.timedelta(days=rng.randint(1, 300))
        teaser = _sentence(rng)
        items.append(
            f'<li><a href="/news/{rng.randint(1000, 9999)}"><h4>{_e(rng.choice(_GOODS).capitalize())} market '
            f"{rng.choice(_HEAD_VERBS)} in {rng.choice(_PLACES)}</h4></a><p>{_e(teaser)}</p>"
            f'<time datetime="{other.isoformat()}">{_e(_long_date(other, rng))}</time></li>'
        )
    return f'<section class="related-articles"><h2>Related stories</h2><ul>{"".join(items)}</ul></section>'


def _comments(rng: random.Random, story: _Story) -> str:
    items = []
    for i in range(rng.randint(2, 5)):
        when = story.published + dt.timedelta(days=rng.randint(0, 5))
        items.append(
            f'<li class="comment" id="comment-{i}"><div class="comment-author">reader{rng.randint(10, 99)}</div>'
            f'<div class="comment-date">{_e(_long_date(when, rng))}</div>'
            f'<div class="comment-body"><p>{_e(rng.choice(_COMMENTS))}</p></div></li>'
        )
    heading = f"<h2>Comments ({len(items)})</h2>"
    return f'<section id="comments" class="comments-area">{heading}<ol>{"".join(items)}</ol></section>'


def _footer(story: _Story, year: int) -> str:
    links = "".join(f'<a href="/{x.lower()}">{x}</a> ' for x in ["About", "Contact", "Careers", "Advertise", "Terms"])
    return f'<footer class="site-footer"><p>{links}</p><p>© {year} {_e(story.site)}. All rights reserved.</p></footer>'


# --- metadata ---------------------------------------------------------------------------------------


def _head(rng: random.Random, story: _Story, date_mode: str) -> str:
    url = f"https://www.{story.domain}/news/{story.slug}"
    sep = rng.choice([" | ", " - ", " — ", " :: "])
    title = f"{story.headline}{sep}{story.site}" if rng.random() < 0.8 else story.headline
    parts = ['<meta charset="utf-8">', f"<title>{_e(title)}</title>",
             '<meta name="viewport" content="width=device-width, initial-scale=1">']  # fmt: skip
    if rng.random() < 0.7:
        parts.append(f'<link rel="canonical" href="{url}">')
    if rng.random() < 0.7:
        og_title = story.headline if rng.random() < 0.7 else title
        parts.append(f'<meta property="og:title" content="{_e(og_title)}">')
        parts.append(f'<meta property="og:site_name" content="{_e(story.site)}">')
        parts.append('<meta property="og:type" content="article">')
    if date_mode == "meta":
        stamp = f"{story.published.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00"
        parts.append(f'<meta property="article:published_time" content="{stamp}">')
        parts.append(f'<meta property="article:modified_time" content="{story.updated.isoformat()}T08:00:00+00:00">')
    if date_mode == "jsonld" or (rng.random() < 0.3 and date_mode not in ("text", "none")):
        data = {
            "@context": "https://schema.org",
            "@type": rng.choice(["NewsArticle", "Article", "ReportageNewsArticle"]),
            "headline": story.headline,
            "author": {"@type": "Person", "name": story.author},
            "publisher": {"@type": "Organization", "name": story.site},
            "datePublished": story.published.isoformat() + "T06:30:00Z",
            "dateModified": story.updated.isoformat() + "T09:00:00Z",
        }
        parts.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    parts.append(
        "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>"
    )
    parts.append("<style>.ad-slot{min-height:250px}</style>")
    return "<head>" + "".join(parts) + "</head>"


def _byline(rng: random.Random, story: _Story, date_mode: str) -> str:
    author = f'<span class="author">By <a href="/authors/x">{_e(story.author)}</a></span>'
    if date_mode in ("meta", "jsonld", "time"):
        stamp = f"{story.published.isoformat()}T07:00:00Z"
        when = f'<time datetime="{stamp}" class="published">{_e(_long_date(story.published, rng))}</time>'
        if rng.random() < 0.4:
            when += f' <span class="updated">Updated {_e(_long_date(story.updated, rng))}</span>'
    elif date_mode == "text":
        when = f'<span class="date">Published {_e(_long_date(story.published, rng))}</span>'
        if rng.random() < 0.3:  # live pages print the update first
            when = f'<span class="date">Updated {_e(_long_date(story.updated, rng))}</span> · {when}'
    else:
        when = ""
    return f'<div class="byline">{author} {when}</div>'


# --- layouts ----------------------------------------------------------------------------------------


def _in_body_junk(rng: random.Random, story: _Story) -> str:
    """What CMSs put between a story's paragraphs, as plain paragraphs that look like text."""
    kind = rng.randrange(6)
    if kind == 0:
        other = f"{rng.choice(_GOODS).capitalize()} talks resume in {rng.choice(_PLACES)}"
        return f'<p><strong>Read more:</strong> <a href="/news/{rng.randint(1, 9999)}">{_e(other)}</a></p>'
    if kind == 1:
        return '<p class="ad-label">Advertisement</p>'
    if kind == 2:
        return (
            f'<figure class="wp-caption"><img src="/img/{rng.randint(1, 999)}.jpg" alt=""><figcaption>Workers load '
            f"{_e(rng.choice(_GOODS))} at the port of {_e(rng.choice(_PLACES))}. Photo: {_e(rng.choice(_AUTHORS))}"
            "</figcaption></figure>"
        )
    if kind == 3:
        return f'<p><em>Related:</em> <a href="/news/{rng.randint(1, 9999)}">{_e(_sentence(rng))}</a></p>'
    if kind == 4:
        return "<p>Sign up to our newsletter to get the latest business news straight to your inbox.</p>"
    return '<div class="inline-share"><p>Share this story on Facebook, Twitter or WhatsApp</p></div>'


def _tail(rng: random.Random, story: _Story) -> str:
    """What follows the last paragraph inside the article element on many sites."""
    kind = rng.randrange(4)
    if kind == 0:
        return f"<p>Follow {_e(story.site)} on Twitter and Facebook for the latest updates.</p>"
    if kind == 1:
        return (
            f'<div class="author-bio"><p>{_e(story.author)} is a business reporter at {_e(story.site)} covering '
            "trade and commodities.</p></div>"
        )
    if kind == 2:
        return f"<p>© {story.published.year} {_e(story.site)}. All rights reserved.</p>"
    return ""


def _body_html(story: _Story, rng: random.Random, inline: Callable[[], str]) -> str:
    out = []
    for i, paragraph in enumerate(story.paragraphs):
        if i in story.subheads:
            out.append(f"<h2>{_e(story.subheads[i])}</h2>")
        out.append(f"<p>{_e(paragraph)}</p>")
        if i == 1 and rng.random() < 0.6:
            out.append(inline())
        if i == 2 and rng.random() < 0.2:  # a pull quote repeats a sentence of the story
            out.append(f'<blockquote class="pullquote"><p>{_e(paragraph.split(". ")[0])}</p></blockquote>')
        if 0 < i < len(story.paragraphs) - 1 and rng.random() < 0.25:
            out.append(_in_body_junk(rng, story))
    if rng.random() < 0.6:
        out.append(_tail(rng, story))
    return "".join(out)


@dataclass(frozen=True)
class _Layout:
    """One CMS's page: ``{piece}`` marks are filled left to right (the order the random choices are made in),
    ``{piece:0.6}`` only with that chance; ``inline`` is what sits inside the body (None: bare paragraphs)."""

    markup: str
    footer_year: int
    inline: Callable[[], str] | None


LAYOUTS: dict[str, _Layout] = {
    "wordpress": _Layout(
        '<body class="single-post">{cookie:0.6}<header class="site-header">'
        '<div class="site-title"><a href="/">{site}</a></div>{nav}</header>'
        '<div id="content"><main id="main"><article class="post type-post hentry"><header class="entry-header">'
        '<h1 class="entry-title">{headline}</h1>{byline}</header>'
        '<div class="entry-content">{body}</div>{share}</article>{related}'
        '{comments}</main><aside id="sidebar">{newsletter}</aside></div>'
        "{footer}</body>",
        2024,
        _ad,
    ),
    "newsroom": _Layout(
        '<body>{cookie:0.5}{nav}<div class="breadcrumbs"><a href="/">Home</a> '
        '&gt; <a href="/business">Business</a></div><main><div class="story-header"><h1>{headline}</h1>'
        '{byline}{share}</div><div class="article-body" itemprop="articleBody">{body}'
        '</div><div class="tags">Topics: <a href="/t/markets">Markets</a> <a href="/t/trade">Trade</a></div>'
        "{related}</main>{footer}</body>",
        2023,
        _newsletter,
    ),
    "drupal": _Layout(
        '<body class="path-node page-node-type-article"><div class="dialog-off-canvas-main-canvas">'
        '<header role="banner">{nav}</header><div class="region region-content"><article role="article" '
        'class="node node--type-article"><h1 class="page-title"><span>{headline}</span></h1>'
        '{byline}<div class="field field--name-body">{body}</div></article>'
        '<div class="block-views-related">{related}</div>'
        "{comments:0.5}"
        "</div>{footer}</div></body>",
        2022,
        _ad,
    ),
    "html5": _Layout(
        "<body>{nav}<main><article><header><h1>{headline}</h1>{byline}"
        "</header><section>{body}</section><footer>{share}</footer></article>"
        "<aside>{newsletter}{related}</aside></main>{footer}</body>",
        2025,
        _share,
    ),
    "table": _Layout(
        '<body><table width="100%"><tr><td colspan="2">{nav}</td></tr><tr><td width="20%" valign="top">'
        '<a href="/">Front page</a><br><a href="/archive">Archive</a><br><a href="/contact">Contact</a></td>'
        '<td valign="top"><h1>{headline}</h1>{byline}{body}</td></tr>'
        '<tr><td colspan="2">{footer}</td></tr></table></body>',
        2010,
        None,
    ),
}


def _page_body(layout: _Layout, rng: random.Random, story: _Story, date_mode: str) -> str:
    """The page's <body>: the story's body first, then the layout's pieces in the order they stand."""
    if layout.inline is None:
        body = "".join(f"<p>{_e(p)}</p>" for p in story.paragraphs)
    else:
        body = _body_html(story, rng, layout.inline)
    pieces: dict[str, Callable[[], str]] = {
        "body": lambda: body,
        "headline": lambda: _e(story.headline),
        "site": lambda: _e(story.site),
        "nav": lambda: _nav(rng),
        "byline": lambda: _byline(rng, story, date_mode),
        "related": lambda: _related(rng, story),
        "comments": lambda: _comments(rng, story),
        "footer": lambda: _footer(story, layout.footer_year),
        "cookie": _cookie,
        "share": _share,
        "newsletter": _newsletter,
    }
    out = []
    for text, name, chance, _conversion in string.Formatter().parse(layout.markup):
        out.append(text)
        if name is not None and (not chance or rng.random() < float(chance)):
            out.append(pieces[name]())
    return "".join(out)


_DATE_MODES = ["meta", "jsonld", "time", "text", "none"]
_DATE_WEIGHTS = [0.3, 0.2, 0.2, 0.15, 0.15]


def generate_pages(count: int, *, seed: int = 19) -> Iterator[GeneratedPage]:
    """``count`` pages, layouts and date placements in turn, deterministic for ``seed``."""
    rng = random.Random(seed)
    names = list(LAYOUTS)
    for number in range(count):
        layout = names[number % len(names)]
        story = _story(rng, number)
        if layout == "table":
            story.subheads = {}  # old table layouts print the paragraphs only
        date_mode = rng.choices(_DATE_MODES, _DATE_WEIGHTS)[0]
        lang = rng.choice(['<html lang="en">', '<html lang="en-GB">', "<html>"])
        head = _head(rng, story, date_mode)
        page = f"<!DOCTYPE html>{lang}{head}{_page_body(LAYOUTS[layout], rng, story, date_mode)}</html>"
        paragraphs = []
        for i, paragraph in enumerate(story.paragraphs):
            if i in story.subheads:
                paragraphs.append(story.subheads[i])
            paragraphs.append(paragraph)
        yield GeneratedPage(
            name=f"{number:04d}-{layout}-{date_mode}",
            layout=layout,
            html=page,
            title=story.headline,
            body="\n\n".join(paragraphs),
            published=None if date_mode == "none" else story.published,
        )

"""A saved page's paragraphs, as trafilatura gives them, made the story's: the repeated headline, a leading byline
and date stamp, furniture lines (ads, share prompts, "read also" links, a paywall's prompts, copyright lines) left
out, and a closing author's bio set apart (``clean_paragraphs``; ``archive.ingest.html`` calls it).

Pure Python: no Django.
"""

from __future__ import annotations

import re

from archive.dates import find_date, is_date_stamp
from archive.ingest.common import BYLINE_WORDS, clean_inline

__all__ = ["clean_paragraphs", "is_paywall_prompt"]

# Lines that are furniture in any layout, whatever the site: ad labels, share and follow prompts,
# newsletter calls, "Read more:" links in the languages a desk receives ("Lire aussi", "Te puede interesar"),
# a paywall's prompts, copyright lines. Anchored and short, so prose is never cut.
_BOILERPLATE = re.compile(
    r"""^(?:
        advertisement|advertising|sponsored(?:\s+content)?|ad
      | (?:read|see)\s+(?:more|also)\b.*|related(?:\s+(?:stories|articles|coverage))?\s*:.*
      | more\s*:.*|also\s+read\s*:.*|share\s+(?:this|on|via)\b.*
      | (?:follow|like)\s+.{1,60}\s+on\s+(?:twitter|facebook|instagram|x|linkedin|tiktok)\b.*
      | (?:sign\s+up|subscribe)\s+(?:to|for)\s+.{0,40}newsletters?\b.*
      | (?:(?:©|\(c\)|copyright)\s*)+\d{4}\b.*|.*\ball\s+rights\s+reserved\b.*
      | click\s+here\b.*
      | (?:(?:[àa]\s+)?lire\s+aussi|voir\s+aussi|te\s+puede\s+interesar|le[ea]\s+(?:tambi[ée]n|m[aá]s)|leer\s+m[aá]s
         |lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|leia\s+(?:tamb[ée]m|mais)|leggi\s+anche|lees\s+(?:ook|meer)
        )(?:\s*[:|»›→].*)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A paywall's prompt, in English, French and Spanish: what a page saved behind one ends with.
_PAYWALL_PROMPT = re.compile(
    r"""^(?:
        (?:subscribe|sign\s+in|log\s+in|register)\s+to\s+(?:continue|keep)\s+reading\b.*
      | you(?:'ve|\s+have)\s+reached\s+your\s+(?:limit|monthly\s+limit|free\s+article)\b.*
      | already\s+a\s+subscriber\b.*
      | (?:this\s+(?:article|story|content)\s+is\s+)?(?:for|available\s+to)\s+subscribers\s+only\b.*
      | abonnez-vous\s+pour\s+(?:lire|continuer)\b.*|(?:cet\s+)?article\s+r[ée]serv[ée]\s+aux\s+abonn[ée]s\b.*
      | suscr[íi]bete\s+para\s+(?:seguir|continuar)\s+leyendo\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_MAX_CHARS = 160


def is_paywall_prompt(line: str) -> bool:
    """Whether a short line is a paywall's prompt ("Subscribe to continue reading", "Already a subscriber?")."""
    line = clean_inline(line)
    return len(line) <= _BOILERPLATE_MAX_CHARS and _PAYWALL_PROMPT.match(line.lstrip("|*- ")) is not None


# A paragraph that is only a byline: "By Jane Smith", "BY JANE SMITH and JOHN DOE", "By Jürgen Müller, The Courier",
# "Par Claire Dubois" (French), "Por" (Spanish), "Von" (German); its names, not a sentence ("By the end of ...").
_NAME = r"[A-ZÀ-Þ][\w.'’-]+"
_BYLINE = re.compile(
    rf"^(?:{BYLINE_WORDS})\s+(?P<names>{_NAME}(?:\s+(?:and\s+|&\s+|et\s+|y\s+|und\s+)?{_NAME}){{0,5}})"
    rf"(?:\s*,\s*(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,4}})?$",
    re.IGNORECASE,
)
_NAMES_JOINED = re.compile(r"\s+(?:and|&|et|y|und)\s+", re.IGNORECASE)


# A byline and its date on one line: "By Jürgen Weiß · 12.08.2008", "By Jane Smith | 3 March 2024".
_BYLINE_AND_DATE = re.compile(r"^(?P<byline>.+?)\s+[·•|–—]\s+(?P<date>.+)$")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?", re.I)


def _byline_names(paragraph: str) -> str | None:
    """The names a byline paragraph gives ("Jane Smith; John Doe"), None when it is no byline; a date after
    the names ("By Jane Smith · 12.08.2008") belongs to the byline."""
    match = _BYLINE.match(paragraph)
    if match is None:
        dated = _BYLINE_AND_DATE.match(paragraph)
        if dated is None or not (_NUMERIC_DATE.fullmatch(dated["date"]) or find_date(dated["date"]).value):
            return None
        match = _BYLINE.match(dated["byline"])
    if match is None:
        return None
    names = match.group("names")
    if not all(word[0].isupper() for word in _NAMES_JOINED.split(names) for word in word.split()):
        return None  # "By the sea": the names' capitals matter, whatever the case of "by"
    if names.isupper():
        names = names.title()
    return "; ".join(_NAMES_JOINED.split(names))


def clean_paragraphs(lines: list[str], title: str, author: str, site: str) -> tuple[list[str], str, str]:
    """Body paragraphs without the repeated headline, a leading byline and date stamp, and boilerplate lines;
    a closing "<author> is a reporter ..." paragraph is returned apart as the author's bio; and the
    author, from the byline when the page named none."""
    paragraphs = [p for p in (clean_inline(line) for line in lines) if p]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs.pop(0)
    # A byline and a date stamp ("Published <time>…</time>", its date often dropped with the <time>) in either order
    while paragraphs and ((names := _byline_names(paragraphs[0])) is not None or is_date_stamp(paragraphs[0])):
        paragraphs.pop(0)
        author = author or names or ""
    paragraphs = [
        p
        for p in paragraphs
        if not is_paywall_prompt(p) and (len(p) > _BOILERPLATE_MAX_CHARS or not _BOILERPLATE.match(p.lstrip("|*- ")))
    ]
    bio = ""
    names = [n.strip() for n in re.split(r";|,| and ", author) if n.strip()]
    if len(paragraphs) > 1 and any(paragraphs[-1].startswith(f"{name} is ") for name in names):
        bio = paragraphs.pop()
    return paragraphs, bio, author

"""The one place text from outside becomes HTML.

Everything the archive renders from imported or user-supplied text goes through `safe_html`:
callers build markup only from `escape()`d text plus our own tags, and bleach then enforces that
nothing but those tags (and no attributes) survive. Elsewhere only template tags call mark_safe, on their
own fixed markup (links, chart bars) around values each escaped or formatted as numbers in the same function
(`archive/templatetags/`), where format_html's per-value overhead was most of a search page's facet lists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import bleach
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Our own markup: paragraphs and line breaks for bodies, <mark> for matched words.
ALLOWED_TAGS = frozenset({"p", "br", "mark"})
# A citation's own markup (citeproc's HTML formatter): italics and bold, no attributes.
CITATION_TAGS = frozenset({"i", "b"})

# bleach.clean builds a Cleaner (its html5lib parser, tree walker and serializer) on every call: a quarter of
# what cleaning a snippet costs, twenty times a result page. The same Cleaner, made once, gives the same
# output; it is not thread-safe (its parser has state), so each thread has its own.
_cleaners = threading.local()


def _cleaner(tags: frozenset[str]) -> bleach.Cleaner:
    """This thread's Cleaner keeping `tags` (no attributes, no protocols, the rest stripped)."""
    cleaners = _cleaners.__dict__
    cleaner = cleaners.get(tags)
    if cleaner is None:
        cleaner = cleaners[tags] = bleach.Cleaner(tags=tags, attributes={}, protocols=[], strip=True)
    return cleaner


def _clean(markup: str, tags: frozenset[str]) -> str:
    """What `bleach.clean(markup, tags=tags, attributes={}, protocols=[], strip=True)` returns."""
    return _cleaner(tags).clean(markup)


def safe_html(markup: str) -> SafeString:
    """Markup built from escaped text plus our own tags -> HTML safe to render."""
    return mark_safe(_clean(markup, ALLOWED_TAGS))  # noqa: S308 - bleach has just removed every tag and attribute not ours


Pieces = list[tuple[str, bool]]  # plain text pieces, each flagged as matched or not


def _marked(pieces: Pieces) -> str:
    return "".join(f"<mark>{escape(text)}</mark>" if matched else escape(text) for text, matched in pieces)


def paragraphs(text: str, mark: Callable[[str], Pieces] | None = None) -> SafeString:
    """Plain text with blank-line separated paragraphs -> <p> elements; `mark` (archive.search's
    text_highlighter) splits each paragraph into pieces whose matches go in <mark>."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    html = "".join(
        f"<p>{_marked(mark(block) if mark else [(block, False)]).replace(chr(10), '<br>')}</p>"
        for block in blocks
        if block
    )
    return safe_html(html)


def highlighted(pieces: Pieces) -> SafeString:
    """Text pieces, each flagged as matched or not -> escaped text with <mark> around matches."""
    return safe_html(_marked(pieces))


def highlighted_all(snippets: list[Pieces]) -> list[SafeString]:
    """`highlighted` of each snippet, cleaned by one bleach call instead of one each (a result page's 20 in three
    quarters of the time): the snippets are joined by `<br>`, which their escaped text cannot hold and bleach
    keeps, and split after it."""
    if not snippets:
        return []
    cleaned = _clean("<br>".join(_marked(pieces) for pieces in snippets), ALLOWED_TAGS).split("<br>")
    if len(cleaned) != len(snippets):  # bleach changed the separators: never pair a hit with another's snippet
        return [highlighted(pieces) for pieces in snippets]
    return [mark_safe(html) for html in cleaned]  # noqa: S308 - bleach has just removed every tag and attribute not ours


def safe_citation(markup: str) -> SafeString:
    """A citation built by citeproc from escaped text -> HTML safe to render."""
    return mark_safe(_clean(markup, CITATION_TAGS))  # noqa: S308 - bleach has just removed every tag and attribute but <i> and <b>

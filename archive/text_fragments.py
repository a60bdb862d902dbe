"""Links to a passage of a page: the Text Fragments standard's `#:~:text=prefix-,start,-suffix` (WICG "URL
Fragment Text Directives", followed by Chromium, Safari and Firefox), with which a browser scrolls to the words
and marks them, where a browser that does not know it opens the page at its top, as a plain link would.

Pure Python: no Django.
"""

from __future__ import annotations

from urllib.parse import quote

CONTEXT_WORDS = 3  # words each side: enough to tell one "oil" of a story from its others
_ELLIPSIS = "…"  # where a context's text goes on: not on the page


def _encoded(text: str) -> str:
    # "-", "," and "&" mean something in a directive; quote() leaves "-" (unreserved) as it is.
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(before: str, words: str, after: str, *, context: int = CONTEXT_WORDS) -> str:
    """The fragment (from "#") that leads to `words` where `before` ends just ahead of them and `after` follows:
    the last `context` words of one and the first of the other tell the occurrence from others of the same words.
    Empty when there are no words to lead to."""
    if not words.strip():
        return ""
    prefix = [word for word in before.split() if word != _ELLIPSIS][-context:]
    suffix = [word for word in after.split() if word != _ELLIPSIS][:context]
    directive = _encoded(" ".join(words.split()))
    if prefix:
        directive = f"{_encoded(' '.join(prefix))}-,{directive}"
    if suffix:
        directive = f"{directive},-{_encoded(' '.join(suffix))}"
    return f"#:~:text={directive}"

"""An e-mail header's text as its sender typed it, when the standard library cannot read it alone: raw 8-bit
bytes that no header declares (a Subject typed in Latin-1), and the RFC 2047 encoded words beside them.

Pure Python (the standard library's ``email``).
"""

from __future__ import annotations

import email.header
import re
from email.message import EmailMessage

__all__ = ["header_text"]

# An RFC 2047 encoded word, and the white space between two of them (which is not text: RFC 2047 6.2).
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bq]\?[^?\s]*\?=", re.IGNORECASE)
_BETWEEN_WORDS = re.compile(r"(?<=\?=)\s+(?==\?)")


def _decoded_words(text: str) -> str:
    """The encoded words in a header the standard library left undecoded because raw 8-bit bytes stand beside
    them ("=?utf-8?Q?Gr=C3=A8ve?= pr\xe9vue"), each decoded on its own; a word that cannot be decoded stays."""

    def decode(match: re.Match[str]) -> str:
        try:
            [(data, charset)] = email.header.decode_header(match.group())
            return data.decode(charset or "ascii") if isinstance(data, bytes) else data
        except (ValueError, LookupError, UnicodeDecodeError):
            return match.group()

    return _ENCODED_WORD.sub(decode, _BETWEEN_WORDS.sub("", text))


def header_text(message: EmailMessage, name: str) -> str:
    """A header as text; undeclared 8-bit bytes (a Subject typed in Latin-1) as UTF-8, else Windows-1252, and
    the encoded words beside them decoded."""
    value = str(message.get(name, "") or "")
    if "\ufffd" not in value:
        return value
    for key, raw in message.raw_items():
        if key.lower() == name.lower():
            data = raw.encode("ascii", "surrogateescape")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
            return " ".join(_decoded_words(text).split())
    return value

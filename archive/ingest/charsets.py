"""A saved page's bytes to text: its byte-order mark, its <meta charset> (unless its bytes say UTF-8 beyond
doubt), UTF-8, then Windows-1252 as browsers assume. Pure Python."""

from __future__ import annotations

import codecs
import re

__all__ = ["CHARSET_SCAN", "decode_html"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the head.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
CHARSET_SCAN = 4096


def decode_html(data: bytes) -> str:
    """The page's text: a byte-order mark first, then its ``<meta charset>`` (but UTF-8 when a single-byte
    label sits on bytes that are valid UTF-8 beyond ASCII: a legacy template's label on a page its server
    sent as UTF-8, which no Western text reads as by chance), then UTF-8, then Windows-1252 (what browsers
    assume for an undeclared Western page; never fails)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:CHARSET_SCAN])
    if declared is not None:
        name = declared.group(1).decode("ascii", "replace").lower()
        # As browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean Windows-1252.
        name = "cp1252" if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"} else name
        if _single_byte(name) and not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass  # not UTF-8: the label holds
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: fall through to what the bytes allow
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _single_byte(name: str) -> bool:
    try:
        return codecs.lookup(name).name.startswith(("cp125", "iso8859", "latin", "koi8", "mac-", "cp8", "cp4"))
    except LookupError:
        return False

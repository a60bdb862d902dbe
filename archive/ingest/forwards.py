"""A forward typed into a mail's text: the forwarded message's sender, date, subject and text.

Mail programs forward a message inline under a marker line and a block of its headers:

    ---------- Forwarded message ---------        (Gmail; "-------- Forwarded Message --------": Thunderbird)
    Begin forwarded message:                      (Apple Mail)
    -----Original Message-----                    (Outlook; or a line of underscores before "From:")
    From: Agri Wire <desk@agriwire.example>
    Date: Wed, Mar 4, 2026 at 9:12 AM
    Subject: Kenyan tea auction prices slump
    To: subscribers@agriwire.example

The story is what follows the block: read alone, a forward would give the forwarder's note as its lead, the
header block as its second paragraph, the forwarder as its author and the forward's day as its date. A marker
counts only with a From field and a Date or Subject field under it, so prose that mentions a forwarded message
is never cut; Outlook's marker and a line of underscores, which also open the message a reply quotes, count
only in a mail whose Subject says it is a forward; a forward of a forward gives the innermost message. French,
Spanish and German mail programs' markers and field names are read too.

Pure Python: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Forward", "inline_forward"]

_MARKER = re.compile(
    r"""^[ \t>]*(?:
        -{2,}\s*(?:forwarded\s+message|original\s+message|message\s+transf[ée]r[ée]|message\s+d'origine
                |mensaje\s+(?:reenviado|original)|weitergeleitete\s+nachricht|urspr[üu]ngliche\s+nachricht)\s*-{2,}
      | (?:begin\s+forwarded\s+message|d[ée]but\s+du\s+message\s+r[ée]exp[ée]di[ée]|inicio\s+del\s+mensaje\s+reenviado
         |anfang\s+der\s+weitergeleiteten\s+nachricht)\s*:
      | _{20,}
    )[ \t]*$""",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)
# A header line of the forwarded block ("*From:* …" as some programs set it in bold), by what it names.
_FIELD = re.compile(r"^[ \t>]*\*?(?P<name>[^\W\d_][\w-]*(?:\s[\w-]+)?)\s*:\*?[ \t]*(?P<value>.*)$")
_FIELDS = {
    "from": "from",
    "de": "from",
    "von": "from",
    "date": "date",
    "sent": "date",
    "envoyé": "date",
    "envoye": "date",
    "enviado": "date",
    "enviado el": "date",
    "gesendet": "date",
    "datum": "date",
    "fecha": "date",
    "subject": "subject",
    "objet": "subject",
    "asunto": "subject",
    "betreff": "subject",
}
_MAX_FIELDS = 12  # To, Cc, Reply-To … besides the three read: a longer run of "Word: …" lines is text


@dataclass(frozen=True)
class Forward:
    """The forwarded message: its header values as typed (empty when absent) and its text."""

    sender: str
    date: str
    subject: str
    text: str


def _lines(text: str, start: int):
    """(where it starts, the line) from ``start`` on, read as needed: a block is a dozen lines of a long mail."""
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, text[start:end]
        start = end + 1


def _block(text: str, start: int) -> tuple[dict[str, str], int] | None:
    """The header block from ``start`` (after a marker): the fields read and where the text after it starts."""
    fields: dict[str, str] = {}
    position, count = len(text), 0
    for position, line in _lines(text, start):  # noqa: B007 (where the block ends, when it does)
        if not line.strip() and not count:  # blank lines between the marker and the block
            continue
        match = _FIELD.match(line)
        if not line.strip() or match is None or count >= _MAX_FIELDS:
            break
        count += 1
        key = _FIELDS.get(match["name"].casefold())
        if key is not None and key not in fields:
            fields[key] = match["value"].strip()
    else:
        position = len(text)
    if "from" not in fields or not ({"date", "subject"} & fields.keys()):
        return None
    return fields, position


# The markers that also open the message a reply quotes (Outlook's, a line of underscores): a forward only in a mail
# whose Subject says it is one ("FW:"), since a reply's story is the reply.
_REPLY_TOO = re.compile(r"original\s+message|message\s+d'origine|mensaje\s+original|urspr[üu]ngliche|_{20,}", re.I)


def inline_forward(text: str, *, forwarded: bool = False) -> Forward | None:
    """The innermost message forwarded inline in ``text`` (a plain-text part, lines split by "\\n"), else None;
    ``forwarded``: the mail's Subject says it is a forward, so Outlook's "-----Original Message-----" is one."""
    # The last first: a later marker lies in the text of an earlier, and the inner forward wins. Each is read only
    # as far as its block, so a mail of thousands of markers costs its length, not its length once a marker.
    for marker in reversed(list(_MARKER.finditer(text))):
        if not forwarded and _REPLY_TOO.search(marker.group()):
            continue
        block = _block(text, marker.end() + 1)
        if block is None:
            continue
        fields, end = block
        body = "\n".join(line.removeprefix("> ").removeprefix(">") for line in text[end:].split("\n")).strip()
        if body:
            return Forward(fields["from"], fields.get("date", ""), fields.get("subject", ""), body)
    return None

"""E-mails (.eml) -> ParsedArticle: newsletters and press mails as articles (mbox.py reads a mailbox's messages
through ``message_articles``).

Pure Python (the standard library's ``email`` with ``policy.default``).

- title: the Subject, RFC 2047 decoded, reply/forward prefixes ("Re:", "Fwd:", "FW:", "AW:", "Re[2]:")
  removed; no Subject: a title made from the lead (flagged as generated);
- author and source: from the From header (see ``sender``);
- published: the Date header's day in the sender's time zone (``archive.dates.parse_mail_date``);
- body: the text/plain part (charset and quoted-printable/base64 decoded, the signature after "-- "
  dropped; a message forwarded inline in it gives its own text, title, sender and date: ``forwards``), else
  the HTML part through the web-page parser (``archive.ingest.html``); a wire dateline
  opening it is split off, as in every format;
- attachments: every other part with a file name (or an attachment disposition), as received;
- ref: ``<ref_base>#<Message-ID>`` (without the angle brackets), else ``<ref_base>#sha256:<16 hex>`` of
  the message's bytes; a Message-ID seen again in one mailbox gets ``~2``, ``~3``;
- raw_text: the message as received, except that each attachment's payload is replaced by one line
  naming it (its bytes are kept whole as the attachment, with their SHA-256), so a newsletter with a
  large PDF attached is not refused as an oversized article.

A newsletter is one article unless its stories are *clearly delimited* (``split_stories``).
"""

from __future__ import annotations

import email
import email.errors
import email.headerregistry
import email.policy
import hashlib
import io
import re
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser

import lxml.html

from archive.dates import find_date, parse_mail_date
from archive.ingest.common import clean_inline, generate_title, normalise_body, oversize, take_dateline
from archive.ingest.forwards import inline_forward
from archive.ingest.html import parse_html
from archive.ingest.language import language_of
from archive.ingest.mail_headers import header_text
from archive.ingest.types import (
    MAX_ARTICLE_BYTES,
    Dateline,
    IngestError,
    ParsedArticle,
    ParsedAttachment,
    ParsedFile,
)

__all__ = ["message_articles", "message_ref", "parse_eml", "sender", "split_stories", "subject_title"]

_POLICY = email.policy.default.clone(refold_source="none")  # re-serialised headers stay as received
_FORWARD_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|antw)\s*:\s*)*(?:fwd?|tr|wg|rv|enc)\s*:", re.IGNORECASE)
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|tr|sv|vs|antw)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+", re.IGNORECASE)
# Characters of a Message-ID kept in a ref (import_ref holds 300, an upload's base takes up to 139); real ones are
# shorter, a longer one is replaced by its hash.
_MAX_MESSAGE_ID = 100
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
# Sender display names that say "person, outlet": "Jane Doe via The Brief", "Jane Doe | The Brief".
_VIA = re.compile(r"^(?P<author>.+?)\s+(?:via|at|from|\|)\s+(?P<source>.+)$", re.IGNORECASE)
_PAREN = re.compile(r"^(?P<author>.+?)\s*\((?P<source>[^()]+)\)$")
# Mailboxes that speak for an outlet rather than a person: their display name is the outlet. The newsroom's
# mailbox in the languages a desk receives too: rédaction, redacción, Redaktion, redazione, redactie, redakcja.
_ROLE_MAILBOXES = re.compile(
    r"^(?:no-?reply|do-?not-?reply|news|newsletters?|info|editors?|editorial|desk|alerts?|digest|updates?|"
    r"hello|team|press|media|bulletin|briefing|contact|mail|mailer|list|subscriptions?|"
    r"redac(?:tion|cion|tie)|redaktion|redazione|redakcja|redakce|redaksjon|redaktionen|presse|prensa|"
    r"depeches|noticias|nachrichten|notizie|actualites)([._+-].*)?$",
    re.IGNORECASE,
)
# A newsletter's own furniture: short paragraphs about the mail itself, not the story.
_MAIL_FURNITURE = re.compile(
    r"\bunsubscribe\b|\byou(?:'re| are)? receiv(?:ing|ed) this\b|\bview (?:this (?:e-?mail|message) )?in (?:your |a )?"
    r"browser\b|\b(?:update|manage) (?:your )?(?:e-?mail )?preferences\b|\bforward (?:this )?to a friend\b",
    re.IGNORECASE,
)
_FURNITURE_MAX_WORDS = 40
_MAILER_SUBDOMAIN = re.compile(r"^(?:www|mail|email|e|em|news|newsletter|newsletters|mailer|lists?)\.", re.IGNORECASE)


# --- Headers --------------------------------------------------------------------------------------


def subject_title(subject: str) -> str:
    """The Subject as a title: decoded, one line, "Re: Fwd: " and the like removed."""
    title = clean_inline(subject)
    stripped = _REPLY_PREFIX.sub("", title).strip()
    return stripped or title


def _domain_source(domain: str) -> str:
    domain = domain.strip().lower().rstrip(".")
    while _MAILER_SUBDOMAIN.match(domain) and domain.count(".") > 1:
        domain = _MAILER_SUBDOMAIN.sub("", domain, count=1)
    return domain


def sender(from_header: str) -> tuple[str, str]:
    """(author, source) from a From header.

    "Jane Doe via The Brief <x@y>" / "Jane Doe | The Brief" / "Jane Doe (The Brief)": Jane Doe of The
    Brief. A role mailbox ("The Brief <news@brief.example>", noreply@, editors@ ...): no author, the
    display name (else the domain) is the source. A person's mailbox ("Jane Doe <jane@reuters.com>"):
    the person is the author, the domain ("reuters.com") the source.
    """
    text = clean_inline(from_header)
    if not text:
        return "", ""
    try:
        parsed = email.headerregistry.HeaderRegistry()("from", text)
        addresses: tuple[Address, ...] = parsed.addresses
    except Exception:  # an unparseable From: keep its words as the source
        return "", text[:200]
    if not addresses:
        return "", text[:200]
    address = addresses[0]
    name = clean_inline(address.display_name or "")
    domain = _domain_source(address.domain or "")
    if name:
        for pattern in (_VIA, _PAREN):
            if (match := pattern.match(name)) is not None:
                return match["author"].strip(" ,"), match["source"].strip(" ,")
    role = _ROLE_MAILBOXES.match(address.username or "") is not None
    if role or not name:
        return "", name or domain
    if "@" in name:  # "jane@reuters.com" <jane@reuters.com>: no name to show as an author
        return "", domain
    return name, domain


def _message_id(message: EmailMessage) -> str:
    value = clean_inline(str(message.get("Message-ID", "") or "")).strip("<> ")
    value = value.replace(" ", "")
    if len(value) > _MAX_MESSAGE_ID:
        return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return value


def _language(message: EmailMessage, text: str) -> str:
    """Content-Language ("fr, en": the first), else the language the text is written in."""
    return language_of(text, declared=str(message.get("Content-Language", "") or "").split(",")[0])


# --- Parts ----------------------------------------------------------------------------------------


def _decode_text(part: EmailMessage) -> str:
    """A text part's payload as str: its declared charset, else UTF-8, else Windows-1252 (never fails)."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "us-ascii"
    for candidate in (charset, "utf-8"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    broken = [type(d).__name__ for d in part.defects if isinstance(d, email.errors.InvalidBase64CharactersDefect)]
    if broken:  # what the decoder made of the rest is noise in no charset, not a Windows-1252 text
        raise IngestError(f"its text part's base64 encoding is broken ({broken[0]}): the text cannot be read")
    return payload.decode("cp1252", errors="replace")


def _is_attachment(part: EmailMessage, body_parts: set[int]) -> bool:
    if id(part) in body_parts or part.get_content_maintype() == "multipart":
        return False
    if part.get_content_disposition() == "attachment":
        return True
    return bool(part.get_filename()) or part.get_content_maintype() not in ("text", "multipart")


# Embeddings, overrides and isolates: in a file name they only disguise it ("\u202etxt.exe" shows as "exe.txt").
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _attachment(part: EmailMessage, number: int) -> ParsedAttachment:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":  # a forwarded message kept whole, as an .eml
        inner = part.get_payload()
        data = inner[0].as_bytes(policy=_POLICY) if isinstance(inner, list) and inner else b""
    else:
        data = part.get_payload(decode=True) or b""
    default = f"attachment-{number}" + (".eml" if content_type == "message/rfc822" else "")
    filename = _BIDI_CONTROLS.sub("", clean_inline(part.get_filename() or "")) or default
    return ParsedAttachment(filename=filename[:200], content_type=content_type[:100], data=data)


def _leaves(message: EmailMessage, *, into_messages: bool = False):
    """Every part that is not a container; an attached message is one leaf unless ``into_messages``."""
    if message.get_content_maintype() == "multipart":
        for sub in message.iter_parts():
            yield from _leaves(sub, into_messages=into_messages)
    elif message.get_content_type() == "message/rfc822" and into_messages:
        for sub in message.get_payload():
            yield from _leaves(sub, into_messages=True)
    else:
        yield message


def _body_parts(message: EmailMessage) -> tuple[EmailMessage | None, EmailMessage | None]:
    """(text/plain part, text/html part) of the message's body, either possibly None."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    if plain is not None and plain.get_content_disposition() == "attachment":
        plain = None
    if html is not None and html.get_content_disposition() == "attachment":
        html = None
    return plain, html


def _without_furniture(body: str) -> str:
    """The body without short paragraphs about the mail ("Unsubscribe", "View in browser")."""
    paragraphs = body.split("\n\n")
    kept = [p for p in paragraphs if len(p.split()) > _FURNITURE_MAX_WORDS or not _MAIL_FURNITURE.search(p)]
    return "\n\n".join(kept)


def _plain_body(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    signature = _SIGNATURE.search(text)
    if signature is not None and signature.start() > 0:
        text = text[: signature.start()]
    return text


def _html_text(html: str, ref: str) -> tuple[str, str, str, Dateline]:
    """(body, title, url, dateline) of an HTML part through the web-page parser (boilerplate, share links and
    footers removed); a short mail it finds no article in is read whole as text instead."""
    try:
        parsed = parse_html(html, ref=ref)
    except IngestError:  # "no article text found": fewer words than a web page's article
        return _markup_text(html), "", "", Dateline()
    return parsed.body, "" if parsed.title_generated else parsed.title, parsed.url, parsed.dateline


def _dateline_off(body: str) -> tuple[Dateline, str]:
    """A wire story's dateline split off its text ("LONDON, March 3 (Reuters) - ..."), as every format does."""
    paragraphs = body.split("\n\n")
    dateline = take_dateline(paragraphs)
    return dateline, "\n\n".join(paragraphs)


def _markup_text(html: str) -> str:
    """All the text of a short HTML part, block by block, without scripts and styles (lxml)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # empty or unparseable markup
        return ""
    for element in tree.xpath("//script|//style|//head|//noscript"):
        element.drop_tree()
    blocks = []
    for element in tree.iter("p", "h1", "h2", "h3", "h4", "li", "td", "div", "blockquote", "pre"):
        if element.xpath(".//p|.//div|.//td|.//li|.//h1|.//h2|.//h3|.//blockquote"):
            continue  # only the innermost blocks, so no text is taken twice
        blocks.append(element.text_content())
    return normalise_body("\n\n".join(blocks) if blocks else tree.text_content())


# --- Newsletters ----------------------------------------------------------------------------------

# A separator line: three or more of one of - = * _ ~ # (spaces between allowed: "* * *").
_SEPARATOR = re.compile(r"^[^\S\n]*([-=*_~#])(?:[^\S\n]*\1){2,}[^\S\n]*$", re.MULTILINE)
_HEADLINE_MAX_WORDS = 15
_HEADLINE_MAX_CHARS = 120
_STORY_MIN_WORDS = 20
_MIN_STORIES = 2


def _is_story(block: str) -> bool:
    lines = [line.strip() for line in block.strip().split("\n")]
    if len(lines) < 3 or lines[1] != "":
        return False
    headline, rest = lines[0], " ".join(lines[2:])
    return (
        0 < len(headline) <= _HEADLINE_MAX_CHARS
        and len(headline.split()) <= _HEADLINE_MAX_WORDS
        and not headline.endswith((".", ",", ";", ":"))
        and len(rest.split()) >= _STORY_MIN_WORDS
    )


def _story_after_greeting(block: str) -> str:
    """The first block from its first story on, when it opens with a greeting sharing it ("Good morning! ...",
    a blank line, then a headline and its story): the story is kept, only the greeting goes. Else the block."""
    paragraphs = block.strip().split("\n\n")
    for start in range(1, len(paragraphs) - 1):
        rest = "\n\n".join(paragraphs[start:])
        if _is_story(rest):
            return rest
    return block


def split_stories(text: str) -> list[tuple[str, str]]:
    """The stories of a clearly delimited newsletter as (headline, text), else [] (one article).

    Clearly delimited means: separator lines (three or more of one of - = * _ ~ #) cut the text into
    blocks; at least two blocks are stories (a headline line of at most 15 words and 120 characters,
    not ending in punctuation, then a blank line, then at least 20 words); and every block is a
    story except, at most, the first (an introduction) and the last (a footer); an introduction
    sharing the first block with a story ("Good morning!", a blank line, a headline, its text) is
    dropped and the story kept. Anything less is one article, as most newsletters are: guessing
    stories apart would cut real articles in pieces.
    """
    blocks = [block for block in _SEPARATOR.split(text.replace("\r\n", "\n")) if block is not None]
    # re.split keeps the separator's captured character: drop those one-character pieces.
    blocks = [block for block in blocks if len(block.strip()) > 1 and not _SEPARATOR.fullmatch(block)]
    if blocks and not _is_story(blocks[0]):  # an introduction may share its block with the first story
        blocks[0] = _story_after_greeting(blocks[0])
    flags = [_is_story(block) for block in blocks]
    if sum(flags) < _MIN_STORIES:
        return []
    inner = flags[1:-1]
    if not all(inner):
        return []
    stories = [block.strip() for block, story in zip(blocks, flags, strict=True) if story]
    return [(story.split("\n", 1)[0].strip(), story.split("\n", 1)[1]) for story in stories]


# --- Messages -------------------------------------------------------------------------------------


def _raw_text(message: EmailMessage, attachments: dict[int, ParsedAttachment]) -> str:
    """The message as received, each attachment's payload replaced by a line naming its stored bytes."""
    for part in _leaves(message, into_messages=True):
        kept = attachments.get(id(part))
        if kept is not None:
            digest = hashlib.sha256(kept.data).hexdigest()
            # ASCII (`!a`): the note replaces the payload of a part whose headers declare no charset
            note = f"[attachment {kept.filename!a}, {len(kept.data)} bytes, sha256 {digest}: kept beside the article]\n"
            del part["Content-Transfer-Encoding"]
            part.set_payload(note)
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=_POLICY).flatten(message)
    data = out.getvalue()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # 8-bit headers in another charset: every byte kept, as a character


def _forwarded_inner(message: EmailMessage) -> EmailMessage | None:
    """The message a "Fwd:" mail carries as its only content (message/rfc822 with no text of its own)."""
    parts = list(message.iter_parts()) if message.is_multipart() else []
    inner = [p for p in parts if p.get_content_type() == "message/rfc822"]
    own_text = [p for p in parts if p.get_content_maintype() == "text" and (p.get_payload(decode=True) or b"").strip()]
    if len(inner) == 1 and not own_text:
        payload = inner[0].get_payload()
        return payload[0] if isinstance(payload, list) and payload else None
    return None


def message_articles(data: bytes, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> list[ParsedArticle]:
    """The article(s) of one message's bytes under ``ref`` (already holding its Message-ID or hash).

    Raises IngestError when the message has nothing to import (no text part, no subject).
    """
    message = email.message_from_bytes(data, policy=_POLICY)
    if not any(message.get(h) for h in ("From", "Subject", "Date", "Message-ID", "Content-Type", "To")):
        raise IngestError("not an e-mail: none of the headers From, To, Subject, Date, Message-ID")
    content = _forwarded_inner(message) or message  # a bare forward: the forwarded message is the article
    title = subject_title(header_text(message, "Subject"))
    if content is not message:
        title = subject_title(header_text(content, "Subject")) or title
    author, source = sender(header_text(content, "From") or header_text(message, "From"))
    published = parse_mail_date(content.get("Date") or message.get("Date"))
    plain, html = _body_parts(content)
    plain_text = _plain_body(_decode_text(plain)) if plain is not None else ""
    forwarded = _FORWARD_PREFIX.match(header_text(message, "Subject")) is not None
    if (forward := inline_forward(plain_text, forwarded=forwarded)) is not None:  # the story, not the forwarder's note
        plain_text, title = forward.text, subject_title(forward.subject) or title
        author, source = sender(forward.sender)
        forwarded_day = parse_mail_date(forward.date)
        published = forwarded_day if forwarded_day.value is not None else find_date(forward.date)
    body, html_title, url, dateline = "", "", "", Dateline()
    if plain is not None:
        body = normalise_body(plain_text)
    if not body and html is not None:
        body, html_title, url, dateline = _html_text(_decode_text(html), ref)
        body = normalise_body(body)
    body = _without_furniture(body)
    if not dateline.place:
        dateline, body = _dateline_off(body)
    if not body:
        raise IngestError("no text to import: the message has no text or HTML part with any words")
    body_ids = {id(p) for p in (plain, html) if p is not None}
    leaves = [part for part in _leaves(content) if _is_attachment(part, body_ids)]
    kept = {id(part): _attachment(part, n) for n, part in enumerate(leaves, 1)}
    attachments = list(kept.values())
    raw = _raw_text(message, kept)
    if reason := oversize(raw, max_article_bytes):
        raise IngestError(reason)
    common = {
        "raw_text": raw,
        "published": published,
        "author": author[:200],
        "source": source[:200],
        "url": url,
        "language": _language(message, f"{title}\n\n{body}"),
    }
    stories = split_stories(plain_text) if plain is not None else []
    if stories:
        articles = []
        for n, (headline, text) in enumerate(stories, 1):
            story_dateline, story = _dateline_off(_without_furniture(normalise_body(text)))
            articles.append(
                ParsedArticle(
                    ref=f"{ref}/{n}",
                    title=clean_inline(headline),
                    body=story,
                    dateline=story_dateline,
                    attachments=attachments if n == 1 else [],
                    **common,
                )
            )
        return articles
    generated = not (title or html_title)
    return [
        ParsedArticle(
            ref=ref,
            title=title or html_title or generate_title(body.split("\n\n", 1)[0]),
            title_generated=generated,
            body=body,
            dateline=dateline,
            attachments=attachments,
            **common,
        )
    ]


def message_ref(ref_base: str, data: bytes, seen: dict[str, int]) -> str:
    """A message's reference: the file's and its Message-ID (else a hash of its bytes), a repeat numbered."""
    head = BytesHeaderParser(policy=_POLICY).parsebytes(data)
    key = _message_id(head) or "sha256:" + hashlib.sha256(data).hexdigest()[:16]
    seen[key] = seen.get(key, 0) + 1
    return f"{ref_base}#{key}" + (f"~{seen[key]}" if seen[key] > 1 else "")


def parse_eml(data: bytes, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> ParsedFile:
    """One message (.eml): its article(s); a message with nothing to import raises IngestError."""
    articles = message_articles(data, ref=message_ref(ref, data, {}), max_article_bytes=max_article_bytes)
    return ParsedFile(path="", articles=articles)

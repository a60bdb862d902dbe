"""E-mails made in code for the tests (never stored files): one message, or an mbox of several."""

from __future__ import annotations

from email.message import EmailMessage

STORY = (
    "Pakistan and Uzbekistan agreed on Monday to build the trans-Afghan railway, officials said in Tashkent "
    "after two days of talks.\n\nFreight trains are to run first, from 2027."
)


def mail(
    *,
    subject: str | None = "Railway deal signed",
    sender: str = "The Rail Brief <news@railbrief.example>",
    date: str | None = "Tue, 3 Mar 2026 10:00:00 +0000",
    message_id: str | None = "<rail-1@railbrief.example>",
    text: str | None = STORY,
    html: str | None = None,
    charset: str = "utf-8",
    cte: str | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> EmailMessage:
    """A message with a text part, an HTML part or both (multipart/alternative), and attachments
    given as (file name, content type, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "desk@archive.example"
    if subject is not None:
        message["Subject"] = subject
    if date is not None:
        message["Date"] = date
    if message_id is not None:
        message["Message-ID"] = message_id
    if text is not None:
        message.set_content(text, charset=charset, cte=cte)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def mbox(*messages: EmailMessage | bytes) -> bytes:
    """An mbox file: each message after a "From " line (bytes are taken as a message's source as it is)."""
    out = b""
    for number, message in enumerate(messages, 1):
        data = message if isinstance(message, bytes) else message.as_bytes()
        data = data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
        out += f"From sender{number}@example.org Tue Mar  3 10:00:00 2026\n".encode() + data.rstrip(b"\n") + b"\n\n"
    return out

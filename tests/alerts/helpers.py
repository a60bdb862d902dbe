"""A real SMTP server for the alert tests (aiosmtpd on a loopback port), and articles to import."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import re
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from archive.benchmark.http_load import free_port

SAFETY_NET = 60  # seconds: a wait that only fails a broken test, never paces a working one
WORD = "zanzibarite"  # in no seed article


class Inbox:
    """What the server received, in order. `refuse`: addresses answered 550 at RCPT; `greylist`: answered 450
    (try later) at RCPT. `block_at`: the Nth message is recorded, then its DATA answer waits until `release` is
    set (the sender sits mid-send)."""

    def __init__(
        self, *, refuse: set[str] = frozenset(), greylist: set[str] = frozenset(), block_at: int | None = None
    ) -> None:
        self.refuse, self.greylist, self.block_at = set(refuse), set(greylist), block_at
        self.messages: list[EmailMessage] = []
        self.changed = threading.Condition()
        self.blocked, self.release = threading.Event(), threading.Event()
        self.host, self.port = "127.0.0.1", 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        if address.lower() in self.greylist:
            return "450 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.changed:
            self.messages.append(message)
            count = len(self.messages)
            self.changed.notify_all()
        if count == self.block_at:
            self.blocked.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, SAFETY_NET)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int) -> list[EmailMessage]:
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.messages) >= count, timeout=SAFETY_NET):
                raise AssertionError(f"{count} message(s) expected, {len(self.messages)} arrived")
            return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


@contextlib.contextmanager
def smtp_server(**options) -> Iterator[Inbox]:
    inbox = Inbox(**options)
    inbox.port = free_port()
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()


def smtp_settings(inbox: Inbox) -> dict:
    """Django's SMTP backend pointed at the test server (settings overrides or environment values)."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": inbox.host,
        "EMAIL_PORT": inbox.port,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": 10,
    }


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def links(message: EmailMessage, kind: str) -> list[str]:
    """The paths of the message's text links to /alerts/<kind>/... or to articles ("articles")."""
    return re.findall(rf"https?://[^/\s]+(/{kind}/[^\s>]+)", text_of(message))


def write_articles(directory: Path, articles: list[tuple[str, str, str]], name: str = "new.jsonl") -> Path:
    """(reference, title, body) -> a JSON Lines file `import_articles` reads."""
    path = Path(directory) / name
    records = [
        {"id": ref, "title": title, "body": body, "published": "2024-01-15", "source": "Alert Test Wire"}
        for ref, title, body in articles
    ]
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    return path

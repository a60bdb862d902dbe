"""Signed links for alerts: confirm (expires, works once), unsubscribe (works once), manage (expires).

An unsubscribe link never expires: mail programs offer List-Unsubscribe on old mails too (RFC 8058), and
all it can do is stop mail.

django.core.signing with a salt per purpose, so a link made for one purpose never passes for another. "Works
once" is the subscription's state: confirming empties its nonce; an unsubscribed alert stays unsubscribed.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

CONFIRM, UNSUBSCRIBE, MANAGE = "archive.alerts.confirm", "archive.alerts.unsubscribe", "archive.alerts.manage"


class BadLink(Exception):
    """A link that was altered, has expired or was made for something else."""

    def __init__(self, expired: bool = False) -> None:
        self.expired = expired
        super().__init__("This link has expired." if expired else "This link is not valid.")


def make(purpose: str, value: dict) -> str:
    return signing.dumps(value, salt=purpose, compress=True)


def read(purpose: str, token: str, *, max_age: float | None = None) -> dict:
    if max_age is None and purpose != UNSUBSCRIBE:
        max_age = settings.ARCHIVE_ALERT_LINK_MAX_AGE
    try:
        value = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink() from error
    if not isinstance(value, dict):
        raise BadLink()
    return value

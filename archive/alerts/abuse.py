"""The subscription form's rate limits: per client address and per e-mail address (django-ratelimit).

Counted in the same database cache as the public rate limit (archive/ratelimit.py), so every worker shares
them. The per-address limit also caps the mails one address can be sent by strangers asking for alerts.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def wait_seconds(request: HttpRequest, *, email: str) -> int:
    """Seconds to wait before asking again (0: go ahead); counts this request."""
    digest = hashlib.sha256(email.encode()).hexdigest()  # the counter's key never holds the address
    limits = (
        ("archive.alerts.client", "ip", settings.ARCHIVE_ALERT_RATE_CLIENT),
        ("archive.alerts.address", lambda group, request: digest, settings.ARCHIVE_ALERT_RATE_ADDRESS),
    )
    for group, key, rate in limits:
        try:
            usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        except DatabaseError:  # as the public limit: a missing counter table lets the request through
            logger.exception("Alert rate limit not applied: run `make setup` (manage.py createcachetable)")
            return 0
        if usage is not None and usage["should_limit"]:
            return max(1, usage["time_left"])
    return 0

"""Subscribe (double opt-in), confirm, unsubscribe, and the "manage my alerts" list (cancel, change frequency).

Nothing but the confirmation mail is sent to an address until its confirmation link is followed. Asking again
for a search an address already follows sends it a short note instead of a confirmation, so the page that
answers never tells whether an address is subscribed (the rate limits in `abuse` stop a flood of either).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from archive.alerts import mail, searches, tokens
from archive.alerts.sending import PERIODS
from archive.models import Subscription

logger = logging.getLogger(__name__)


class LinkUsed(Exception):
    """A confirmation link already followed, or replaced by a newer one."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def subscribe(*, email: str, query: str, frequency: str) -> None:
    """Record the request and send the one mail it calls for; raises OSError when the mail cannot be sent now (the
    server, not the address). An address the server refuses for good (5xx at RCPT) returns as a sent mail does:
    the page must not tell which addresses exist, and a request no mail can confirm is not kept."""
    email = normalise_email(email)
    pending = None
    same_search = searches.identity(query)
    with transaction.atomic():
        # The address's alerts (a few), to find the one for this search however its words were capitalised.
        theirs = (
            Subscription.objects.filter(email=email, unsubscribed_at__isnull=True)
            .filter(disabled=False, gave_up_at__isnull=True)
            .select_for_update()
            .order_by("-id")
        )
        existing = next((alert for alert in theirs if searches.identity(alert.query) == same_search), None)
        if existing is not None and existing.confirmed_at is not None:
            message = mail.already_following(existing, asked=frequency)
        else:
            subscription = existing or Subscription(email=email, query=query)
            subscription.frequency = frequency
            # A new link replaces any earlier one: only the newest confirmation mail works.
            subscription.confirm_nonce = secrets.token_hex(16)
            subscription.save()
            pending = subscription
            message = mail.confirmation(subscription)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        if mail.is_temporary(error):
            raise
        if pending is not None:
            Subscription.objects.filter(pk=pending.pk, confirmed_at__isnull=True).delete()
        replies = "; ".join(f"{code} {reply.decode(errors='replace')}" for code, reply in error.recipients.values())
        logger.warning("An alert's confirmation mail was refused for its address (request not kept): %s", replies)


@dataclass(frozen=True)
class Pending:
    subscription: Subscription
    search: str


def pending_confirmation(*, token: str) -> Pending:
    """The alert a confirmation link names; BadLink or LinkUsed when it cannot confirm anything."""
    value = tokens.read(tokens.CONFIRM, token)
    subscription = Subscription.objects.filter(pk=value.get("s")).first()
    if subscription is None or not value.get("n") or subscription.confirm_nonce != value["n"]:
        raise LinkUsed()
    return Pending(subscription, searches.describe(subscription.query))


def confirm(*, token: str) -> Subscription:
    """Start the alert: it looks at articles that enter the archive from now on. Works once."""
    pending = pending_confirmation(token=token)
    now = timezone.now()
    # Conditional on the nonce, so two clicks at once confirm once.
    updated = Subscription.objects.filter(pk=pending.subscription.pk, confirm_nonce=pending.subscription.confirm_nonce)
    if not updated.update(confirm_nonce="", confirmed_at=now, matched_until=now, next_due_at=now):
        raise LinkUsed()
    return Subscription.objects.get(pk=pending.subscription.pk)


def subscription_to_stop(*, token: str) -> Subscription:
    """The alert an unsubscribe link names (BadLink when there is none)."""
    value = tokens.read(tokens.UNSUBSCRIBE, token)
    subscription = Subscription.objects.filter(pk=value.get("s")).first()
    if subscription is None:
        raise tokens.BadLink()
    return subscription


def unsubscribe(*, token: str) -> bool:
    """Stop the alert; False when it was stopped already."""
    subscription = subscription_to_stop(token=token)
    return bool(
        Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now(), claimed_until=None
        )
    )


def address_of(*, token: str) -> str:
    return str(tokens.read(tokens.MANAGE, token).get("e", ""))


def alerts_of(*, email: str) -> list[dict]:
    """Every alert an address has that is not cancelled, newest first."""
    return [
        {
            "id": subscription.pk,
            "search": searches.describe(subscription.query),
            "search_path": searches.search_path(subscription.query),
            "frequency": subscription.get_frequency_display(),
            # The buttons that switch it: [("weekly", "weekly")] for a daily alert.
            "other_frequencies": [
                (value, label.lower())
                for value, label in Subscription.Frequency.choices
                if value != subscription.frequency
            ],
            "confirmed": subscription.confirmed_at is not None,
            "stopped": subscription.disabled or subscription.gave_up_at is not None,
            "last_sent_at": subscription.last_sent_at,
        }
        for subscription in Subscription.objects.filter(email=email, unsubscribed_at__isnull=True)
    ]


def cancel(*, email: str, subscription_id: int | None = None) -> int:
    """Cancel one alert of the address (or all of them); the number cancelled."""
    chosen = Subscription.objects.filter(email=email, unsubscribed_at__isnull=True)
    if subscription_id is not None:
        chosen = chosen.filter(pk=subscription_id)
    return chosen.update(unsubscribed_at=timezone.now(), claimed_until=None)


@dataclass(frozen=True)
class Changed:
    """An alert whose frequency was changed, for the page that says so."""

    search: str
    frequency: str  # "weekly", as the page says it
    state: str  # "active", "unconfirmed" or "stopped" (disabled by staff or given up)
    next_mail_from: dt.datetime | None  # active: no mail before then; None: as soon as new articles match


def change_frequency(*, email: str, subscription_id: int, frequency: str) -> Changed | None:
    """Send one of the address's alerts daily or weekly from now on; None when it has no such alert.

    Only when the next mail may come changes: a period after the last mail (already past: due now), or as before
    when none was sent yet. What the alert looked at (`matched_until`) and was sent (`SentAlert`) stay, so the next
    mail holds every article that entered since the last one, and none of that mail's again. One UPDATE, so a
    run mailing the alert meanwhile cannot mix its old period with the new one (`sending` reads the frequency the
    row has when it moves the alert on)."""
    period = PERIODS[Subscription.Frequency(frequency)]
    chosen = Subscription.objects.filter(pk=subscription_id, email=email, unsubscribed_at__isnull=True)
    if not chosen.update(frequency=frequency, next_due_at=Coalesce(F("last_sent_at") + period, F("next_due_at"))):
        return None
    subscription = Subscription.objects.get(pk=subscription_id)
    if subscription.confirmed_at is None:
        state = "unconfirmed"
    elif subscription.disabled or subscription.gave_up_at is not None:
        state = "stopped"
    else:
        state = "active"
    due = subscription.next_due_at
    return Changed(
        search=searches.describe(subscription.query),
        frequency=subscription.get_frequency_display().lower(),
        state=state,
        next_mail_from=due if state == "active" and due is not None and due > timezone.now() else None,
    )

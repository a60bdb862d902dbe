"""`send_due()`: one run of `manage.py send_alerts` — each due alert's new matches, mailed once.

What an alert sends: published articles that became public (`Article.public_since`: their import, or an editor
publishing them again) after the moment its last run looked (`matched_until`) and up to this run's horizon, that
its search matches now (the public search service, so exactly what the search page finds), that were never mailed
to it (`SentAlert`), in the search's order, at most ARCHIVE_ALERT_MAX_ARTICLES (the mail counts the rest and links
to the whole search). The horizon
stays ARCHIVE_ALERT_SETTLE_SECONDS behind both the clock and the oldest index change still queued, so an
article whose import has not committed, or that the index does not hold yet, waits for a later run.

Safe every minute and twice at once: a run claims one alert at a time (`claimed_until`, a lease of
ARCHIVE_ALERT_CLAIM_SECONDS; SELECT … FOR UPDATE SKIP LOCKED where the database has it, else a conditional
UPDATE that only one run can win). After the SMTP server has accepted a mail, one transaction records its
articles and moves the alert on. A run killed between those two steps leaves the alert claimed; once the lease
lapses the next run mails the same articles again: at most that one mail is duplicated, none is lost.

A send the server refuses for the address for good (5xx at RCPT or DATA) counts a failure and leaves the alert due
(retried next run); after ARCHIVE_ALERT_MAX_FAILURES in a row the alert is given up (the admin shows it). A
refusal for now (4xx: greylisting, a full mailbox) leaves it due without counting a failure. A server that cannot
be reached is not the address's fault: the run stops there, every alert stays due, and the command exits non-zero.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from archive.alerts import mail, searches
from archive.models import Article, IndexChange, SentAlert, Subscription
from archive.search import RESOLVERS, IndexUnavailable, QueryError, matching_ids

logger = logging.getLogger(__name__)

PERIODS = {Subscription.Frequency.DAILY: dt.timedelta(days=1), Subscription.Frequency.WEEKLY: dt.timedelta(days=7)}
EVERY_MATCH = 10**9  # matching_ids' limit: all of them


@dataclass
class SendReport:
    looked: int = 0  # alerts looked at
    mailed: int = 0  # alert mails the server accepted
    articles: int = 0  # articles in them
    refused: int = 0  # sends the server refused for the address (5xx)
    deferred: int = 0  # sends the server refused for now (4xx), retried on a later run
    gave_up: int = 0  # alerts given up on in this run
    purged: int = 0  # unconfirmed requests whose link expired, removed
    errors: list[str] = field(default_factory=list)  # what stopped the run early

    def summary(self) -> str:
        return (
            f"{self.mailed} alert mail(s) with {self.articles} article(s) sent; {self.looked} alert(s) looked at; "
            f"{self.refused} refused, {self.deferred} deferred, {self.gave_up} given up; "
            f"{self.purged} expired request(s) removed"
        )


class ServerUnavailable(Exception):
    """The mail server cannot be reached or refuses us: not the address's fault."""


def horizon(now: dt.datetime) -> dt.datetime:
    """Articles that entered the archive up to here are committed and in the index."""
    until = now
    oldest_queued = IndexChange.objects.order_by("id").values_list("created_at", flat=True).first()
    if oldest_queued is not None:
        until = min(until, oldest_queued)
    return until - dt.timedelta(seconds=settings.ARCHIVE_ALERT_SETTLE_SECONDS)


def claim_next(*, now: dt.datetime, until: dt.datetime, skip: set[int]) -> Subscription | None:
    """Claim one due alert with something new to look at, or None; no other run gets it while claimed."""
    lease = now + dt.timedelta(seconds=settings.ARCHIVE_ALERT_CLAIM_SECONDS)
    due = Subscription.objects.due(now).filter(matched_until__lt=until).exclude(pk__in=skip).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            chosen = due.select_for_update(skip_locked=True).first()
            if chosen is None:
                return None
            Subscription.objects.filter(pk=chosen.pk).update(claimed_until=lease)
    else:
        # SQLite: writers take turns, so a conditional UPDATE is won by exactly one run.
        for pk in due.values_list("pk", flat=True)[:100]:
            if due.filter(pk=pk).update(claimed_until=lease):
                break
        else:
            return None
        chosen = Subscription(pk=pk)
    chosen.refresh_from_db()
    return chosen


def new_matches(subscription: Subscription, *, until: dt.datetime) -> tuple[list[int], int]:
    """(ids to mail, in the search's order; how many new articles match in all)."""
    entered = set(
        Article.objects.published()
        .filter(public_since__gt=subscription.matched_until, public_since__lte=until)
        .exclude(pk__in=SentAlert.objects.filter(subscription=subscription).values("article_id"))
        .values_list("pk", flat=True)
    )
    if not entered:
        return [], 0
    _, ids = matching_ids(searches.params_of(subscription.query), limit=EVERY_MATCH, resolvers=RESOLVERS)
    new = [pk for pk in ids if pk in entered]
    return new[: settings.ARCHIVE_ALERT_MAX_ARTICLES], len(new)


def _groups_sent_before(subscription: Subscription, articles: list[Article]) -> set[int]:
    """The copy groups among `articles` of which an earlier mail of this alert sent a version."""
    groups = {article.copy_group_id for article in articles if article.copy_group_id}
    if not groups:
        return set()
    sent = SentAlert.objects.filter(subscription=subscription, article__copy_group_id__in=groups)
    return set(sent.values_list("article__copy_group_id", flat=True))


def _release(subscription: Subscription, **changes) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(claimed_until=None, **changes)


def _deferred(subscription: Subscription, error: Exception, report: SendReport) -> None:
    # Not the address's fault, and not counted: the alert stays due and its articles wait for a later run.
    _release(subscription, last_error=f"deferred by the mail server: {error}"[:300])
    report.deferred += 1
    logger.warning("Alert %s: the mail server deferred the send (retried on a later run): %s", subscription.pk, error)


def _refused(subscription: Subscription, error: Exception, now: dt.datetime, report: SendReport) -> None:
    failures = subscription.failures + 1
    gave_up = failures >= settings.ARCHIVE_ALERT_MAX_FAILURES
    _release(subscription, failures=failures, last_error=str(error)[:300], gave_up_at=now if gave_up else None)
    report.refused += 1
    report.gave_up += gave_up
    logger.warning("Alert %s: the mail server refused the send (%s failure(s)): %s", subscription.pk, failures, error)


def _next_due(now: dt.datetime) -> Case:
    """A period after `now` by the frequency the row has when it is written: the reader may have changed it on
    the manage page while this run was mailing (the frequency read at the claim would undo that)."""
    whens = [When(frequency=frequency, then=Value(now + period)) for frequency, period in PERIODS.items()]
    return Case(*whens, default=Value(now + PERIODS[Subscription.Frequency.DAILY]))


def _send(subscription: Subscription, *, now: dt.datetime, until: dt.datetime, smtp, report: SendReport) -> None:
    try:
        ids, total = new_matches(subscription, until=until)
    except QueryError as error:  # a stored search this version cannot run: say so, keep the alert
        _release(subscription, matched_until=until, last_error=f"search cannot be run: {error}"[:300])
        return
    if not ids:
        _release(subscription, matched_until=until)
        return
    loaded = Article.objects.select_related("source").in_bulk(ids)
    articles = [loaded[pk] for pk in ids if pk in loaded]
    message = mail.alert(subscription, articles, total, sent_groups=_groups_sent_before(subscription, articles))
    message.connection = smtp
    try:
        message.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        if mail.is_temporary(error):
            _deferred(subscription, error, report)
        else:
            _refused(subscription, error, now, report)
        return
    except OSError as error:  # every smtplib error is an OSError: the server, not the address
        _release(subscription)
        raise ServerUnavailable(str(error)) from error
    # Only after the server accepted the mail; a kill before this commit re-sends this one mail, no other.
    with transaction.atomic():
        SentAlert.objects.bulk_create(
            [SentAlert(subscription=subscription, article=article) for article in articles], ignore_conflicts=True
        )
        _release(
            subscription,
            matched_until=until,
            last_sent_at=now,
            next_due_at=_next_due(now),
            failures=0,
            last_error="",
        )
    report.mailed += 1
    report.articles += len(articles)


def purge_expired(now: dt.datetime) -> int:
    """Requests never confirmed whose link has expired: nothing can confirm them any more."""
    expired = now - dt.timedelta(seconds=settings.ARCHIVE_ALERT_LINK_MAX_AGE)
    deleted, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).delete()
    return deleted


def send_due(*, now: dt.datetime | None = None) -> SendReport:
    now = now or timezone.now()
    report = SendReport(purged=purge_expired(now))
    until = horizon(now)
    newest = Article.objects.published().aggregate(newest=Max("public_since"))["newest"]
    if newest is None:
        return report
    until_new = min(until, newest)  # alerts that looked past the newest article have nothing to look at
    smtp = get_connection()
    done: set[int] = set()
    try:
        while (subscription := claim_next(now=now, until=until_new, skip=done)) is not None:
            done.add(subscription.pk)
            report.looked += 1
            try:
                _send(subscription, now=now, until=until, smtp=smtp, report=report)
            except (ServerUnavailable, IndexUnavailable) as error:
                _release(subscription)
                report.errors.append(f"alert {subscription.pk}: {error}")
                logger.error("send_alerts stopped: %s", error)
                break
            except Exception:
                _release(subscription)
                raise
    finally:
        smtp.close()
    return report

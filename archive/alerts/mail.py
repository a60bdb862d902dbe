"""The alert mails: text and HTML from templates, absolute links, List-Unsubscribe headers on alerts."""

from __future__ import annotations

import smtplib
import textwrap
from collections.abc import Collection, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from archive import copies
from archive.alerts import searches, tokens
from archive.models import Article, Subscription
from archive.sanitize import highlighted

EXCERPT_CHARS = 300
TEXT_WIDTH = 76  # the text part's lines, as mail programs show plain text
SUBJECT_CHARS = 120


def is_temporary(error: smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError) -> bool:
    """A refusal for now: a 4xx reply (RFC 5321 4.2.1, "try again later": greylisting, a full mailbox) at RCPT or
    DATA; a 5xx is for good (no such address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
    else:
        codes = [error.smtp_code]
    return bool(codes) and all(400 <= code < 500 for code in codes)


def absolute(path: str) -> str:
    return settings.ARCHIVE_SITE_URL + path


def unsubscribe_url(subscription: Subscription) -> str:
    token = tokens.make(tokens.UNSUBSCRIBE, {"s": subscription.pk})
    return absolute(reverse("archive:alert-unsubscribe", kwargs={"token": token}))


def manage_url(email: str) -> str:
    return absolute(manage_path(email))


def manage_path(email: str) -> str:
    """The page of every alert of `email` (the link expires as the confirmation link does)."""
    return reverse("archive:alert-manage", kwargs={"token": tokens.make(tokens.MANAGE, {"e": email})})


def confirm_url(subscription: Subscription) -> str:
    token = tokens.make(tokens.CONFIRM, {"s": subscription.pk, "n": subscription.confirm_nonce})
    return absolute(reverse("archive:alert-confirm", kwargs={"token": token}))


def _subject(text: str) -> str:
    return text if len(text) <= SUBJECT_CHARS else text[: SUBJECT_CHARS - 1] + "…"


def _message(subject: str, template: str, context: dict, to: str, headers: dict | None = None):
    context = {**context, "site_url": settings.ARCHIVE_SITE_URL}
    message = EmailMultiAlternatives(
        subject=_subject(subject),
        body=render_to_string(f"archive/alerts/mail/{template}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"archive/alerts/mail/{template}.html", context), "text/html")
    return message


def confirmation(subscription: Subscription) -> EmailMultiAlternatives:
    search = searches.describe(subscription.query)
    context = {
        "subscription": subscription,
        "search": search,
        "search_url": absolute(searches.search_path(subscription.query)),
        "confirm_url": confirm_url(subscription),
        "hours": settings.ARCHIVE_ALERT_LINK_MAX_AGE // 3600,
    }
    # The search is in the body, not the subject: anyone may ask for a confirmation to any address, and a subject
    # of their words ("URGENT your account is suspended…") would be theirs, sent from the archive's domain.
    return _message("Confirm your e-mail alert", "confirm", context, subscription.email)


def already_following(subscription: Subscription, *, asked: str = "") -> EmailMultiAlternatives:
    """Sent instead of a second confirmation: the page never says whether an address is subscribed. It says how
    often the alert is sent, and, when another frequency was `asked` for, that the manage page it links to (at this
    alert) switches it (anyone may ask in the address's name, so the request itself changes nothing)."""
    search = searches.describe(subscription.query)
    context = {
        "search": search,
        "manage_url": f"{manage_url(subscription.email)}#alert-{subscription.pk}",
        "hours": settings.ARCHIVE_ALERT_LINK_MAX_AGE // 3600,
        "frequency": subscription.get_frequency_display().lower(),
        "asked": Subscription.Frequency(asked).label.lower() if asked and asked != subscription.frequency else "",
    }
    return _message(f"You already follow this search: {search}", "already", context, subscription.email)


def _excerpt(article: Article) -> str:
    text = " ".join((article.body or "")[: EXCERPT_CHARS * 2].split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def _version(article: Article) -> dict:
    return {
        "title": article.title,
        "url": absolute(article.get_absolute_url()),
        "date": article.published_display,
        "source": article.source.name if article.source else "",
    }


def _item(article: Article, others: Sequence[Article]) -> dict:
    excerpt = _excerpt(article)
    return {
        **_version(article),
        # The text part's excerpt indented under its item's title, as the HTML part shows it under its link.
        "excerpt_text": textwrap.fill(excerpt, width=TEXT_WIDTH, initial_indent="   ", subsequent_indent="   "),
        # Text from outside, escaped once through the one sanitizer.
        "excerpt_html": highlighted([(excerpt, False)]),
        "versions": [_version(other) for other in others],
    }


def alert(
    subscription: Subscription, articles: Sequence[Article], total: int, *, sent_groups: Collection[int] = ()
) -> EmailMultiAlternatives:
    """The new articles (in the search's order) and how many more matched than the mail lists.

    A story's new copies are one item, under the version search shows for it, with the others listed. New
    versions of a story an earlier mail of this alert sent (its copy group in `sent_groups`) are not a story
    again: they are listed at the end, by title, outlet and date.
    """
    search = searches.describe(subscription.query)
    unsubscribe = unsubscribe_url(subscription)
    stories = copies.as_stories(articles)
    items = [_item(article, others) for article, others in stories if article.copy_group_id not in sent_groups]
    later = [
        _version(version)
        for article, others in stories
        if article.copy_group_id in sent_groups
        for version in (article, *others)
    ]
    context = {
        "search": search,
        "items": items,
        "later_versions": later,
        "total": total,
        "more": total - len(articles),
        "search_url": absolute(searches.search_path(subscription.query)),
        "newest_first_url": absolute(searches.newest_first_path(subscription.query)),
        "unsubscribe_url": unsubscribe,
        "manage_url": manage_url(subscription.email),
        "frequency": subscription.get_frequency_display().lower(),
    }
    headers = {
        # RFC 8058 one-click: the mail program POSTs "List-Unsubscribe=One-Click" to the link.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    count = f"{total} new article{'s' if total != 1 else ''}"
    return _message(f"{count}: {search}", "alert", context, subscription.email, headers)

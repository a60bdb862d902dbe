"""E-mail alert pages (archive/alerts/): subscribe, confirm, unsubscribe, manage. Thin over the services."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from archive.alerts import abuse, mail, searches, subscriptions
from archive.alerts.forms import SubscribeForm
from archive.alerts.tokens import BadLink
from archive.errors import search_unavailable, too_many_requests
from archive.models import Subscription
from archive.search import IndexUnavailable

logger = logging.getLogger(__name__)

SENT = (
    "Check your inbox",
    "If this address can receive alerts, a mail is on its way to it. Follow the link in it to start the alert: "
    "nothing else is sent until you do. The link works once and expires.",
)
MAIL_DOWN = (
    "Mail cannot be sent just now",
    "The archive could not send the confirmation mail. Nothing has started; please try again later.",
)


def _message(
    request: HttpRequest, title: str, text: str, *, status: int = 200, link: str = "", manage: str = ""
) -> HttpResponse:
    context = {"title": title, "text": text, "link": link, "manage": manage}
    return render(request, "archive/alerts/message.html", context, status=status)


# What gets a new link, per kind of link that expires (an unsubscribe link never does).
ASK_AGAIN = "This link has expired. Ask for the alert again from the search page; a new link will be mailed."
NEW_MANAGE_LINK = (
    "This link has expired. To stop one alert, use “Stop this alert” in any of its mails: that link never expires. "
    "For a new link to all your alerts, open a search you follow and ask for its alerts again with the same "
    "address: you will be mailed a note with a new link (each new alert mail has one too)."
)


def _bad_link(request: HttpRequest, error: Exception, *, when_expired: str = ASK_AGAIN) -> HttpResponse:
    if isinstance(error, subscriptions.LinkUsed):
        text = "This link has been used already, or a newer mail replaced it. Nothing was changed."
        return _message(request, "Link already used", text, status=410)
    if getattr(error, "expired", False):
        return _message(request, "Link expired", when_expired, status=410)
    return _message(request, "Link not valid", "This link is not valid: check that it was copied whole.", status=400)


def subscribe(request: HttpRequest) -> HttpResponse:
    """GET: the form for the search in the URL's parameters; POST: ask for the alert (a confirmation mail)."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        query, notices, error = searches.from_request(
            QueryDict(data.get("search", "")) if request.method == "POST" else data
        )
    except IndexUnavailable:  # the search's notices need the index, as the search page does
        return search_unavailable(request)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "search": searches.describe(query), "query": query, "notices": notices, "error": error,
               "search_path": searches.search_path(query)}  # fmt: skip
    if error or request.method != "POST" or not form.is_valid():
        status = 400 if error or form.is_bound else 200
        return render(request, "archive/alerts/subscribe.html", context, status=status)
    if form.is_bot():
        return _message(request, *SENT)  # what a person would see; nothing is stored or sent
    email = subscriptions.normalise_email(form.cleaned_data["email"])
    wait = abuse.wait_seconds(request, email=email)
    if wait:
        return too_many_requests(request, wait)
    try:
        subscriptions.subscribe(email=email, query=query, frequency=form.cleaned_data["frequency"])
    except OSError:
        logger.exception("The confirmation mail for an alert could not be sent.")
        return _message(request, *MAIL_DOWN, status=503)
    return _message(request, *SENT)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link confirms (a mail scanner following links confirms nothing); POST confirms."""
    try:
        if request.method == "POST":
            subscription = subscriptions.confirm(token=token)
            how_often = subscription.get_frequency_display().lower()
            text = (
                f"Your {how_often} alert for {searches.describe(subscription.query)} has started. "
                "Each alert mail has a link to stop it."
            )
            # Whoever opened the mailed link holds the mailbox: the page of all its alerts is theirs to see now,
            # not only from the first alert mail (which may come days later, or never for a quiet search).
            return _message(
                request,
                "Alert confirmed",
                text,
                link=searches.search_path(subscription.query),
                manage=mail.manage_path(subscription.email),
            )
        pending = subscriptions.pending_confirmation(token=token)
    except (BadLink, subscriptions.LinkUsed) as error:
        return _bad_link(request, error)
    return render(request, "archive/alerts/confirm.html", {"pending": pending})


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no page, cookie or token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners must not unsubscribe anyone); POST stops the alert, no login, no CSRF token."""
    try:
        subscription = subscriptions.subscription_to_stop(token=token)
        if request.method == "POST":
            subscriptions.unsubscribe(token=token)
            # The way back to the search, whose page asks for its alerts again: a stop clicked by mistake (a mail
            # program's button is one click) is undone there, after a confirmation mail as any new alert.
            text = (
                f"No more mail will be sent for the alert for {searches.describe(subscription.query)}. Stopped by "
                "mistake? “Get e-mail alerts for this search” on the search page starts it again."
            )
            return _message(request, "Alert stopped", text, link=searches.search_path(subscription.query))
    except BadLink as error:
        return _bad_link(request, error)
    context = {"search": searches.describe(subscription.query), "stopped": subscription.unsubscribed_at is not None}
    return render(request, "archive/alerts/unsubscribe.html", context)


def _chosen_id(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdecimal() else None  # "²" is a digit int() refuses


def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Every alert of the address the link was mailed to; POST cancels one (`alert`) or all (`all`), or switches
    one to another frequency (`switch`: "<id>:<frequency>", the button's value, so a form sent twice switches once)."""
    try:
        email = subscriptions.address_of(token=token)
    except BadLink as error:
        return _bad_link(request, error, when_expired=NEW_MANAGE_LINK)
    cancelled = changed = None
    if request.method == "POST":
        if "switch" in request.POST:
            chosen, _, frequency = request.POST["switch"].partition(":")
            subscription_id = _chosen_id(chosen)
            if subscription_id is None or frequency not in Subscription.Frequency.values:
                return _message(request, "Nothing chosen", "Choose an alert and how often to send it.", status=400)
            changed = subscriptions.change_frequency(email=email, subscription_id=subscription_id, frequency=frequency)
            if changed is None:  # cancelled meanwhile (another tab), or not this address's
                text = "This alert is not among this address's alerts any more: nothing was changed."
                return _message(request, "No such alert", text, status=404, manage=request.path)
        elif "all" in request.POST:
            cancelled = subscriptions.cancel(email=email)
        elif (subscription_id := _chosen_id(request.POST.get("alert", ""))) is not None:
            cancelled = subscriptions.cancel(email=email, subscription_id=subscription_id)
        else:
            return _message(request, "Nothing chosen", "Choose an alert to cancel.", status=400)
    context = {
        "email": email,
        "alerts": subscriptions.alerts_of(email=email),
        "cancelled": cancelled,
        "changed": changed,
    }
    return render(request, "archive/alerts/manage.html", context)

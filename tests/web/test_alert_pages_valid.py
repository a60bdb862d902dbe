"""The Nu HTML Checker finds no error in the e-mail alert pages (archive/alert_views.py) or the HTML mails."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from archive.alerts import mail as alert_mail
from archive.models import Article, Subscription
from tests.checkers import nu

pytestmark = pytest.mark.slow  # one Java start


def alert_pages(client: Client) -> dict[str, str]:
    """Every alert page as a reader reaches it, and the mails' HTML parts: {name: HTML}."""
    pages = {
        "subscribe form": client.get("/alerts/new/?q=pakistan&country=PK").content,
        "subscribe form with an error": client.post("/alerts/new/", {"email": "no", "search": "q=x"}).content,
        "check your inbox": client.post(
            "/alerts/new/", {"email": "v@example.org", "frequency": "daily", "search": "q=pakistan"}
        ).content,
    }
    confirm = re.search(r"(/alerts/confirm/\S+)", mail.outbox[0].body).group(1)
    pages["confirm"] = client.get(confirm).content
    pages["confirmed"] = client.post(confirm).content
    pages["link used"] = client.post(confirm).content
    pages["link not valid"] = client.get("/alerts/manage/nonsense/").content
    subscription = Subscription.objects.get()
    unsubscribe = re.sub(r"^https?://[^/]+", "", alert_mail.unsubscribe_url(subscription))
    manage = re.sub(r"^https?://[^/]+", "", alert_mail.manage_url(subscription.email))
    pages["manage"] = client.get(manage).content
    pages["manage, an alert switched to weekly"] = client.post(manage, {"switch": f"{subscription.pk}:weekly"}).content
    pages["unsubscribe"] = client.get(unsubscribe).content
    pages["unsubscribed"] = client.post(unsubscribe).content
    pages["unsubscribe, already stopped"] = client.get(unsubscribe).content
    pages["manage, none left"] = client.get(manage).content
    pages = {name: html.decode() for name, html in pages.items()}
    articles = list(Article.objects.select_related("source")[:3])
    mails = {
        "confirmation mail": alert_mail.confirmation(subscription),
        "already-following mail": alert_mail.already_following(subscription),
        "already-following mail, another frequency asked": alert_mail.already_following(subscription, asked="daily"),
        "alert mail": alert_mail.alert(subscription, articles, len(articles) + 2),
    }
    for name, message in mails.items():
        pages[name] = message.alternatives[0][0]
    return pages


def test_alert_pages_and_mails_are_valid_html(archive, client, tmp_path):
    found = nu.errors(alert_pages(client), tmp_path)
    assert not found, "\n".join(f"{page}:\n  " + "\n  ".join(messages) for page, messages in found.items())

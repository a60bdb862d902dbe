"""Issue 20's alert flow against a real SMTP server (aiosmtpd on loopback, Django's SMTP backend):
subscribe -> confirmation mail -> link followed -> new matching articles imported -> send_alerts -> exactly
those articles, once -> again -> nothing -> unsubscribe (one click) -> nothing more."""

from __future__ import annotations

import datetime as dt
import re

from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

from archive.models import SentAlert, Subscription
from tests.alerts.helpers import WORD, html_of, links, text_of

ADDRESS = "reader@example.org"


def subscribe(client: Client, address: str, query: str = f"q={WORD}", frequency: str = "daily") -> None:
    page = client.get(f"/alerts/new/?{query}")
    assert page.status_code == 200 and WORD in page.content.decode()
    form = {"email": address, "frequency": frequency, "search": query, "website": ""}
    answer = client.post("/alerts/new/", form)
    assert answer.status_code == 200 and "Check your inbox" in answer.content.decode()


def confirm(client: Client, inbox, address: str) -> None:
    (confirmation,) = inbox.to(address)
    (path,) = links(confirmation, "alerts/confirm")
    assert client.get(path).status_code == 200  # a page with a button: following the link alone changes nothing
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 410  # works once


def mailed_titles(message) -> list[str]:
    return [line.split(". ", 1)[1] for line in text_of(message).splitlines() if line[:1].isdigit() and ". " in line]


def test_subscribe_confirm_send_once_unsubscribe(db, archive, client, inbox, add_articles):
    # GIVEN a reader asks for alerts on a search; an article matching it enters before they confirm
    subscribe(client, ADDRESS)
    # (the search is named in the body, never in the subject: anyone may ask for a confirmation to any address)
    assert [m["Subject"].strip() for m in inbox.wait_for(1)] == ["Confirm your e-mail alert"]
    add_articles(("early", f"Early {WORD} story", f"The {WORD} came early."))
    call_command("send_alerts")
    assert len(inbox.messages) == 1  # nothing but the confirmation until the link is followed

    # WHEN they confirm, then two matching articles and one other enter the archive, and send_alerts runs
    confirm(client, inbox, ADDRESS)
    add_articles(
        ("one", f"First {WORD} report", f"A {WORD} was found."),
        ("two", f"Second {WORD} report", f"Another {WORD} was found."),
        ("other", "Unrelated harbour news", "Ships came and went."),
    )
    call_command("send_alerts")

    # THEN exactly those two articles arrive, once, as text and HTML, with one-click unsubscribe headers
    alert = inbox.wait_for(2)[1]
    assert alert["To"] == ADDRESS and alert["Subject"].strip() == f"2 new articles: “{WORD}”"
    assert sorted(mailed_titles(alert)) == [f"First {WORD} report", f"Second {WORD} report"]
    assert f"Second {WORD} report" in html_of(alert) and "Early" not in html_of(alert)
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_path = links(alert, "alerts/unsubscribe")[0]
    assert alert["List-Unsubscribe"].strip() == f"<http://testserver{unsubscribe_path}>"
    assert SentAlert.objects.count() == 2

    # WHEN send_alerts runs again THEN nothing is sent
    call_command("send_alerts")
    assert len(inbox.messages) == 2

    # WHEN another reader follows the same search, the first unsubscribes with one click (a mail program's POST,
    # no CSRF token), a day passes and a new matching article enters
    subscribe(client, "second@example.org")
    inbox.wait_for(3)
    confirm(client, inbox, "second@example.org")
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe_path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert one_click.status_code == 200
    Subscription.objects.update(next_due_at=timezone.now())  # a day later
    add_articles(("three", f"Third {WORD} report", f"Yet another {WORD}."))
    call_command("send_alerts")

    # THEN only the reader still subscribed gets it; the first gets nothing more
    latest = inbox.wait_for(4)[3]
    assert latest["To"] == "second@example.org" and mailed_titles(latest) == [f"Third {WORD} report"]
    assert len(inbox.to(ADDRESS)) == 2


def test_asking_for_another_frequency_leads_to_the_switch_and_no_article_is_lost_or_repeated(
    db, archive, client, inbox, add_articles
):
    # GIVEN a reader who follows a search weekly and has had its first weekly mail
    subscribe(client, ADDRESS, frequency="weekly")
    inbox.wait_for(1)
    confirm(client, inbox, ADDRESS)
    add_articles(("one", f"First {WORD} report", f"A {WORD} was found."))
    call_command("send_alerts")
    assert mailed_titles(inbox.wait_for(2)[1]) == [f"First {WORD} report"]
    add_articles(("two", f"Second {WORD} report", f"Another {WORD} was found."))

    # WHEN two days later they ask for the same search's alerts daily
    Subscription.objects.update(last_sent_at=F("last_sent_at") - dt.timedelta(days=2))
    subscribe(client, ADDRESS, frequency="daily")
    # THEN the mail says it is weekly and links to their alerts' page, where a button switches it to daily
    already = inbox.wait_for(3)[2]
    assert already["Subject"].strip().startswith("You already follow this search")
    assert 'To get daily mails instead, choose "Switch to daily"' in " ".join(text_of(already).split())
    (manage,) = links(already, "alerts/manage")
    page = client.get(manage.split("#")[0]).content.decode()
    (button,) = re.findall(r'name="switch" value="([^"]+)"', page)

    # WHEN they press it THEN the page says the alert is daily, and its next mail comes with new articles
    switched = " ".join(client.post(manage.split("#")[0], {"switch": button}).content.decode().split())
    assert f"The alert for “{WORD}” is now daily. Its next mail comes as soon as new articles match." in switched
    # AND the next run mails the article that entered since the weekly mail, and not the one that mail had
    call_command("send_alerts")
    daily = inbox.wait_for(4)[3]
    assert daily["To"] == ADDRESS and mailed_titles(daily) == [f"Second {WORD} report"]
    assert Subscription.objects.get().frequency == "daily" and SentAlert.objects.count() == 2

"""archive/alerts/tokens.py and the pages the links open: confirm, unsubscribe, manage; bad links never 500."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.signing import TimestampSigner

from archive.alerts import mail as alert_mail
from archive.alerts import tokens
from archive.models import Subscription
from tests.alerts.helpers import WORD


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def pending(db, client):
    client.post("/alerts/new/", {"email": "r@example.org", "frequency": "weekly", "search": f"q={WORD}"})
    (message,) = mail.outbox
    return Subscription.objects.get(), re.search(r"(/alerts/confirm/\S+)", message.body).group(1)


def test_a_confirmation_link_works_once_and_only_the_newest_works(db, client, pending):
    subscription, first = pending
    # WHEN the same address asks again before confirming THEN a new link replaces the first
    client.post("/alerts/new/", {"email": "R@Example.org", "frequency": "weekly", "search": f"q={WORD}"})
    second = re.search(r"(/alerts/confirm/\S+)", mail.outbox[1].body).group(1)
    assert client.post(first).status_code == 410
    assert client.post(second).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at and subscription.next_due_at and subscription.frequency == "weekly"
    assert client.get(second).status_code == 410 and Subscription.objects.count() == 1


def test_the_confirmed_page_leads_to_every_alert_of_the_address(db, client, pending):
    # GIVEN a confirmation link just mailed
    subscription, link = pending
    # WHEN it is confirmed
    page = client.post(link).content.decode()
    # THEN the page links to the address's alerts (not only the first alert mail, days away), where it is listed
    manage = re.search(r'<a href="(/alerts/manage/[^"]+)">All your alerts</a>', page).group(1)
    listed = client.get(manage)
    assert listed.status_code == 200 and subscription.email in listed.content.decode()
    assert "Cancel" in listed.content.decode()


def test_an_expired_or_altered_link_is_a_clear_page_not_an_error(db, client, pending, settings):
    _, link = pending
    assert client.get(link[:-3] + "xx/").status_code == 400
    settings.ARCHIVE_ALERT_LINK_MAX_AGE = -1  # every link already expired
    answer = client.post(link)
    assert answer.status_code == 410 and "expired" in answer.content.decode()
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_an_expired_manage_link_says_how_to_get_a_new_one(db, client, alert, settings):
    # GIVEN an "All your alerts" link that has expired
    subscription = alert()
    path = alert_mail.manage_url(subscription.email).removeprefix(settings.ARCHIVE_SITE_URL)
    settings.ARCHIVE_ALERT_LINK_MAX_AGE = -1
    # WHEN it is followed
    answer = client.get(path)
    text = answer.content.decode()
    # THEN it says how to stop an alert and how to get a new link to all of them, not to ask for an alert again
    assert answer.status_code == 410 and "Stop this alert" in text and "never expires" in text
    assert "ask for its alerts again with the same address" in text
    assert "Ask for the alert again from the search page" not in text


def test_a_link_made_for_one_purpose_is_refused_for_another(db, client, alert):
    subscription = alert()
    unsubscribe = path_of(alert_mail.unsubscribe_url(subscription))
    as_manage = unsubscribe.replace("/unsubscribe/", "/manage/")
    assert client.get(as_manage).status_code == 400
    assert client.post(unsubscribe.replace("/unsubscribe/", "/confirm/")).status_code == 400
    plain = TimestampSigner().sign("1")  # signed with the same key, without the salt
    assert client.get(f"/alerts/unsubscribe/{plain}/").status_code == 400
    with pytest.raises(tokens.BadLink):
        tokens.read(tokens.MANAGE, tokens.make(tokens.UNSUBSCRIBE, {"e": "r@example.org"}))


def test_unsubscribe_asks_on_get_and_stops_on_post(db, client, alert):
    subscription = alert()
    path = path_of(alert_mail.unsubscribe_url(subscription))
    page = client.get(path)
    assert page.status_code == 200 and "Stop this alert" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None  # a link scanner's GET stops nothing
    assert client.post(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert "already stopped" in client.get(path).content.decode()
    assert client.post(path).status_code == 200  # again: nothing more to do, no error


def test_the_stopped_page_says_which_alert_and_leads_back_to_its_search(db, client, alert):
    # GIVEN an alert WHEN its "Stop this alert" is confirmed
    subscription = alert(query="q=trade&country=PK")
    page = client.post(path_of(alert_mail.unsubscribe_url(subscription))).content.decode()
    # THEN the page names the alert stopped and links to its search, where it can be asked for again
    assert "“trade” · Pakistan" in page and "starts it again" in page
    assert '<a href="/?q=trade&amp;country=PK">Back to the search</a>' in page


def test_manage_lists_and_cancels_only_that_addresses_alerts(db, client, alert):
    # GIVEN two alerts of one address and one of another
    mine, also_mine = alert(query=f"q={WORD}"), alert(query="q=trade&country=PK")
    theirs = alert(email="other@example.org")
    path = path_of(alert_mail.manage_url("reader@example.org"))
    page = client.get(path).content.decode()
    assert f"“{WORD}”" in page and "“trade” · Pakistan" in page and "other@example.org" not in page
    # WHEN they cancel one of theirs, and try to cancel the other address's THEN only theirs is cancelled
    assert "1 alert cancelled" in client.post(path, {"alert": mine.pk}).content.decode()
    assert "0 alerts cancelled" in client.post(path, {"alert": theirs.pk}).content.decode()
    assert Subscription.objects.filter(unsubscribed_at__isnull=True).count() == 2
    client.post(path, {"all": "1"})
    assert list(Subscription.objects.filter(unsubscribed_at__isnull=True)) == [theirs]
    also_mine.refresh_from_db()
    assert also_mine.unsubscribed_at is not None
    assert client.post(path, {"alert": "x"}).status_code == 400
    assert client.post(path, {"alert": "²"}).status_code == 400  # a digit to isdigit(), none to int(): it was a 500


def test_each_cancel_button_names_its_alert(db, client, alert):
    # GIVEN an address with two alerts
    alert(query=f"q={WORD}")
    alert(query="q=trade&country=PK", frequency="weekly")
    # WHEN its manage page is read as a screen reader reads the buttons (their text, hidden parts included)
    page = client.get(path_of(alert_mail.manage_url("reader@example.org"))).content.decode()
    buttons = re.findall(r'<button[^>]*name="alert"[^>]*>(.*?)</button>', page)
    names = sorted(re.sub(r"<[^>]+>", "", button) for button in buttons)
    # THEN each says which alert it cancels, not only "Cancel"
    assert names == ["Cancel the alert for “trade” · Pakistan, weekly", f"Cancel the alert for “{WORD}”, daily"]
    assert page.count('<span class="visually-hidden"> the alert for') == 4  # a Cancel and a Switch each


def test_the_search_page_links_to_alerts_for_its_search(db, archive, client):
    page = client.get("/?q=trade&country=PK").content.decode()
    assert 'href="/alerts/new/?q=trade&amp;country=PK"' in page
    form = client.get("/alerts/new/?q=trade&country=PK&country=ZZ&page=3").content.decode()
    assert 'name="search" value="q=trade&amp;country=PK"' in form  # unknown values and the page dropped

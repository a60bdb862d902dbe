"""archive/alerts/subscriptions.py's change of frequency, from the "manage my alerts" page: which alerts a link may
switch, when the next mail may come after it, and what the page says."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from archive.alerts import mail as alert_mail
from archive.models import Subscription
from tests.alerts.helpers import WORD

ADDRESS = "reader@example.org"


def manage_path(email: str = ADDRESS) -> str:
    return re.sub(r"^https?://[^/]+", "", alert_mail.manage_url(email))


def switch(client: Client, subscription: Subscription, frequency: str, *, path: str = ""):
    return client.post(path or manage_path(subscription.email), {"switch": f"{subscription.pk}:{frequency}"})


def status_of(page: str) -> str:
    return " ".join(re.search(r'<p class="notice" role="status">(.*?)</p>', page, re.S).group(1).split())


def test_a_daily_alert_switched_to_weekly_waits_a_week_from_its_last_mail(db, client, alert):
    # GIVEN a daily alert whose last mail went out three hours ago
    now = timezone.now()
    last = now - dt.timedelta(hours=3)
    subscription = alert(frequency="daily", last_sent_at=last, matched_until=last, next_due_at=last + dt.timedelta(1))
    # WHEN its "Switch to weekly" button is pressed on the manage page
    answer = switch(client, subscription, "weekly")
    # THEN it is weekly, its next mail no sooner than a week after the last, and what it looked at is kept
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly" and subscription.next_due_at == last + dt.timedelta(days=7)
    assert subscription.matched_until == last
    # AND the page names the alert, its new frequency and that date, and now offers to switch it back
    page = answer.content.decode()
    next_mail = (last + dt.timedelta(days=7)).strftime("%-d %B %Y, %H:%M")
    assert answer.status_code == 200
    assert status_of(page) == (
        f"The alert for “{WORD}” is now weekly. Its next mail comes no sooner than {next_mail} UTC, and only if new "
        "articles match. No article is skipped or sent twice by the change."
    )
    assert f'name="switch" value="{subscription.pk}:daily"' in page and ":weekly" not in page


def test_a_weekly_alert_switched_to_daily_after_a_day_is_due_at_once(db, client, alert):
    # GIVEN a weekly alert mailed three days ago (next due in four)
    last = timezone.now() - dt.timedelta(days=3)
    subscription = alert(frequency="weekly", last_sent_at=last, matched_until=last, next_due_at=last + dt.timedelta(7))
    # WHEN it is switched to daily THEN it is due (a day has passed since its last mail), and the page says so
    page = switch(client, subscription, "daily").content.decode()
    subscription.refresh_from_db()
    assert subscription.frequency == "daily" and subscription.next_due_at == last + dt.timedelta(days=1)
    assert Subscription.objects.due(timezone.now()).get() == subscription
    assert "is now daily. Its next mail comes as soon as new articles match." in status_of(page)


def test_an_alert_never_mailed_keeps_its_due_time(db, client, alert):
    # GIVEN an alert confirmed a minute ago that has mailed nothing yet (due as soon as something matches)
    started = timezone.now() - dt.timedelta(minutes=1)
    subscription = alert(confirmed_at=started, matched_until=started, next_due_at=started)
    # WHEN it is switched to weekly THEN its first mail still comes as soon as something matches
    switch(client, subscription, "weekly")
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly" and subscription.next_due_at == started


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"confirmed_at": None, "matched_until": None, "next_due_at": None}, "It starts when you confirm it"),
        ({"disabled": True}, "It is stopped, though"),
    ],
)
def test_an_alert_not_mailing_says_so_when_switched(db, client, alert, fields, said):
    # GIVEN an alert waiting for its confirmation, or stopped by the editors WHEN it is switched to weekly
    subscription = alert(**fields)
    page = switch(client, subscription, "weekly").content.decode()
    # THEN it is weekly, and the page does not promise a mail that will not come
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"
    assert said in status_of(page) and "next mail" not in status_of(page)


def test_only_the_links_address_alerts_are_switched(db, client, alert):
    # GIVEN an alert of another address, and one of this address cancelled (in another tab, say)
    theirs = alert(email="other@example.org")
    cancelled = alert(unsubscribed_at=timezone.now())
    # WHEN this address's link tries to switch either THEN the page says so (404) and nothing changes
    for subscription in (theirs, cancelled):
        answer = switch(client, subscription, "weekly", path=manage_path(ADDRESS))
        assert answer.status_code == 404 and "nothing was changed" in answer.content.decode()
        assert '<a href="/alerts/manage/' in answer.content.decode()  # back to the list
    assert set(Subscription.objects.values_list("frequency", flat=True)) == {"daily"}


@pytest.mark.parametrize("value", ["x:weekly", "²:weekly", "{pk}:hourly", "{pk}", ""])
def test_a_switch_without_an_alert_or_a_known_frequency_is_refused(db, client, alert, value):
    subscription = alert()
    answer = client.post(manage_path(), {"switch": value.format(pk=subscription.pk)})
    assert answer.status_code == 400 and "Choose an alert and how often" in answer.content.decode()
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"


def test_a_switch_needs_the_pages_csrf_token(db, alert):
    # GIVEN a manage link WHEN another site's page posts a switch to it (no CSRF token) THEN it is refused
    subscription = alert()
    answer = switch(Client(enforce_csrf_checks=True), subscription, "weekly")
    assert answer.status_code == 403
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"


def test_an_expired_or_altered_link_switches_nothing_and_says_what_the_other_pages_say(db, client, alert, settings):
    # GIVEN an alert and its manage link, altered, then expired
    subscription = alert()
    path = manage_path()
    altered = switch(client, subscription, "weekly", path=path[:-3] + "xx/")
    settings.ARCHIVE_ALERT_LINK_MAX_AGE = -1
    expired = switch(client, subscription, "weekly", path=path)
    # THEN the altered one is "not valid" (400), the expired one says how to get a new link (410); nothing changed
    assert altered.status_code == 400 and "This link is not valid" in altered.content.decode()
    assert expired.status_code == 410 and "For a new link to all your alerts" in expired.content.decode()
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"


def test_each_switch_button_names_its_alert(db, client, alert):
    # GIVEN an address with a daily alert and a weekly one
    alert(query=f"q={WORD}")
    alert(query="q=trade&country=PK", frequency="weekly")
    # WHEN its manage page is read as a screen reader reads the buttons
    page = client.get(manage_path()).content.decode()
    buttons = re.findall(r'<button[^>]*name="switch"[^>]*>(.*?)</button>', page)
    names = sorted(re.sub(r"<[^>]+>", "", button) for button in buttons)
    # THEN each says which alert it switches and to what; the eye sees "Switch to weekly"
    assert names == ["Switch the alert for “trade” · Pakistan to daily", f"Switch the alert for “{WORD}” to weekly"]
    assert ">Switch<span" in page and "</span> to weekly</button>" in page

"""archive/alerts/sending.py: what a run sends, its limits, refusals, an unreachable server, and claims."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from archive import curation
from archive.alerts import sending, subscriptions
from archive.models import Article, IndexChange, SentAlert, Subscription
from tests.alerts.helpers import WORD, html_of, links, smtp_server, text_of
from tests.copies import stories


def matching(n: int, prefix: str = "m") -> list[tuple[str, str, str]]:
    return [(f"{prefix}{i}", f"{prefix.upper()} {WORD} story {i}", f"Story {i} about the {WORD}.") for i in range(n)]


def test_at_most_n_per_mail_then_the_rest_is_a_count_and_a_link(archive, inbox, alert, add_articles, settings):
    # GIVEN an alert whose search five new articles match, and mails that list at most three
    settings.ARCHIVE_ALERT_MAX_ARTICLES = 3
    subscription = alert()
    add_articles(*matching(5))
    # WHEN a run sends
    report = sending.send_due()
    # THEN one mail lists three, counts the other two and links to the whole search in the mail's order, saying
    # that it lists every article, not only the new ones (the search has no "entered since" filter)
    (message,) = inbox.wait_for(1)
    assert report.mailed == 1 and report.articles == 3
    newest_first = "http://testserver/?q=zanzibarite&sort=newest"
    text = " ".join(text_of(message).split())
    said = "… and 2 more, not listed in this mail. The whole search, newest first as here, has them among all its"
    assert f"{said} other articles: {newest_first}" in text
    newest_first_html = newest_first.replace("&", "&amp;")
    assert f'<a href="{newest_first_html}">The whole search, newest first as here</a>' in html_of(message)
    assert len(links(message, "articles")) == 3
    assert SentAlert.objects.filter(subscription=subscription).count() == 3
    # AND each item has its excerpt in the text part too, as in the HTML part, indented under it
    listed = [int(title.rsplit(" ", 1)[1]) for title in re.findall(rf"\n\d\. M {WORD} story \d", text_of(message))]
    assert len(listed) == 3
    for number in listed:
        assert text_of(message).count(f"   Story {number} about the {WORD}.") == 1
        assert html_of(message).count(f"Story {number} about the {WORD}.") == 1


def test_a_storys_new_copies_are_one_item_with_the_other_versions_under_it(archive, inbox, alert, add_articles):
    # GIVEN an alert, then three outlets' versions of one story and another story, all matching it
    subscription = alert()
    mention = f" Traders of {WORD} were not affected."
    add_articles(
        ("c1", f"Riverton budget and {WORD}", stories.STORY + mention),
        ("c2", f"Council backs budget ({WORD})", stories.WIRE_COPY + mention),
        ("c3", f"Budget approved, {WORD} spared", stories.OUTLET_COPY + mention),
        ("other", f"A {WORD} market report", f"Prices of {WORD} rose in a quiet week."),
    )
    copy_ids = set(Article.objects.filter(import_ref__contains=":c").values_list("copy_group_id", flat=True))
    assert len(copy_ids) == 1 and None not in copy_ids  # detected as copies at import
    # WHEN a run sends
    report = sending.send_due()
    (message,) = inbox.wait_for(1)
    text = text_of(message)
    # THEN the mail counts four new articles and lists two stories: the copies under one, the others named there
    assert message["Subject"].startswith("4 new articles") and report.articles == 4
    assert "\n1. " in text and "\n2. " in text and "\n3. " not in text
    assert text.count("The same story, also new:") == 1 and len(links(message, "articles")) == 4
    assert html_of(message).count("The same story, also new:") == 1
    # AND every one is recorded as sent, so none comes again
    assert SentAlert.objects.filter(subscription=subscription).count() == 4
    assert sending.send_due().mailed == 0


def test_a_new_version_of_a_story_sent_before_is_listed_apart_not_as_a_new_story(archive, inbox, alert, add_articles):
    # GIVEN an alert that has mailed a story
    subscription = alert()
    mention = f" Traders of {WORD} were not affected."
    add_articles(("c1", f"Riverton budget and {WORD}", stories.STORY + mention))
    assert sending.send_due().mailed == 1
    inbox.wait_for(1)
    # WHEN another outlet's version of it arrives, with a new story, and the alert is due again
    add_articles(
        ("c2", f"Council backs budget ({WORD})", stories.WIRE_COPY + mention),
        ("other", f"A {WORD} market report", f"Prices of {WORD} rose in a quiet week."),
    )
    first_group = Article.objects.get(import_ref__endswith=":c1").copy_group_id
    assert first_group and Article.objects.get(import_ref__endswith=":c2").copy_group_id == first_group
    Subscription.objects.filter(pk=subscription.pk).update(next_due_at=timezone.now())
    report = sending.send_due()
    message = inbox.wait_for(2)[1]
    text, html = text_of(message), html_of(message)
    # THEN the mail counts both new articles, lists the new story as its one item
    assert message["Subject"].startswith("2 new articles") and report.articles == 2
    assert "\n1. A zanzibarite market report" in text and "\n2. " not in text
    # AND names the new version apart, under the story it belongs to, in both parts
    later = text.split("Other versions of stories this alert sent before:")[1]
    assert "Council backs budget (zanzibarite)" in later and "\n1. " not in later
    assert "Other versions of stories this alert sent before:" in html and html.count("<li>") == 2
    assert SentAlert.objects.filter(subscription=subscription).count() == 3


def test_unpublished_and_old_articles_are_not_sent(archive, inbox, alert, add_articles):
    # GIVEN a matching article that entered before the alert started, and a new one an editor unpublished
    add_articles(("before", f"Before {WORD}", f"The {WORD} before."))
    alert()
    add_articles(("hidden", f"Hidden {WORD}", f"The {WORD} hidden."), ("shown", f"Shown {WORD}", f"A {WORD}."))
    Article.objects.filter(import_ref__endswith="hidden").update(is_published=False)
    # WHEN a run sends THEN only the published new one is mailed
    sending.send_due()
    (message,) = inbox.wait_for(1)
    assert f"Shown {WORD}" in text_of(message)
    assert "Hidden" not in text_of(message) and "Before" not in text_of(message)


def _due_again(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(next_due_at=timezone.now())


def _republish_by_the_bulk_action(held) -> None:
    assert curation.set_published(held, True) == 1


def _republish_by_reverting_to_a_published_version(held) -> None:
    # the history page builds the article from the version, not from the database, and saves it
    held.get().history.filter(is_published=True).earliest("history_date").instance.save()


@pytest.mark.parametrize("republish", [_republish_by_the_bulk_action, _republish_by_reverting_to_a_published_version])
def test_an_article_published_again_after_the_alert_looked_is_sent(
    archive, inbox, alert, add_articles, django_capture_on_commit_callbacks, republish
):
    # GIVEN two new matching articles, one of them unpublished by an editor before the alert's run
    subscription = alert()
    add_articles(("held", f"Held {WORD}", f"The {WORD} held."), ("shown", f"Shown {WORD}", f"A {WORD}."))
    held = Article.objects.filter(import_ref__endswith="held")
    with django_capture_on_commit_callbacks(execute=True):
        curation.set_published(held, False)
    assert sending.send_due().articles == 1
    # WHEN the editor publishes it again (the bulk action, or a revert to a published version), the alert due again
    with django_capture_on_commit_callbacks(execute=True):
        republish(held)
    _due_again(subscription)
    report = sending.send_due()
    # THEN the next mail sends it, and only it
    second = inbox.wait_for(2)[1]
    assert report.articles == 1 and f"Held {WORD}" in text_of(second) and "Shown" not in text_of(second)


def test_an_article_published_again_from_its_form_is_sent(
    archive, inbox, alert, add_articles, django_capture_on_commit_callbacks
):
    # GIVEN two new matching articles, one of them unpublished by an editor before the alert's run (from its form,
    # or by the bulk action while the article was loaded: read again, it is known to be unpublished)
    subscription = alert()
    add_articles(("held", f"Held {WORD}", f"The {WORD} held."), ("shown", f"Shown {WORD}", f"A {WORD}."))
    article, loaded = (Article.objects.get(import_ref__endswith="held") for _ in range(2))
    article.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert sending.send_due().articles == 1
    # WHEN the form publishes it again, from the article loaded before and read again
    article = loaded
    article.refresh_from_db()
    article.is_published = True
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    _due_again(subscription)
    # THEN the next run mails it
    assert sending.send_due().articles == 1
    assert f"Held {WORD}" in text_of(inbox.wait_for(2)[1])


def test_articles_the_index_may_not_hold_yet_wait_for_a_later_run(archive, inbox, alert, add_articles):
    # GIVEN a new matching article while an older index change is still queued
    subscription = alert()
    add_articles(*matching(1))
    queued = IndexChange.objects.create(article_id=0)
    IndexChange.objects.filter(pk=queued.pk).update(created_at=subscription.matched_until)
    # WHEN a run sends THEN nothing is mailed and the alert has not moved past the queued change
    assert sending.send_due().mailed == 0 and not inbox.messages
    started = subscription.matched_until
    subscription.refresh_from_db()
    assert subscription.matched_until == started
    # WHEN the queue is applied THEN the next run mails it
    IndexChange.objects.all().delete()
    assert sending.send_due().mailed == 1


def test_a_refused_address_stays_due_and_is_given_up_after_the_limit(archive, alert, add_articles, settings):
    # GIVEN a server that refuses one address, and two refusals allowed before giving up
    settings.ARCHIVE_ALERT_MAX_FAILURES = 2
    with smtp_server(refuse={"gone@example.org"}) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.ARCHIVE_ALERT_SETTLE_SECONDS = server.host, server.port, 0
        bad, good = alert(email="gone@example.org"), alert(email="fine@example.org")
        add_articles(*matching(1))
        # WHEN a run sends THEN the good address gets its mail, the refused one counts a failure and stays due
        report = sending.send_due()
        assert (report.mailed, report.refused, report.gave_up) == (1, 1, 0)
        bad.refresh_from_db()
        assert bad.failures == 1 and "No such mailbox" in bad.last_error and bad.gave_up_at is None
        assert bad.next_due_at <= timezone.now() and not SentAlert.objects.filter(subscription=bad).exists()
        # WHEN the next run is refused too THEN the alert is given up and no later run tries it
        assert sending.send_due().gave_up == 1
        bad.refresh_from_db()
        assert bad.gave_up_at is not None and bad.failures == 2
        assert sending.send_due().looked == 0
        assert [m["To"] for m in server.messages] == ["fine@example.org"]
        assert SentAlert.objects.filter(subscription=good).count() == 1


def test_a_refusal_for_now_is_retried_and_never_gives_the_alert_up(archive, alert, add_articles, settings):
    # GIVEN a server that greylists an address (450 at RCPT), and one refusal allowed before giving up
    settings.ARCHIVE_ALERT_MAX_FAILURES = 1
    with smtp_server(greylist={"later@example.org"}) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.ARCHIVE_ALERT_SETTLE_SECONDS = server.host, server.port, 0
        subscription = alert(email="later@example.org")
        add_articles(*matching(1))
        # WHEN two runs are deferred
        reports = [sending.send_due(), sending.send_due()]
        # THEN neither counts a failure: the alert is not given up, stays due, its article not recorded as sent
        assert [(r.mailed, r.refused, r.deferred, r.gave_up) for r in reports] == [(0, 0, 1, 0)] * 2
        subscription.refresh_from_db()
        assert subscription.failures == 0 and subscription.gave_up_at is None
        assert "Greylisted" in subscription.last_error
        assert subscription.next_due_at <= timezone.now() and subscription.claimed_until is None
        assert not SentAlert.objects.exists()
        # WHEN the server accepts the address again THEN the next run mails the article
        server.greylist.clear()
        assert sending.send_due().mailed == 1
        assert [m["To"] for m in server.messages] == ["later@example.org"]


def test_an_unreachable_server_leaves_every_alert_due_and_the_command_fails(archive, alert, add_articles, settings):
    # GIVEN the mail server is down (nothing listens on its port)
    with smtp_server() as server:
        port = server.port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.ARCHIVE_ALERT_SETTLE_SECONDS = "127.0.0.1", port, 0
    subscription = alert()
    add_articles(*matching(1))
    # WHEN send_alerts runs THEN it says so and exits non-zero; the alert is not blamed, not claimed, still due
    with pytest.raises(CommandError, match="stopped early"):
        call_command("send_alerts")
    subscription.refresh_from_db()
    assert subscription.failures == 0 and subscription.claimed_until is None
    assert not SentAlert.objects.exists()
    # WHEN the server is back THEN the next run sends the article
    with smtp_server() as server:
        settings.EMAIL_PORT = server.port
        assert sending.send_due().mailed == 1


def test_a_claimed_alert_is_left_to_its_run(archive, alert, add_articles):
    # GIVEN a due alert with something new
    subscription = alert()
    add_articles(*matching(1))
    now = timezone.now()
    # WHEN one run claims it THEN no other run can, until the claim lapses (PostgreSQL: SKIP LOCKED; SQLite: the
    # conditional UPDATE; the suite runs on both)
    assert sending.claim_next(now=now, until=now, skip=set()).pk == subscription.pk
    assert sending.claim_next(now=now, until=now, skip=set()) is None
    later = now + dt.timedelta(seconds=sending.settings.ARCHIVE_ALERT_CLAIM_SECONDS + 1)
    assert sending.claim_next(now=later, until=later, skip=set()).pk == subscription.pk


def test_stopped_alerts_are_never_claimed(archive, alert, add_articles):
    # GIVEN alerts unsubscribed, disabled by staff, given up and never confirmed, and something new for all
    now = timezone.now()
    alert(email="a@example.org", unsubscribed_at=now)
    alert(email="b@example.org", disabled=True)
    alert(email="c@example.org", gave_up_at=now)
    Subscription.objects.create(email="d@example.org", query=f"q={WORD}", confirm_nonce="x")
    add_articles(*matching(1))
    # WHEN a run looks THEN it finds none of them
    assert sending.send_due().looked == 0


def test_requests_never_confirmed_are_removed_when_their_link_expires(db, settings):
    settings.ARCHIVE_ALERT_LINK_MAX_AGE = 3600
    old = Subscription.objects.create(email="old@example.org", confirm_nonce="x")
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    fresh = Subscription.objects.create(email="new@example.org", confirm_nonce="y")
    assert sending.send_due().purged == 1
    assert list(Subscription.objects.values_list("pk", flat=True)) == [fresh.pk]


def _days_pass(subscription: Subscription, days: int) -> None:
    """As if the alert's last mail went out `days` earlier (its next due time too); what it looked at stays."""
    back = dt.timedelta(days=days)
    Subscription.objects.filter(pk=subscription.pk).update(
        last_sent_at=F("last_sent_at") - back, next_due_at=F("next_due_at") - back
    )


def _switch(subscription: Subscription, frequency: str) -> None:
    email, pk = subscription.email, subscription.pk
    assert subscriptions.change_frequency(email=email, subscription_id=pk, frequency=frequency)


def _batch(prefix: str, n: int) -> list[tuple[str, str, str]]:
    """`matching`, with texts of their own: an article with another batch's text is not new to the import."""
    return [(ref, title, f"{text} Batch {prefix}.") for ref, title, text in matching(n, prefix)]


def _titles(message) -> list[str]:
    return sorted(re.findall(rf"^\d+\. (.+ {WORD} story \d+)\s*$", text_of(message), re.M))


def test_a_weekly_alert_switched_to_daily_sends_what_entered_since_its_last_mail_once(
    archive, inbox, alert, add_articles
):
    # GIVEN a weekly alert that has mailed one article, and two more that entered after that mail
    subscription = alert(frequency="weekly")
    add_articles(*_batch("a", 1))
    assert sending.send_due().mailed == 1
    add_articles(*_batch("b", 2))
    assert sending.send_due().mailed == 0  # weekly: not before a week
    # WHEN three days later the reader switches it to daily and a run sends
    _days_pass(subscription, 3)
    _switch(subscription, "daily")
    report = sending.send_due()
    # THEN one mail lists the two that entered since the weekly mail, not the one it sent
    assert report.mailed == 1 and _titles(inbox.wait_for(2)[1]) == [f"B {WORD} story 0", f"B {WORD} story 1"]
    # AND the next one, a day later, only what entered since
    add_articles(*_batch("c", 1))
    assert sending.send_due().mailed == 0  # daily: not before a day
    _days_pass(subscription, 1)
    assert sending.send_due().mailed == 1 and _titles(inbox.wait_for(3)[2]) == [f"C {WORD} story 0"]
    assert SentAlert.objects.filter(subscription=subscription).count() == 4  # each article once


def test_a_daily_alert_switched_to_weekly_waits_a_week_and_loses_nothing(archive, inbox, alert, add_articles):
    # GIVEN a daily alert that has mailed one article, and one more that entered after that mail
    subscription = alert(frequency="daily")
    add_articles(*_batch("a", 1))
    assert sending.send_due().mailed == 1
    add_articles(*_batch("b", 1))
    # WHEN the reader switches it to weekly THEN two days after that mail nothing is sent (a day would have been)
    _switch(subscription, "weekly")
    _days_pass(subscription, 2)
    assert sending.send_due().mailed == 0
    # WHEN another matching article enters and the week since that mail has passed
    add_articles(*_batch("c", 1))
    _days_pass(subscription, 5)
    # THEN one mail has both that entered since the daily mail, and not the one it sent
    assert sending.send_due().mailed == 1
    assert _titles(inbox.wait_for(2)[1]) == [f"B {WORD} story 0", f"C {WORD} story 0"]


def test_a_switch_while_a_run_mails_the_alert_is_kept(archive, inbox, alert, add_articles, monkeypatch):
    # GIVEN a daily alert with something new, and a reader who switches it to weekly while a run is mailing it
    subscription = alert(frequency="daily")
    add_articles(*matching(1))
    made = sending.mail.alert

    def switched_meanwhile(*args, **kwargs):
        _switch(subscription, "weekly")
        return made(*args, **kwargs)

    monkeypatch.setattr(sending.mail, "alert", switched_meanwhile)
    # WHEN the run has sent the mail and moves the alert on
    now = timezone.now()
    assert sending.send_due(now=now).mailed == 1
    # THEN its next mail is a week away, as the reader chose, not a day (the frequency the run read at its claim)
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly" and subscription.next_due_at == now + dt.timedelta(days=7)

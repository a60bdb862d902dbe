"""archive/alerts/abuse.py and the form's defences: rate limits per client and per address, CSRF, a honeypot,
and the same answer whether or not an address already follows the search."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from archive.models import Subscription
from tests.alerts.helpers import WORD, smtp_server, smtp_settings

FORM = {"frequency": "daily", "search": f"q={WORD}", "website": ""}


def ask(client: Client, email: str, *, ip: str = "127.0.0.1", **fields):
    return client.post("/alerts/new/", {**FORM, "email": email, **fields}, REMOTE_ADDR=ip)


def test_the_answer_does_not_tell_whether_an_address_follows_the_search(db, client, alert):
    # GIVEN one address that follows the search and one that does not
    alert(email="known@example.org")
    # WHEN both ask for it
    known, unknown = ask(client, "known@example.org"), ask(client, "new@example.org")
    # THEN the pages are the same; the follower is mailed a note, not a confirmation, and nothing is added for it
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["known@example.org"].startswith("You already follow this search")
    assert subjects["new@example.org"].startswith("Confirm your e-mail alert")
    assert Subscription.objects.filter(email="known@example.org").count() == 1


def test_an_address_the_mail_server_refuses_gets_the_same_answer_and_nothing_is_kept(db, client, settings, caplog):
    # GIVEN a mail server that has no mailbox for one address (550 5.1.1 at RCPT)
    with smtp_server(refuse={"nobody@example.org"}) as server:
        for name, value in smtp_settings(server).items():
            setattr(settings, name, value)
        # WHEN it and a deliverable address ask for the alert
        refused, delivered = ask(client, "nobody@example.org"), ask(client, "reader@example.org")
    # THEN both get the same page: it never tells which addresses can receive mail
    assert refused.status_code == delivered.status_code == 200
    assert refused.content == delivered.content
    # AND no request is kept for the refused address, and the log says why
    assert list(Subscription.objects.values_list("email", flat=True)) == ["reader@example.org"]
    assert "refused for its address" in caplog.text and "550" in caplog.text


def test_a_mail_server_that_cannot_be_reached_is_a_503(db, client, settings):
    # GIVEN the mail server is down (nothing listens on its port)
    with smtp_server() as server:
        gone = smtp_settings(server)
    for name, value in gone.items():
        setattr(settings, name, value)
    # WHEN an address asks for an alert THEN the page says mail cannot be sent now
    answer = ask(client, "reader@example.org")
    assert answer.status_code == 503 and "Mail cannot be sent just now" in answer.content.decode()


def test_a_filled_honeypot_looks_like_success_and_does_nothing(db, client):
    answer = ask(client, "bot@example.org", website="http://spam.example")
    assert answer.status_code == 200 and "Check your inbox" in answer.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


def test_the_form_needs_its_csrf_token(db):
    answer = Client(enforce_csrf_checks=True).post("/alerts/new/", {**FORM, "email": "a@example.org"})
    assert answer.status_code == 403 and "CSRF" in answer.content.decode()
    assert not mail.outbox


def test_a_bad_address_is_a_clear_message(db, client):
    answer = ask(client, "not an address")
    assert answer.status_code == 400 and "Enter a valid email address" in answer.content.decode()


def test_one_address_is_limited_whoever_asks(db, client, settings):
    # GIVEN at most 2 requests an hour per address
    settings.ARCHIVE_ALERT_RATE_ADDRESS = "2/h"
    # WHEN different clients ask for the same address three times THEN the third is refused, with Retry-After
    answers = [ask(client, "target@example.org", ip=f"10.0.0.{n}") for n in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429] and int(answers[2]["Retry-After"]) > 0
    assert len(mail.outbox) == 2  # the confirmation is replaced, never flooded
    # and another address still gets through
    assert ask(client, "other@example.org", ip="10.0.0.9").status_code == 200


def test_one_client_is_limited_whatever_address_it_names(db, client, settings):
    settings.ARCHIVE_ALERT_RATE_CLIENT = "3/h"
    answers = [ask(client, f"person{n}@example.org", ip="192.0.2.7") for n in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert ask(client, "person9@example.org", ip="192.0.2.8").status_code == 200

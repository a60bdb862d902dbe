"""The alert form says what the search page would say of the search it follows, and refuses one that cannot run;
a search the search reads alike (other capitals or accents, a merged organisation's old slug) is the alert already
followed (archive/alerts/searches.py)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from archive.alerts import searches
from archive.curation import merge_organisations
from archive.models import Organisation, Subscription
from tests.alerts.helpers import WORD

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("q=oil&country=XX", "Ignored unknown country"),
        ("q=oil&date=1987-02-30", "Ignored the date"),
        ("q=Pakistan~2", "Fuzzy and proximity search (~) are not supported"),
        ("q=country:narnia", "Nothing is known as “country:narnia”"),
    ],
)
def test_the_form_names_what_the_search_page_would_change(client, archive, query, said):
    """GIVEN a search with a value the search page drops or syntax it changes WHEN its alert form is opened THEN the
    form says so, as the search page does (it showed "Search: every new article" for an unknown country, silently)."""
    assert said in html_of(client.get(f"/alerts/new/?{query}"))


@pytest.mark.parametrize("query", ["q=*oil", "q=oil *", "q=" + "x" * 600])
def test_a_search_the_search_page_refuses_is_no_alert(client, archive, query):
    """GIVEN a search the search page refuses WHEN its alert form is opened or sent THEN it says why, offers no form,
    and nothing is stored or mailed (it went on to the confirmation mail)."""
    page = client.get(f"/alerts/new/?{query}")
    assert page.status_code == 400 and "This search cannot be followed" in html_of(page)
    assert 'name="email"' not in html_of(page)
    sent = client.post("/alerts/new/", {"email": "r@example.org", "frequency": "daily", "search": query})
    assert sent.status_code == 400 and "This search cannot be followed" in html_of(sent)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("q=Wheat", "q=wheat", True),
        ("q=WHEAT+Prices&country=US", "q=wheat+prices&country=US", True),
        ("q=Wheat+OR+Rice", "q=wheat+OR+rice", True),
        ("q=wheat+OR+rice", "q=wheat+or+rice", False),  # "or" in small letters is a word, not the operator
        ("q=wheat+NOT+rice", "q=wheat+not+rice", False),
        ("q=title:Wheat", "q=title:wheat", False),  # a field's value is left as typed
        ("q=title:Wheat+AND+Rice", "q=title:Wheat+and+Rice", False),
        ("q=wheat&country=US", "q=wheat&country=us", True),  # filters as the search resolves them
        ("q=wheat&country=US&country=PK", "country=PK&q=wheat&country=US", True),
        ("q=wheat&country=US", "q=wheat&country=PK", False),
    ],
)
def test_searches_differing_only_in_the_case_of_their_words_are_one_alert(first, second, same):
    assert (searches.identity(first) == searches.identity(second)) is same


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("q=Bel%C3%A9m", "q=belem", True),  # accents fold in search
        ("q=Bele%CC%81m", "q=Bel%C3%A9m", True),  # a combining accent is the composed letter
        ("q=S%C3%A3o+Paulo+OR+Bel%C3%A9m", "q=sao+paulo+OR+belem", True),
        ("q=Bel%C3%A9m+OR+Rio", "q=belem+or+rio", False),
        ("q=title:", "", True),  # a field with no word: the empty search, every new article
        ("q=title:&country=US", "country=US", True),
        ("q=title:", "q=wheat", False),
    ],
)
def test_searches_the_search_reads_alike_are_one_alert(first, second, same):
    """GIVEN two searches the search page treats as the same (accents folded, a query of nothing) WHEN compared as
    alerts THEN they are one alert (each was a second alert sending the same mail); words that differ are not."""
    assert (searches.identity(first) == searches.identity(second)) is same


def test_a_merged_organisations_old_slug_is_the_alert_on_the_one_kept(client, alert):
    # GIVEN the ATPC merged into the ITC, and an address following the ATPC's search from before the merge
    merge_organisations(keep=Organisation.objects.get(slug="itc"), merge=[Organisation.objects.get(slug="atpc")])
    alert(email="reader@example.org", query="org=atpc")
    assert searches.identity("org=atpc") == searches.identity("org=itc")
    # WHEN it asks for alerts on the ITC
    form = {"email": "reader@example.org", "frequency": "daily", "search": "org=itc", "website": ""}
    answer = client.post("/alerts/new/", form)
    # THEN it is told it already follows the search, and no second alert is recorded
    assert answer.status_code == 200
    (message,) = mail.outbox
    assert message.subject.startswith("You already follow this search")
    assert Subscription.objects.count() == 1


def test_asking_again_for_another_frequency_links_to_the_alert_on_the_page_that_switches_it(client, alert):
    # GIVEN an address that follows a search daily
    subscription = alert(email="reader@example.org", query=f"q={WORD}", frequency="daily")
    # WHEN it asks for the search's alerts weekly
    form = {"email": "reader@example.org", "frequency": "weekly", "search": f"q={WORD}", "website": ""}
    client.post("/alerts/new/", form)
    # THEN the mail says it is sent daily, and that its page of alerts switches it to weekly, linked at this alert
    # (the request, anyone's, changed nothing); not to cancel it and ask again
    (message,) = mail.outbox
    assert "already follows (daily mails)" in message.body
    assert 'To get weekly mails instead, choose "Switch to weekly" next to this alert' in message.body
    assert "cancel" not in message.body.lower()
    link = re.search(r"http://\S+(/alerts/manage/\S+)", message.body).group(1)
    assert link.endswith(f"/#alert-{subscription.pk}")
    assert "Switch this alert to weekly mails</a>" in message.alternatives[0][0]
    assert Subscription.objects.get().frequency == "daily"
    # AND the link opens the page with that alert and its button
    page = client.get(link.split("#")[0]).content.decode()
    assert f'<li id="alert-{subscription.pk}">' in page
    assert f'name="switch" value="{subscription.pk}:weekly"' in page
    # AND asking again for the frequency it has says only how often it is sent
    mail.outbox.clear()
    client.post("/alerts/new/", {**form, "frequency": "daily"})
    assert "(daily mails)" in mail.outbox[0].body and "instead" not in mail.outbox[0].body
    assert "To see, change or cancel your alerts:" in mail.outbox[0].body


def test_asking_again_with_other_capitals_is_the_alert_already_followed(client, alert):
    # GIVEN an address that follows the search "zanzibarite"
    alert(email="reader@example.org", query=f"q={WORD}")
    # WHEN it asks for alerts on "Zanzibarite"
    form = {"email": "reader@example.org", "frequency": "daily", "search": f"q={WORD.title()}", "website": ""}
    answer = client.post("/alerts/new/", form)
    # THEN it is told it already follows the search, and no second alert is recorded
    assert answer.status_code == 200
    (message,) = mail.outbox
    assert message.subject.startswith("You already follow this search")
    assert Subscription.objects.count() == 1

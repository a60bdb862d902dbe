"""The alert form says what the search page would say of the search it follows, and refuses one that cannot run;
a search asked for again in other capitals is the alert already followed (archive/alerts/searches.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from archive.alerts import searches
from archive.models import Subscription
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
        ("q=wheat&country=US", "q=wheat&country=us", False),  # only the words of q are folded
    ],
)
def test_searches_differing_only_in_the_case_of_their_words_are_one_alert(first, second, same):
    assert (searches.identity(first) == searches.identity(second)) is same


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

"""The alert form says what the search page would say of the search it follows, and refuses one that cannot run."""

from __future__ import annotations

import pytest

from archive.models import Subscription

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

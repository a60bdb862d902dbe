"""/advanced/: the advanced search form, composed into the search page's query and filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from archive.advanced_search import AdvancedSearchForm
from archive.search import RESOLVERS, SearchParams, search

pytestmark = pytest.mark.django_db


def _query(**boxes) -> str:
    form = AdvancedSearchForm(QueryDict("", mutable=True) | boxes)
    assert form.is_valid(), form.errors
    return form.query()


@pytest.mark.parametrize(
    ("boxes", "query"),
    [
        ({"all_words": "oil prices"}, "oil prices"),
        ({"phrase": "crude oil"}, '"crude oil"'),
        ({"any_words": "opec iea"}, "(opec OR iea)"),
        ({"any_words": "opec"}, "opec"),
        ({"none_words": "gas coal"}, "-gas -coal"),
        ({"title_words": "saudi output"}, "title:saudi title:output"),
        ({"writer": "Cal Mankowski"}, 'author:"Cal Mankowski"'),
        (
            {"all_words": "oil", "phrase": "crude prices", "any_words": "opec iea", "none_words": "gas",
             "title_words": "saudi", "writer": "Cal Mankowski"},
            'oil "crude prices" (opec OR iea) title:saudi author:"Cal Mankowski" -gas',
        ),
        # What is typed is words: syntax says nothing, operators are left out (kept in a phrase), prefixes stay.
        ({"all_words": 'oil" OR (gas) country:PK -coal +tin'}, "oil gas country PK coal tin"),
        ({"any_words": "opec OR iea AND"}, "(opec OR iea)"),
        ({"phrase": 'war AND "peace'}, '"war and peace"'),
        ({"all_words": "econom* x* *stan pak*stan"}, "econom* x stan pakstan"),
        ({"phrase": "econom* policy"}, '"econom policy"'),
        ({"writer": 'Jane "JD" Doe'}, 'author:"Jane JD Doe"'),
        ({"all_words": "   ", "phrase": '""', "writer": "()"}, ""),
    ],
)  # fmt: skip
def test_the_boxes_make_one_query(boxes, query):
    assert _query(**boxes) == query


def test_a_composed_query_is_searched_as_written_with_no_notice(archive):
    """GIVEN every box filled in, with syntax typed into them
    WHEN the query is composed
    THEN the search runs it without changing anything (no notice), and the words alone find articles."""
    query = _query(
        all_words='pakistan "(AND',
        phrase="foreign minister",
        any_words="asean russia OR",
        none_words="canada",
        title_words="pakistan:",
        writer='a "b',
    )
    result = search(SearchParams(q=query), resolvers=RESOLVERS)
    assert (result.error, result.notices) == ("", [])
    without_writer = _query(all_words="pakistan", phrase="foreign minister", any_words="asean russia")
    assert search(SearchParams(q=without_writer), resolvers=RESOLVERS).count > 0


def test_the_form_leads_to_the_search_it_says(client, archive):
    # WHEN the form is sent with words, filters, a period and an order
    response = client.get(
        "/advanced/",
        {"all_words": "pakistan", "any_words": "asean russia", "country": "PK", "org": "", "source": "",
         "date_from": "2020-01-01", "date_to": "2025-12-31", "sort": "newest"},
    )  # fmt: skip
    # THEN it leads to the search page of it, the query written out in its box
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/"
    assert parse_qs(target.query) == {
        "q": ["pakistan (asean OR russia)"],
        "country": ["PK"],
        "from": ["2020-01-01"],
        "to": ["2025-12-31"],
        "sort": ["newest"],
    }
    page = client.get(response["Location"]).content.decode()
    assert 'value="pakistan (asean OR russia)"' in page
    # AND an empty form leads to every article
    assert client.get("/advanced/", {"all_words": ""})["Location"] == "/"


def test_bad_values_are_marked_and_nothing_is_lost(client, archive):
    # WHEN the period ends before it starts, a date is not one, and a country is unknown
    response = client.get(
        "/advanced/",
        {"all_words": "pakistan", "date_from": "2024-05-01", "date_to": "2023-01-01", "country": "ZZ"},
    )
    html = response.content.decode()
    # THEN the form comes back (400) with each problem next to its box and what was typed still in it
    assert response.status_code == 400
    assert "The end of the period comes before its start." in html
    assert "Select a valid choice." in html
    assert 'value="pakistan"' in html
    assert client.get("/advanced/", {"date_from": "1987-02-30"}).status_code == 400


def test_the_search_page_and_the_help_lead_to_it(client, archive):
    assert '<a href="/advanced/">Advanced search</a>' in client.get("/").content.decode()
    form = client.get("/advanced/")
    assert form.status_code == 200 and '<h1 id="advanced-heading">Advanced search</h1>' in form.content.decode()


def test_the_form_is_only_read(client, archive):
    # A search changes nothing: the form is sent with GET, and a POST is refused.
    assert client.post("/advanced/", {"all_words": "pakistan"}).status_code == 405

"""/advanced/: the advanced search form, composed into the search page's query and filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.advanced_search import WORD_BOXES, AdvancedSearchForm, boxes_for, compose
from archive.forms import params_from_query
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
        # and so are the symbols the search box reads as operators, and typographic quotes
        ({"all_words": "oil || gas && !coal |tin"}, "oil gas coal tin"),
        ({"all_words": "“oil prices” «tin»"}, "oil prices tin"),
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
    # AND with no search to read back, the form is blank: nothing said filled in, no order chosen
    blank = client.get("/advanced/").content.decode()
    assert "Filled in with your search" not in blank and "selected>Newest first" not in blank
    # AND a search's page leads to the form filled in with that search (not its page number)
    page = client.get("/", {"q": "asean", "country": "PK", "page": "1", "sort": "newest"}).content.decode()
    assert '<a href="/advanced/?q=asean&amp;country=PK&amp;sort=newest">Advanced search</a>' in page
    form = client.get("/advanced/")
    assert form.status_code == 200 and '<h1 id="advanced-heading">Advanced search</h1>' in form.content.decode()


def test_the_form_is_only_read(client, archive):
    # A search changes nothing: the form is sent with GET, and a POST is refused.
    assert client.post("/advanced/", {"all_words": "pakistan"}).status_code == 405


# Words as a box takes them: letters and digits, some with a trailing "*" (a prefix).
_word = st.builds(
    lambda first, rest, prefix: first + rest + ("*" if prefix and rest else ""),
    st.sampled_from("aAoz09"),
    st.text(alphabet="abcoilAB.'-09", max_size=6).map(lambda rest: rest.rstrip(".'-")),
    st.booleans(),
)
_words = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_boxes = st.fixed_dictionaries({}, optional=dict.fromkeys(WORD_BOXES, _words))


@settings(max_examples=200)
@given(boxes=_boxes)
def test_a_query_the_boxes_make_is_taken_apart_into_boxes_that_make_it_again(boxes):
    """GIVEN words in any of the boxes WHEN their query is read back into boxes
    THEN those make the same query, its parts in the form's order (one word of "any" is one of "all")."""
    query = compose(boxes)
    if not query:
        return
    again = boxes_for(query)
    assert again is not None, query
    assert sorted(compose(again).split()) == sorted(query.split())
    assert boxes_for(compose(again)) == again


@pytest.mark.parametrize(
    "query",
    [
        "oil OR gas",  # an OR outside a group of alternatives
        "oil NOT gas",
        "oil AND gas",
        "(opec OR iea) (gold OR silver)",  # two groups
        "(opec)",
        "(opec AND iea)",
        '"crude oil" "oil prices"',  # two phrases
        'author:mankowski author:"Susan Zeidler"',  # two writers
        'title:"saudi oil"',  # a phrase in the title
        'oil -"gas prices"',
        "country:PK oil",  # a field the boxes do not have
        'oil "unclosed',
        "(opec OR iea",
        "pak*stan",  # syntax a box would drop
        '"war AND peace"',
    ],
)
def test_a_query_the_boxes_cannot_say_is_not_taken_apart(query):
    assert boxes_for(query) is None


def test_the_search_as_written_is_kept_whole_and_grouped_before_the_boxes():
    assert compose({"written": "oil OR gas"}) == "oil OR gas"
    assert compose({"written": "oil OR gas", "all_words": "prices"}) == "(oil OR gas) prices"
    assert compose({"written": "(oil OR gas) -coal", "all_words": "prices"}) == "(oil OR gas) -coal prices"
    assert compose({"written": 'country:PK "a OR b"', "none_words": "c"}) == 'country:PK "a OR b" -c'


def _sent_back(client, search: dict) -> str:
    """The form reached from `search`, sent again as a browser sends it (every field): where it leads."""
    response = client.get("/advanced/", search)
    assert response.status_code == 200
    form = response.context["form"]
    sent = {name: "" for name in form.fields if name != "versions"}
    for name in form.fields:
        value = form[name].value()
        if name == "versions":
            sent.update({"versions": "all"} if value else {})
        elif value:
            sent[name] = value.isoformat() if hasattr(value, "isoformat") else value
    response = client.get("/advanced/", sent)
    assert response.status_code == 302, response.context["form"].errors
    return response["Location"]


def _found(url: str) -> tuple[int, list[int]]:
    params, notices, _ = params_from_query(QueryDict(urlsplit(url).query))
    assert notices == []
    result = search(params, resolvers=RESOLVERS)
    assert result.error == ""
    return result.count, [hit.article_id for hit in result.hits]


@pytest.mark.parametrize(
    ("search", "same_order"),
    [
        ({"q": 'pakistan "foreign minister" (asean OR russia) title:pakistan -canada', "sort": "newest"}, True),
        ({"q": "asean OR russia", "country": "PK"}, True),  # kept whole
        ({"q": "pakistan", "date": "2023", "versions": "all", "sort": "oldest"}, True),  # a period of the date facet
        # Two countries are any of them in the search as written, where they count for relevance too.
        ({"q": "pakistan", "country": ["PK", "RU"], "from": "2020-01-01"}, False),
        ({"country": ["RU", "US"]}, True),
        ({"q": "author:nobody OR asean"}, True),
        ({"q": " ".join(["pakistan"] * 25)}, True),  # more than a box takes (200 characters): kept whole
    ],
)
def test_a_search_read_back_into_the_form_and_sent_finds_the_same_articles(client, archive, search, same_order):
    """GIVEN a search WHEN its page's "Advanced search" is followed and the form sent as it comes
    THEN the search it leads to finds the same articles (in the same order, unless filters became words)."""
    count, found = _found(_sent_back(client, search))
    expected_count, expected = _found("/?" + _encoded(search))
    assert count == expected_count > 0
    assert found == expected if same_order else sorted(found) == sorted(expected)


def _encoded(search: dict) -> str:
    query = QueryDict(mutable=True)
    for key, value in search.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query.urlencode()


def test_the_form_says_what_it_takes_from_a_search(client, archive):
    # WHEN the form is reached from a search with two countries, a month of the date facet and every version
    html = client.get(
        "/advanced/", {"q": "pakistan -canada", "country": ["PK", "RU"], "date": "2023-06", "versions": "all"}
    ).content.decode()
    # THEN it says it is filled in, the words are in their boxes, the countries in the search as written,
    # the month is its first and last day, and every version is asked for
    assert "Filled in with your search" in html
    assert 'name="all_words" value="pakistan"' in html and 'name="none_words" value="canada"' in html
    assert 'name="written" value="(country:PK OR country:RU)"' in html
    assert 'name="date_from" value="2023-06-01"' in html and 'name="date_to" value="2023-06-30"' in html
    assert 'name="versions" value="all"' in html and "checked" in html
    # AND what it cannot say is named, and what the search page would ignore is said as there
    html = client.get("/advanced/", {"q": "asean", "date": "undated", "country": "ZZ"}).content.decode()
    assert "The form cannot ask for undated articles only" in html
    assert "Ignored unknown country “ZZ”." in html
    assert 'name="all_words" value="asean"' in html


def test_the_last_month_there_is_is_read_back_to_its_last_day(client, archive):
    html = client.get("/advanced/", {"date": "9999-12"}).content.decode()
    assert 'name="date_from" value="9999-12-01"' in html and 'name="date_to" value="9999-12-31"' in html

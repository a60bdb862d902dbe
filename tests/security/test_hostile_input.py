"""Property-based: random and hostile strings and parameters never give a 5xx."""

import re
from functools import partial
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.advanced_search import AdvancedSearchForm
from archive.importers import import_paths
from archive.models import Article
from archive.search import QueryError, index_schema, parse_query
from tests.web.pages import result_count

# Fragments of query syntax, so random strings exercise the parser's corners, not just words.
SYNTAX = [
    "(",
    ")",
    '"',
    "*",
    "?",
    "~",
    "^",
    ":",
    "-",
    "+",
    "OR",
    "AND",
    "NOT",
    "TO",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "title:",
    "country:",
    "org:",
    "source:",
    "text:",
    "*:*",
    "\x00",
    "\u202e",
    "𝔘",
    "ǅ",
    " ",
]
WORDS = ["pakistan", "russia", "trade", "imf", "a", "the", "wheat", "pak", "econom"]
query_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=60).map("".join),
    st.builds(lambda n, s: s * n, st.integers(1, 3000), st.sampled_from(["(", "NOT ", "*", "a OR ", '"', "?"])),
)
URLS = [
    "/",
    "/api/search/",
    "/feeds/search/",
    "/timeline/",
    "/api/timeline/",
    "/concordance/",
    "/concordance/export.csv",
    "/advanced/",  # the form read back from a search's parameters
]
quick = settings(
    max_examples=150,  # no deadline (tests/conftest.py): no test asserts on wall-clock time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@quick
@given(text=query_text)
def test_parser_gives_a_query_or_a_message(text):
    schema = index_schema()
    try:
        parse_query(text, schema=schema)
    except QueryError as error:
        assert str(error)


@pytest.fixture
def archive(db, seeds_dir, django_capture_on_commit_callbacks, settings):
    settings.ARCHIVE_RATE_LIMIT = 0  # this test is the only client; it asks a lot
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([seeds_dir])
    from django.test import Client

    for url in URLS:  # warm up: the first request compiles templates and opens the index
        Client().get(url, {"q": "pakistan"})


param_value = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "PK",
            "pk",
            "RU",
            "asean",
            "2023",
            "2023-06",
            "2023-06-20",
            "9999-12",
            "2023-13",
            "0000",
            "-1",
            "99999999999",
            "newest",
            "oldest",
            "relevance",
            "x" * 500,
            "../../etc/passwd",
            "%00",
            "NaN",
            "1e9",
        ]
    ),
)
params = st.dictionaries(
    st.sampled_from(
        [
            "q",
            "country",
            "org",
            "source",
            "date",
            "from",
            "to",
            "sort",
            "page",
            "selected_facets",
            "compare",
            "measure",
            "context",
            "by",
            "versions",
            "format",
            "x",
        ]
    ),
    st.one_of(param_value, query_text, st.lists(param_value, max_size=25)),
    max_size=8,
)


@pytest.mark.slow
@quick
@given(url=st.sampled_from(URLS), query=params)
def test_search_page_api_and_feed_never_fail(client, archive, url, query):
    response = client.get(url, query)
    assert response.status_code < 500, (url, query)
    if url.startswith("/api/"):
        assert response.status_code in (200, 400)


@pytest.mark.parametrize("url", URLS)
def test_control_characters_in_filter_values_are_dropped(client, archive, url):
    """PostgreSQL refuses a NUL in a query parameter: such values never reach the database."""
    words = {"q": "pakistan"} if "concordance" in url else {}  # a concordance needs words to look for
    response = client.get(url, {"country": ["\x00", "pk\x00"], "org": "imf\x1b", "source": "\x00", **words})
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/", "/api/search/"])
def test_a_control_character_in_the_query_is_a_space_not_the_end_of_the_query(client, archive, url):
    """GIVEN a query with a NUL, which Django's form field refuses whole WHEN searched THEN the words around it are
    searched (it found every article, with an empty search box and no notice)."""
    plain, with_nul = (f"{url}?{urlencode({'q': q})}" for q in ("russia", "russia\x00"))
    count = (lambda u: client.get(u).json()["count"]) if url.startswith("/api/") else partial(result_count, client)
    assert 0 < count(with_nul) == count(plain) < Article.objects.count()


BOXES = ("all_words", "phrase", "any_words", "none_words", "title_words", "writer")


@pytest.mark.django_db
@quick
@given(boxes=st.fixed_dictionaries({}, optional=dict.fromkeys(BOXES, query_text)))
def test_an_advanced_search_always_runs_as_written(boxes):
    """Whatever is typed in the advanced search's boxes, the query they make is searched as written (no notice of
    syntax changed), or refused only for its length; a box too long is marked on the form."""
    form = AdvancedSearchForm(boxes)
    if not form.is_valid():
        assert set(form.errors) <= set(BOXES) and all(len(boxes[box]) > 200 for box in form.errors)
        return
    query = form.query()
    try:
        parsed = parse_query(query, schema=index_schema())
    except QueryError as error:
        assert len(query) > 500 or len(re.findall(r"[^\W_]+", query)) > 30, (query, str(error))
        return
    assert parsed.notices == (), (boxes, query)

"""Honest queries: syntax we do not support is changed into what we do, and a notice says what."""

import pytest

from archive.search import parse_query
from archive.search.query import answer_notices

EXAMPLES = [
    # (typed, what the notice must say, what is searched: the cleaned query)
    ("Pakistan~2", "Fuzzy and proximity search (~) are not supported: searched for Pakistan exactly", "Pakistan"),
    ("Pakistan~", "searched for Pakistan exactly", "Pakistan"),
    ('"oil prices"~3', 'searched for "oil prices" exactly', '"oil prices"'),
    (
        "[1987 TO 1988]",
        "Ranges such as [1987 TO 1988] are not supported: searched for the words 1987 1988",
        "(1987 1988)",
    ),
    ("{a TO b} oil", "Ranges such as {a TO b}", "(a b) oil"),
    ("oil^2 gas", "Boosts (^) are not supported: searched for oil without one", "oil gas"),
    ("foo:bar", "There is no field “foo:”, so foo:bar was searched as words", "foo:bar"),
    ("foo:bar-baz", "There is no field “foo:”, so foo:bar-baz was searched as words", 'foo:"bar-baz"'),
    ('"foreign minister', 'The closing quote was missing: searched for the phrase "foreign minister"', None),
    ("(oil OR gas", "A parenthesis “(” was not closed", "(oil OR gas)"),
    ("oil) gas", "A closing parenthesis “)” that opened nothing was ignored", "oil gas"),
    ("title: canada", "“title:” was read with the word after it", "title:canada"),  # the words title, canada
    ('author: "Cal Mankowski"', "“author:” was read with the word after it", 'author:"Cal Mankowski"'),
    ("oil title:", "“title:” had no word after it and was left out", None),  # it searched the word "title"
    # Lucene's and programmers' operators, which the analyzer dropped as punctuation (oil || gas was oil AND gas)
    ("oil || gas", "Read “||” as OR", "oil OR gas"),
    ("oil | gas", "Read “|” as OR", "oil OR gas"),
    ("oil && gas", "Read “&&” as AND", "oil AND gas"),
    ("oil !gas", "Read “!” as NOT", "oil NOT gas"),
    ('(oil ||gas) && ! "coal mine"', "Read “||” as OR, “&&” as AND, “!” as NOT", '(oil OR gas) AND NOT "coal mine"'),
]


@pytest.fixture
def schema():
    from archive.search import index_schema

    return index_schema()


@pytest.mark.parametrize(("typed", "notice", "cleaned"), EXAMPLES)
def test_unsupported_syntax_gets_a_notice_naming_what_was_searched(schema, typed, notice, cleaned):
    parsed = parse_query(typed, schema=schema)
    assert any(notice in n for n in parsed.notices), parsed.notices
    if cleaned is not None:
        assert parsed.cleaned == cleaned


@pytest.mark.parametrize(
    "typed",
    [
        "oil AND gas",
        "Russia OR Moscow",
        "Pakistan -India",
        "Pakistan NOT India",
        "econom*",
        '(IMF OR "World Bank") loan',
        "title:Canada",
        'author:"Cal Mankowski"',
        "author:Mankowski",
        "country:PK",
        '"foreign minister"',
        "Asif: talks",
        "U.S. trade",
        '"oil~gas"',  # a ~ inside a phrase is a character
        '"oil || gas"',  # and so are || and ! inside a phrase
        "AT&T",
        "a|b",
        "wow!",
    ],
)
def test_supported_syntax_gets_no_notice(schema, typed):
    assert parse_query(typed, schema=schema).notices == ()


@pytest.mark.parametrize("typed", ["oil ANDNOT gas", "oil ANDMAYBE gas", "+oil gas"])
def test_operators_we_do_not_document_do_not_make_words_optional(schema, typed):
    """GIVEN Whoosh's other operators or a + WHEN parsed THEN every word is still required (an And)."""
    from whoosh import query as wq

    parsed = parse_query(typed, schema=schema)
    assert isinstance(parsed.query, wq.And), parsed.query


HOSTILE = [
    "||",
    "!",
    "&&",
    "!!!",
    "| | |",
    "oil || && ! |",
    "~",
    "^",
    "~~~",
    "^^",
    "a~~2",
    "a^^",
    "[",
    "]",
    "{",
    "}",
    "[a TO",
    "TO]",
    "{ TO }",
    "[TO]",
    "foo:",
    ":",
    "foo:(",
    'foo:"',
    '"',
    '""',
    '"""',
    "(",
    ")",
    ")(",
    "((((",
    "))))",
    "a:b:c",
    "title:",
    "country:",
    "org:~2",
    "x^~[{",
    "\x00~",
    "é~2",
    "ä:b",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_syntax_is_never_a_500(client, archive, typed):
    """GIVEN odd syntax WHEN searched on the page and the API THEN a page (200) or a 400 with a message."""
    page = client.get("/", {"q": typed})
    assert page.status_code == 200
    api = client.get("/api/search/", {"q": typed})
    assert api.status_code in (200, 400), api.content
    assert "error" in api.json() or "notices" in api.json()


@pytest.mark.parametrize(("typed", "notice", "cleaned"), EXAMPLES)
def test_page_and_api_show_the_notice_and_agree(client, archive, typed, notice, cleaned):
    """GIVEN each example WHEN searched on the page and through the API THEN both carry the notice."""
    from html import unescape

    page = unescape(client.get("/", {"q": typed}).content.decode())
    assert notice in page
    data = client.get("/api/search/", {"q": typed}).json()
    assert any(notice in n for n in data["notices"]), data["notices"]


def test_the_fast_and_whoosh_paths_give_the_same_notices(archive):
    from archive.search import RESOLVERS, SearchParams, search

    for typed, _, _ in EXAMPLES:
        fast = search(SearchParams(q=typed), resolvers=RESOLVERS)
        slow = search(SearchParams(q=typed), resolvers=RESOLVERS, engine="whoosh")
        assert (fast.notices, fast.count, fast.suggestion) == (slow.notices, slow.count, slow.suggestion), typed


@pytest.mark.parametrize(
    "typed",
    [
        "Pakistan~2",
        '"oil prices"~3',
        "oil^2",
        "[1987 TO 1988]",
        "{a TO b}",
        "foo:bar",
        '"foreign minister',
        "oil || gas",
    ],
)
def test_the_help_page_lists_each_example(client, typed):
    """GIVEN the help page WHEN read THEN it lists the unsupported syntax the notices are about."""
    from html import unescape

    assert typed in unescape(client.get("/help/").content.decode())


@pytest.mark.parametrize("typed", ["the", "of the", "-the"])
def test_a_query_of_words_the_index_leaves_out_says_so(schema, typed):
    """GIVEN only words too common to be indexed WHEN parsed THEN a notice says why nothing is found (the page said
    only "No articles match")."""
    assert any("leaves out the most common words" in n for n in answer_notices(parse_query(typed, schema=schema)))


@pytest.mark.parametrize("typed", ["😀", "—", "....", '""', "- ,"])
def test_a_query_without_a_word_says_that_and_not_the_common_words(schema, typed):
    """GIVEN a query of signs or symbols only WHEN parsed THEN the notice says it holds no word (it said the index
    leaves out "the", "of" and "and", which the query did not hold)."""
    notices = answer_notices(parse_query(typed, schema=schema))
    assert notices and not any("common words" in notice for notice in notices)
    assert any("no word to search for" in notice for notice in notices)


@pytest.mark.parametrize("typed", ["title:", "author:", " country: "])
def test_a_query_all_of_which_is_left_out_is_the_empty_search(client, archive, typed):
    """GIVEN a field name with no word after it, and nothing else WHEN searched THEN what is left, nothing, is
    searched: every article, as the empty box lists them, with the notice saying what was left out (it found
    none, and told the reader to check the spelling)."""
    everything = client.get("/api/search/").json()
    answer = client.get("/api/search/", {"q": typed}).json()
    assert answer["count"] == everything["count"] > 0
    # AND in the empty search's order, newest first, as its feed lists them
    assert [hit["id"] for hit in answer["results"]] == [hit["id"] for hit in everything["results"]]
    assert any("had no word after it and was left out" in notice for notice in answer["notices"])


@pytest.mark.parametrize(("typed", "said"), [("中国", True), ("石油 OR oil", True), ("東京*", True), ("oil", False)])
def test_a_query_in_a_script_without_spaces_says_how_it_is_indexed(schema, typed, said):
    """GIVEN words in Chinese or Japanese, which the index reads as whole runs between punctuation WHEN parsed THEN
    the answer says so, and how to search them (a word inside a run found nothing, and nothing said why)."""
    notices = answer_notices(parse_query(typed, schema=schema))
    assert any("runs of characters between spaces and punctuation" in notice for notice in notices) is said


def test_a_country_code_the_index_reads_as_a_common_word_is_pointed_to_its_filter(schema):
    """GIVEN "US", which the index reads as the word "us" WHEN it is the whole query THEN the notice says so and
    names the country filter (it found nothing, saying only that common words are left out)."""
    notices = answer_notices(parse_query("US", schema=schema))
    assert notices[-1] == "“US” is read as the word “us”: for the country, filter by country:US."
    assert not any("country:" in notice for notice in answer_notices(parse_query("the", schema=schema)))


def test_a_query_of_an_unknown_value_says_that_and_not_the_common_words(schema):
    parsed = parse_query("country:narnia", schema=schema, resolvers={"countries": lambda text: None})
    assert answer_notices(parsed) == [
        "Nothing is known as “country:narnia”, so that part of the query matches no article."
    ]


@pytest.mark.parametrize("path", ["fast", "whoosh", "portable"])
def test_an_unknown_value_matches_nothing_in_the_query_around_it(archive, settings, path):
    from archive.search import RESOLVERS, SearchParams, search

    settings.ARCHIVE_SEARCH_PATH = "portable" if path == "portable" else "auto"

    def count(typed: str) -> int:
        engine = "whoosh" if path == "whoosh" else None
        result = search(SearchParams(q=typed), resolvers=RESOLVERS, **({"engine": engine} if engine else {}))
        return result.count

    # GIVEN the seeds, some about trade, and a country no one knows
    trade, everything = count("trade"), count("")
    assert 0 < trade < everything
    # WHEN the unknown country is ANDed with a word THEN nothing matches, as the notice says (Whoosh's normalize()
    # dropped it from the And: every Pakistan article, under "that part of the query matches no article")
    assert count("trade country:narnia") == count("trade AND country:narnia") == 0
    assert count("(trade country:narnia) OR nothingatall") == 0
    # AND ORed, or excluded, it changes nothing
    assert count("trade OR country:narnia") == count("trade -country:narnia") == trade
    assert count("trade NOT country:narnia") == trade
    assert count("-country:narnia") == count("NOT country:narnia") == everything


@pytest.mark.parametrize(
    "typed", ["“foreign minister”", "„foreign minister“", "« foreign minister »", "＂foreign minister＂"]
)
def test_typographic_quotes_make_a_phrase(schema, typed):
    # GIVEN a phrase in the quotes a phone, a word processor or another language types WHEN parsed THEN it is the
    # phrase, as with straight quotes (it was two words, ANDed, with no notice)
    parsed = parse_query(typed, schema=schema)
    assert parsed.query == parse_query('"foreign minister"', schema=schema).query
    assert parsed.notices == ()
    # AND apostrophe-like single quotes stay punctuation around words
    assert (
        parse_query("‘foreign minister’", schema=schema).query == parse_query("foreign minister", schema=schema).query
    )

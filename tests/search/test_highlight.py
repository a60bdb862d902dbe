"""Snippets: escaped text with only our <mark> around matched words."""

import pytest

from archive.search import reader
from archive.search.highlight import snippet
from archive.search.query import parse_query


@pytest.fixture
def parse():
    schema = reader.schema()
    return lambda text: parse_query(text, schema=schema)


def test_marks_stemmed_matches(parse):
    html = snippet("Pakistan discussed trade with Russia.", parse("discussing trades"))
    assert html == "Pakistan <mark>discussed</mark> <mark>trade</mark> with Russia."


def test_escapes_markup_in_text(parse):
    html = snippet('<script>alert("x")</script> trade <img src=x onerror=alert(1)>', parse("trade"))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "<mark>trade</mark>" in html


def test_picks_the_window_with_matches(parse):
    text = "filler " * 200 + "the IMF programme " + "filler " * 200
    html = snippet(text, parse("IMF"))
    assert "<mark>IMF</mark>" in html and html.startswith("…") and html.endswith("…")


def test_a_phrase_is_marked_whole_where_it_stands_and_its_words_alone_are_not(parse):
    """GIVEN a story naming "debt" alone early and the phrase "third world debt" far later WHEN its snippet is made
    for the phrase THEN the window is the phrase's, marked as one, and no lone "debt" is marked (every "debt" was,
    and the snippet showed one of them, not the phrase)."""
    text = "Public Debt Management said debt rose. " + "filler " * 80 + "The Third World debt plan was agreed."
    html = snippet(text, parse('"third world debt" plan'))
    assert "<mark>Third World debt</mark> <mark>plan</mark>" in html
    assert "Debt Management" not in html and html.count("<mark>") == 2
    # AND a word searched on its own is marked wherever it stands, a phrase's words beside it too
    assert snippet("The debt of the Third World.", parse('debt "third world"')).count("<mark>") == 2


def test_an_excluded_word_is_not_marked(parse):
    assert snippet("Oil and gas prices.", parse("oil -gas")) == "<mark>Oil</mark> and gas prices."


def test_prefix_matches(parse):
    assert "<mark>economic</mark>" in snippet("An economic meltdown", parse("econom*"))


def test_no_query_gives_the_start(parse):
    html = snippet("First words. " + "more " * 100, parse(""))
    assert html.startswith("First words.") and "<mark>" not in html


def test_snippets_read_at_most_the_cap_of_a_body(parse):
    from archive.search.highlight import SNIPPET_SCAN_CHARS, snippet_pieces

    # GIVEN a body whose only match lies past the cap, and one whose match lies just inside it
    filler = "filler " * (SNIPPET_SCAN_CHARS // 7 + 10)
    past = filler + "zircon"
    inside = "filler " * ((SNIPPET_SCAN_CHARS - 200) // 7) + "zircon " + filler
    # WHEN snippets are made THEN only the text within the cap is looked at: the far match is not found
    assert not any(matched for _, matched in snippet_pieces(past, parse("zircon")))
    assert [text for text, matched in snippet_pieces(inside, parse("zircon")) if matched] == ["zircon"]
    # AND a snippet of a cut body still says there is more
    assert snippet_pieces(past, parse("zircon"))[-1] == ("…", False)


def test_text_highlighter_marks_every_match_and_keeps_the_whole_text(db):
    from archive.search.highlight import text_highlighter

    # GIVEN the query an article page was reached from WHEN a long paragraph is marked
    mark = text_highlighter("trade talk*")
    text = "Trade  resumed.\nLater, more trading and talks; " * 300 + "the last trade"
    pieces = mark(text)
    # THEN nothing is lost or reflowed, and every matching word (stemmed, or by prefix) is a piece of its own
    assert "".join(piece for piece, _ in pieces) == text
    matched = [piece for piece, is_match in pieces if is_match]
    assert matched.count("Trade") == 300 and matched.count("talks") == 300 and matched[-1] == "trade"
    assert "trading" in matched  # Porter stems "trading" to "trade"


@pytest.mark.parametrize("query", ["", "   ", "*stan", "country:PK"])
def test_text_highlighter_has_nothing_to_mark(db, query):
    from archive.search.highlight import text_highlighter

    assert text_highlighter(query) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a term's letters inside a longer word are no match; at a word's start they are a candidate
        ("oil", ["Oil", "oils", "OIL", "oil"]),
        ("econom*", ["Economic", "economies"]),
        # a part after an apostrophe leads to the whole word, once
        ("brien", ["O'Brien", "Brien's"]),
        # a word with dots inside is one word, as the index reads it ("U.S", "3.5"); a part of one is no match;
        # an abbreviation is marked with its final dot ("U.S." whole), a number is not ("3.5" of "13.5" no match)
        ("U.S.", ["U.S.", "u.s."]),
        ("3.5", ["3.5"]),
        ("com", []),
        # a letter whose lower case is longer (İ) makes every word checked: the spans stay the text's
        ("trade", ["Trade", "trading"]),
    ],
)
def test_marks_whole_words_wherever_the_letters_stand(parse, query, expected):
    from archive.search.highlight import snippet_pieces

    # GIVEN words holding the query's letters at their start, inside them, after an apostrophe and in other cases
    text = "Oil, soil, oils and OIL. Macroeconomic, Economic and economies; boil toil oil. O'Brien and Brien's d'x"
    if query == "trade":
        text = "İzmir Trade, Trademark and trading"
    if query in ("U.S.", "3.5", "com"):
        text = "U.S. rates rose 3.5 pct, said www.reuters.com; the US and u.s. officials, U. S. 13.5 3"
    # WHEN a snippet is made
    pieces = snippet_pieces(text, parse(query))
    # THEN exactly the whole words that match are marked, and the text is kept as it was
    assert [piece for piece, matched in pieces if matched] == expected
    assert "".join(piece for piece, _ in pieces).removeprefix("…") in text


def test_with_nothing_to_mark_the_snippet_is_the_start_of_the_whole_text_folded(parse):
    import random

    from archive.search.highlight import SNIPPET_SCAN_CHARS, snippet_pieces

    # GIVEN texts of every length around a snippet's, with runs of spaces, new lines and Unicode spaces anywhere
    rng = random.Random(3)
    pieces = ["word", "a", "longerword", " ", "  ", "\n", "\n\n   ", "\u00a0", "\u2003 ", "\t"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 400))) for _ in range(300)]
    texts += [" " * 5_000 + "late start", "x" * 2_000, "word " * (SNIPPET_SCAN_CHARS // 5 + 1)]
    for length in (10, 260):
        for text in texts:
            # WHEN the snippet of no query is made (only the start of the text folded)
            start = snippet_pieces(text, parse(""), length=length)
            # THEN it is the snippet of a query found nowhere in it (the whole text folded, then searched)
            assert start == snippet_pieces(text, parse("zzqx"), length=length), repr(text[:80])


def _keywords(query: str, text: str) -> list[str]:
    from archive.search.highlight import keyword_finder

    return [text[start:end] for start, end in keyword_finder(query)(text)]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        # a phrase is one keyword where its words stand in order, and its words elsewhere are none
        ('"oil prices"', "Oil prices rose. The price of oil fell; prices held.", ["Oil prices"]),
        # the words the index leaves out may stand between a phrase's words, as the search finds it
        ('"price oil"', "The price of oil fell, and the price for oil rose.", ["price of oil", "price for oil"]),
        ('"price oil"', "The price of crude oil fell.", []),
        # words searched alone, side by side (or across a hyphen), are one keyword; parted by any word, two
        (
            "oil prices",
            "Palm-oil prices and oil-price moves; the price of oil.",
            ["oil prices", "oil-price", "price", "oil"],
        ),
        # a prefix, a phrase beside a word searched alone, and an OR
        ("export*", "Exporters said exports rose.", ["Exporters", "exports"]),
        ('"crude oil" futures', "Crude oil futures fell. Oil futures rose.", ["Crude oil futures", "futures"]),
        ("gold OR silver", "Gold and silver rose; silver fell.", ["Gold", "silver", "silver"]),
        # a word the query excludes is no keyword
        ("gold -silver", "Gold rose; silver fell.", ["Gold"]),
        ("gold -(silver OR copper*)", "Gold rose; copper fell.", ["Gold"]),
        # the longest phrase is taken where two could start
        ('"oil prices" OR "oil prices rose"', "Oil prices rose.", ["Oil prices rose"]),
    ],
)
def test_keyword_finder_gives_the_words_and_phrases_searched(db, query, text, expected):
    # GIVEN a query and a text WHEN its keywords are found THEN they are the spans a concordance lines up
    assert _keywords(query, text) == expected


@pytest.mark.parametrize("query", ["", "country:PK", "*stan", "-oil", "NOT oil", "country:PK -oil"])
def test_keyword_finder_has_nothing_to_find(db, query):
    from archive.search.highlight import keyword_finder

    assert keyword_finder(query) is None


def test_the_candidates_scan_finds_what_checking_every_word_finds(parse):
    import random

    from archive.search.highlight import _WORD, _hits, _matches, _with_final_dots

    # GIVEN random texts of words with dots, apostrophes and hyphens inside them, and queries of their words
    rng = random.Random(21)
    words = [
        "U.S.",
        "u.s",
        "US",
        "3.5",
        "13.5",
        "oil",
        "Oil's",
        "O'Brien",
        "oil.prices",
        "www.oil.com",
        "soil",
        "prices",
        "price",
        "I.M.F.",
        "imf",
        "e.g.",
        "end.",
        "co.",
        "Co",
        "palm-oil",
        "d'x",
        "s",
        ".5",
        "5.",
    ]
    seps = [" ", ", ", ". ", "\n", "-", "'", "."]
    for _ in range(300):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 25)))
        query = " OR ".join(rng.sample(["U.S.", "oil", "3.5", "price", "imf", "co*", "brien", "us", "com", "5"], 3))
        parsed = parse(query)
        # WHEN the words are found by the candidates' scan THEN they are those that checking every word finds
        every = _with_final_dots(text, [m.span() for m in _WORD.finditer(text) if _matches(m.group(), parsed)])
        assert _hits(text, parsed) == every, (query, text)

"""archive/collocates.py: the words drawn to a search's keywords, against the whole text of the stories read."""

import math

import pytest

from archive.collocates import collocate_query, collocates, text_words

# Five stories' text: "crude" stands by "oil" every time; "said" is everywhere, more often away from the keyword.
TEXT = " ".join(
    [
        "Crude oil prices rose, traders said. The market said supply was tight and 12 tankers waited.",
        "Crude oil output fell, the ministry said. Officials said exports held and the harbour was busy.",
        "Exporters said crude oil stocks grew. Analysts said demand for steel and grain was steady.",
        "A crude oil cargo sailed, the agency said. Dockers said the weather was calm and the port open.",
        "Price of crude oil: traders saw the price rise. Bankers said rates stayed where they were.",
    ]
)
LINES = [  # each "oil" with up to four words each side
    ("Crude", "oil", "prices rose, traders said."),
    ("Crude", "oil", "output fell, the ministry"),
    ("Exporters said crude", "oil", "stocks grew. Analysts said"),
    ("A crude", "oil", "cargo sailed, the agency"),
    ("Price of crude", "oil", ": traders saw the price"),
]


def test_a_word_drawn_to_the_keyword_is_a_collocate_and_one_found_everywhere_is_not_above_it():
    # GIVEN the lines of "oil" and the stories' whole text WHEN the collocates are counted
    found = {c.word: c for c in collocates(LINES, text_words(TEXT), min_near=2)}
    # THEN "crude", before "oil" every time, comes first, with where it stood
    first = collocates(LINES, text_words(TEXT), min_near=2)[0]
    assert (first.word, first.near, first.before, first.after, first.elsewhere) == ("crude", 5, 5, 0, 0)
    # AND "said", as common away from the keyword as near it, is no collocate
    assert "said" not in found
    # AND the keyword's own word, numbers and words the index leaves out ("the", "of") are not counted
    assert not {"oil", "the", "of", "12"} & found.keys()


def test_forms_of_a_word_are_counted_as_one_and_shown_as_written_most_often():
    lines = [("", "oil", "prices rose"), ("", "oil", "prices fell"), ("", "oil", "price war")]
    [prices] = [c for c in collocates(lines, text_words("oil prices rose oil prices fell oil price war"), min_near=3)]
    assert (prices.word, prices.near, prices.after) == ("prices", 3, 3)


def test_the_score_is_dunnings_log_likelihood():
    # GIVEN a word 4 times in 20 words near the keyword and once in the 80 words elsewhere (the keyword one of them)
    near = [("grain grain grain grain", "oil", " ".join(["steel"] * 16))]
    text = text_words(" ".join(["grain"] * 5 + ["steel"] * 16 + ["copper"] * 78 + ["oil"]))
    [grain] = [c for c in collocates(near, text, min_near=1) if c.word == "grain"]
    # THEN its score is G² over the two samples
    a, c, b, d = 4, 20, 1, 80
    expected = 2 * (a * math.log(a / (c * (a + b) / (c + d))) + b * math.log(b / (d * (a + b) / (c + d))))
    assert grain.score == round(expected, 1) and grain.elsewhere == 1


def test_a_word_seen_too_rarely_near_the_keyword_is_left_out():
    assert collocates(LINES[:2], text_words(TEXT)) == []  # "crude" twice: under the default of 3


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("oil", "oil crude"),
        ('"oil prices"', '"oil prices" crude'),
        ("oil OR gas", "(oil OR gas) crude"),
        ("oil -palm", "(oil -palm) crude"),
    ],
)
def test_a_collocate_leads_to_the_stories_holding_both(q, expected):
    assert collocate_query(q, "crude") == expected

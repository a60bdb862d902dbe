"""archive/collocates.py: the words drawn to a search's keywords, against the rest of the stories' text."""

import math
import re

import pytest

from archive.collocates import WordCounts, collocate_query, collocates
from archive.concordance import windows

# Five stories: "crude" stands by "oil" every time; "said" is everywhere, more often away from the keyword.
STORIES = [
    "Crude oil prices rose, traders said. The market said supply was tight and 12 tankers waited.",
    "Crude oil output fell, the ministry said. Officials said exports held and the harbour was busy.",
    "Exporters said crude oil stocks grew. Analysts said demand for steel and grain was steady.",
    "A crude oil cargo sailed, the agency said. Dockers said the weather was calm and the port open.",
    "Price of crude oil: traders saw the price rise. Bankers said rates stayed where they were.",
]


def _counts(texts: list[str], keyword: str = "oil", words: int = 4) -> WordCounts:
    """The words of `texts` counted around `keyword`, in windows as the concordance cuts its lines."""
    counts = WordCounts()
    for text in texts:
        spans = [m.span() for m in re.finditer(rf"\b{keyword}\b", text, re.IGNORECASE)]
        counts.add(text, windows(text, spans, words))
    return counts


def test_a_word_drawn_to_the_keyword_is_a_collocate_and_one_found_everywhere_is_not():
    # GIVEN the stories and where "oil" stands in them WHEN the collocates are counted
    found = collocates(_counts(STORIES), min_near=2)
    # THEN "crude", before "oil" every time and nowhere else, comes first, with where it stood
    first = found[0]
    assert (first.word, first.near, first.before, first.after, first.elsewhere) == ("crude", 5, 5, 0, 0)
    # AND "said", as common away from the keyword as near it, is no collocate
    words = {c.word for c in found}
    assert "said" not in words
    # AND the keyword's own word, numbers and words the index leaves out ("the", "of") are not counted
    assert not {"oil", "the", "of", "12"} & words


def test_forms_of_a_word_are_counted_as_one_and_shown_as_written_most_often():
    counts = _counts(
        ["oil prices rose. Steel was flat.", "oil prices fell. Grain was flat.", "oil price war."], words=1
    )
    [prices] = collocates(counts, min_near=3, min_score=0)
    assert (prices.word, prices.near, prices.after) == ("prices", 3, 3)


def test_overlapping_windows_count_each_place_once():
    # GIVEN keywords so close that their windows overlap WHEN the words near them are counted
    text = "oil crude oil crude oil and steel, then grain grain grain."
    counts = _counts([text], words=3)
    tally = counts.tally
    # THEN each place counts once, near or elsewhere (the three keywords neither): never more near than there are
    assert tally.before["crude"] + tally.after["crude"] == 2 and tally.elsewhere["crude"] == 0
    places = tally.before.total() + tally.after.total() + tally.elsewhere.total()
    assert places == len(text.split()) - 3
    [crude, *_] = collocates(counts, min_near=2, min_score=0)
    assert crude.word == "crude" and crude.elsewhere == 0


def test_the_score_is_dunnings_log_likelihood():
    # GIVEN "grain" at 4 of the 8 places within 4 words of "oil", and at 1 of the 80 places elsewhere
    text = "grain grain grain grain oil steel steel steel steel " + " ".join(["copper"] * 79 + ["grain"])
    [grain] = [c for c in collocates(_counts([text]), min_near=1) if c.word == "grain"]
    # THEN its score is G² over the two samples
    a, c, b, d = 4, 8, 1, 80
    expected = 2 * (a * math.log(a / (c * (a + b) / (c + d))) + b * math.log(b / (d * (a + b) / (c + d))))
    assert grain.score == round(expected, 1) and (grain.near, grain.elsewhere) == (4, 1)


def test_a_story_of_nothing_but_keywords_and_their_neighbours_scores_without_failing():
    # GIVEN every place near a keyword (nothing elsewhere to compare with) WHEN scored THEN no error, a score of 0
    [crude] = collocates(_counts(["oil crude oil crude oil crude oil"], words=1), min_near=3, min_score=0)
    assert (crude.near, crude.elsewhere, crude.score) == (3, 0, 0.0)


def test_a_word_near_the_keyword_no_more_than_chance_would_put_it_is_left_out():
    # GIVEN "grain" 3 times in the 7 places near "oil" and 4 times in the 20 others: a little more often near
    text = "grain grain grain oil tin zinc lead " + " ".join(["copper"] * 16 + ["grain"] * 4)
    counts = _counts([text])
    # THEN its G² (0.9: under 3.84, chance at p = 0.05) keeps it off the list, where a floor of 0 would show it
    assert "grain" in [c.word for c in collocates(counts, min_near=1, min_score=0)]
    assert "grain" not in [c.word for c in collocates(counts, min_near=1)]


def test_a_word_seen_too_rarely_near_the_keyword_is_left_out():
    assert collocates(_counts(STORIES[:2])) == []  # "crude" twice: under the default of 3


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

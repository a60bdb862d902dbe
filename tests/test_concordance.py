"""archive/concordance.py: a search's key words in context, on the page and as CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.http import QueryDict

from archive.concordance import (
    ARTICLE_LINES,
    CONTEXT_RANGE,
    TooManyLines,
    concordance,
    concordance_url,
    context_words,
    csv_rows,
    export_lines,
    names_query,
    occurrences,
)
from archive.importers import import_paths
from archive.search import RESOLVERS, SearchParams, keyword_finder, search
from archive.search_export import ExportTooLarge
from tests.copies import stories

pytestmark = pytest.mark.django_db

MARKETS = (
    "Crude oil prices rose sharply on Monday as traders weighed supply cuts. Analysts said oil prices could rise "
    "further this week. The price of oil is set by the market, a minister said."
)
FARMING = "Farmers sold more grain this season. Vegetable oil exports fell, and palm-oil prices were steady."
# A story that says "oil" many times: more than an article's lines.
LONG = " ".join(f"Well {n} pumped oil." for n in range(ARTICLE_LINES + 20))


@pytest.fixture(autouse=True)
def lines_archive(tmp_path, django_capture_on_commit_callbacks):
    """GIVEN two stories about oil, one story in two outlets' versions (copies), and a story naming oil 120 times."""
    path = stories.write_jsonl(
        tmp_path / "oil.jsonl",
        stories.record(1, "Oil prices climb", MARKETS, published="2024-05-03"),
        stories.record(2, "Grain and oil", FARMING, "Farm Weekly", "2024-05-01"),
        stories.record(3, "Riverton passes budget", stories.STORY, published="2024-05-02"),
        stories.record(4, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(5, "Oil field report", LONG, "Field News", "2024-04-01"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])


def _lines(query: str, **kwargs) -> list[tuple[str, str, str]]:
    found = concordance(QueryDict(query), **kwargs)
    assert not found.error, found.error
    return [(line.left, line.keyword, line.right) for line in found.lines]


def test_each_occurrence_is_a_line_with_the_words_around_it():
    # GIVEN a text and the keywords of `oil` WHEN its lines are cut with three words each side
    find = keyword_finder("oil")
    text = "Crude  oil prices rose\non Monday. Analysts said\toil could rise."
    found, count = occurrences(text, find, words=3)
    # THEN each line has the words before and after, spaces folded, "…" where the text goes on
    assert found == [
        ("Crude ", "oil", " prices rose on …", 6),
        ("… Monday. Analysts said ", "oil", " could rise.", 47),
    ]
    assert count == 2
    # AND the first only, when asked for, with the count of all
    assert occurrences(text, find, words=3, first=1) == (found[:1], 2)


def test_what_the_keywords_word_holds_around_it_is_not_counted_as_a_word():
    find = keyword_finder("oil")
    # GIVEN "oil" inside "palm-oil," WHEN two words each side are asked for THEN two whole words stand each side
    [(left, keyword, right, _)], _ = occurrences("Traders said palm-oil, soy and corn fell.", find, words=2)
    assert (left, keyword, right) == ("Traders said palm-", "oil", ", soy and …")


def test_an_abbreviation_is_the_keyword_with_its_final_dot():
    # GIVEN a story that names the U.S. mid-sentence and at a sentence's end
    find = keyword_finder("U.S.")
    # WHEN its lines are cut
    found, _ = occurrences("Canada said U.S. corn exports injured growers in the U.S.", find, words=2)
    # THEN each keyword is the abbreviation whole, and what follows it starts with the next word
    assert [(keyword, right) for _, keyword, right, _ in found] == [("U.S.", " corn exports …"), ("U.S.", "")]


def test_a_phrase_is_one_keyword_and_its_words_alone_are_not():
    # GIVEN the phrase "oil prices" WHEN the market story's lines are read
    found = _lines('q="oil prices"')
    # THEN each time the phrase occurs is a line, with the phrase as its keyword
    assert [keyword for _, keyword, _ in found] == ["oil prices", "oil prices", "oil prices"]
    # AND "oil" alone ("The price of oil", "Well 1 pumped oil") is no line, though the snippets mark it
    assert all("pumped" not in left for left, _, _ in found)


def test_words_searched_side_by_side_are_one_keyword():
    # GIVEN `oil prices` (both words, not a phrase) WHEN the farming story's lines are read
    found = concordance(QueryDict("q=oil+prices"))
    farming = [(line.left, line.keyword, line.right) for line in found.lines if line.article.title == "Grain and oil"]
    # THEN "oil" alone is a line, and "oil prices" side by side (across a hyphen before them) is one
    assert farming == [
        ("Farmers sold more grain this season. Vegetable ", "oil", " exports fell, and palm-oil prices were steady."),
        ("… grain this season. Vegetable oil exports fell, and palm-", "oil prices", " were steady."),
    ]
    # AND words parted by another word are two keywords ("The price of oil")
    market = [line.keyword for line in found.lines if line.article.title == "Oil prices climb"]
    assert market == ["oil prices", "oil prices", "price", "oil"]


def test_a_story_in_two_outlets_gives_its_lines_once():
    # GIVEN one story in two versions WHEN its words are looked for
    found = concordance(QueryDict("q=councillors"))
    # THEN one version's lines are shown
    assert found.count == 2 and found.read == 1 and len(found.lines) == 1
    # AND with every version asked for, both
    every = concordance(QueryDict("q=councillors&versions=all"))
    assert every.read == 2 and len(every.lines) == 2


def test_an_article_gives_at_most_its_share_of_lines_and_the_rest_is_counted():
    found = concordance(QueryDict("q=pumped"))
    assert len(found.lines) == ARTICLE_LINES and found.more_in_articles == 20 and found.more_lines == 0
    # AND the page's own cap is counted the same way
    capped = concordance(QueryDict("q=oil"), lines=5)
    assert len(capped.lines) == 5 and capped.more_lines == len(concordance(QueryDict("q=oil")).lines) - 5


def test_an_article_is_read_up_to_its_first_characters(monkeypatch):
    # GIVEN the reading cut at 60 characters WHEN the market story's lines are read
    monkeypatch.setattr("archive.concordance.TEXT_CHARS", 60)
    found = concordance(QueryDict("q=oil+prices&versions=all"))
    # THEN only the uses in its first 60 characters are lines ("Crude oil prices rose sharply on Monday as…")
    assert [line.keyword for line in found.lines if line.article.title == "Oil prices climb"] == ["oil prices"]


WORD = r"\w+(?:['’.]\w+)*"  # a word as the arrangement reads it: "China's", "U.S", "d'Ivoire" whole


def test_the_nearest_word_is_read_whole_with_its_apostrophe_or_its_stops(db):
    """GIVEN lines whose word before the keyword is a possessive, a dotted abbreviation or an accented word
    WHEN arranged by the words before THEN each stands under its own first letter ("China's" under c, "U.S." under
    u), where the possessives and "U.S." all stood together under "s" ("Australia's [wheat]" after "review")."""
    from archive.concordance import Line

    lefts = ["lower-priced", "Western Australia's", "U.S.", "China's", "Côte d'Ivoire", "Écu", "review"]
    lines = [Line(None, left, "wheat", "exports", order=n, position=0) for n, left in enumerate(lefts)]
    arranged = [line.left for line in sorted(lines, key=lambda line: line.key("left"))]
    assert arranged == ["Western Australia's", "China's", "Côte d'Ivoire", "Écu", "lower-priced", "review", "U.S."]


def test_lines_are_arranged_by_the_words_before_or_after(lines_archive):
    # GIVEN every line of `oil` WHEN they are arranged by the words after the keyword, then before it
    by_right = [re.findall(WORD, right.lower())[:1] for _, _, right in _lines("q=oil&by=right")]
    by_left = [re.findall(WORD, left.lower())[-1:] for left, _, _ in _lines("q=oil&by=left")]
    # THEN the first word after, and the last word before, run in alphabetical order
    assert by_right == sorted(by_right) and len(set(map(tuple, by_right))) > 3
    assert by_left == sorted(by_left) and len(set(map(tuple, by_left))) > 3
    # AND article by article keeps the search's order, each article's lines in the order of its text
    in_order = concordance(QueryDict("q=oil"))
    ids = [hit.article_id for hit in search(SearchParams(q="oil", per_page=20)).hits]
    seen = list(dict.fromkeys(line.article.pk for line in in_order.lines))
    assert seen == [pk for pk in ids if pk in seen]


@pytest.mark.parametrize(
    ("value", "words", "notice"),
    [
        ("", 8, ""),
        ("5", 5, ""),
        ("1", CONTEXT_RANGE[0], "2 to 25"),
        ("900", CONTEXT_RANGE[1], "2 to 25"),
        ("x", 8, "“x”"),
    ],
)
def test_the_context_is_a_number_of_words_in_range(value, words, notice):
    found, said = context_words(value)
    assert found == words
    assert (notice in said) if notice else said == ""


def test_a_search_without_words_is_told_what_a_concordance_needs(lines_archive):
    found = concordance(QueryDict("source=farm-weekly"))
    assert "need words to look for" in found.error and found.lines == []
    # AND nor has one that only excludes words, or whose words are too common to be indexed
    assert "need words to look for" in concordance(QueryDict("q=-oil")).error
    assert "need words to look for" in concordance(QueryDict("q=the")).error
    # AND a query that cannot be run gives the search's own message
    assert concordance(QueryDict("q=*oil")).error


def test_unknown_choices_are_ignored_with_a_notice(lines_archive):
    found = concordance(QueryDict("q=oil&by=sideways&context=many&country=ZZ"))
    assert found.by == "article" and found.words == 8
    assert len(found.notices) == 3
    # AND the links carry no value that was ignored
    assert "ZZ" not in found.url() and "sideways" not in found.url(by="right")


@pytest.mark.parametrize("q", ["article", "8", "right"])
def test_a_query_that_is_a_choices_default_keeps_its_links(q):
    # GIVEN a search for a word that is also a choice's value WHEN its concordance's links are made
    found = concordance(QueryDict(f"q={q}&by=left"))
    # THEN each keeps the query; only the choices at their defaults are left out
    assert found.url() == f"/concordance/?q={q}&by=left"
    assert found.url(by="article") == f"/concordance/?q={q}"
    assert found.csv_url == f"/concordance/export.csv?q={q}&by=left"


def test_the_csv_holds_every_line_and_is_refused_past_the_limit(lines_archive):
    _, lines = export_lines(QueryDict("q=oil&by=keyword&context=3"), limit=10)
    rows = list(
        csv.DictReader(io.StringIO("".join(csv_rows(lines, absolute=lambda p: f"http://x{p}")).lstrip("\ufeff")))
    )
    assert len(rows) == len(lines) > ARTICLE_LINES
    # AND one article gives as many lines as on the page (a 1 MB story cannot fill the file)
    assert sum(row["title"] == "Oil field report" for row in rows) == ARTICLE_LINES
    assert {row["keyword"].lower() for row in rows} == {"oil"}
    first = rows[0]
    assert first["permalink"].startswith("http://x/articles/") and first["published"].startswith("2024-")
    assert "…" not in first["left"] + first["right"]
    with pytest.raises(ExportTooLarge):
        export_lines(QueryDict("q=oil"), limit=1)
    # AND a search whose words stand more often than a file's lines is refused before a line is sent
    with pytest.raises(TooManyLines, match="more than 50 times"):
        export_lines(QueryDict("q=oil"), limit=10, lines=50)
    assert len(export_lines(QueryDict("q=oil"), limit=10, lines=len(lines))[1]) == len(lines)


def test_the_search_page_links_to_its_concordance_without_the_page_number():
    assert (
        concordance_url(QueryDict("q=oil&country=PK&page=3&sort=newest"))
        == "/concordance/?q=oil&country=PK&sort=newest"
    )


def test_names_make_one_query_within_the_searchs_word_cap():
    # GIVEN an organisation's names, one twice WHEN they are made a query THEN each once, a phrase where needed
    assert names_query(["International Monetary Fund", "IMF", "I.M.F.", "IMF"]) == (
        '"International Monetary Fund" OR IMF OR "I.M.F."'
    )
    # AND as many as fit in the words given (each OR counted), a quote inside a name dropped
    assert names_query([f"Name number {n}" for n in range(20)], words=10) == '"Name number 0" OR "Name number 1"'
    assert names_query(['Say "hi" co', "", "  "]) == '"Say hi co"'


def test_keywords_close_together_with_wide_contexts_are_counted_once(monkeypatch):
    from archive import collocates

    monkeypatch.setattr(collocates, "MIN_SCORE", 0)  # every word counted is listed, chance or not
    # GIVEN a story naming oil every four words, and 25 words each side (every window overlaps its neighbours)
    found = concordance(QueryDict("q=pumped&context=25"))
    # THEN the page is made, and no word is counted near the keywords more often than the story holds it
    assert found.lines and not found.error
    drawn = {c.word: c for c in found.collocates}
    assert {"oil", "Well"} <= drawn.keys()  # as written
    assert drawn["oil"].near + drawn["oil"].elsewhere == LONG.count("oil") == ARTICLE_LINES + 20


def test_a_story_is_read_in_the_version_the_results_page_shows():
    """GIVEN one story in two versions, the later one first among the newest-first results
    WHEN its concordance is read THEN its lines are the version the results page shows for the story (the earliest),
    and lead to it."""
    results = search(SearchParams(q="councillors", sort="newest"), resolvers=RESOLVERS)
    [row] = results.hits
    assert row.article.title == "Council backs budget"  # the representative: the earliest version
    found = concordance(QueryDict("q=councillors&sort=newest"))
    assert {line.article.pk for line in found.lines} == {row.article_id}

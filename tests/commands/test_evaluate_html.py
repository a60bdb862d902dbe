"""evaluate_html and its parts: the generated pages know their answers, the scoring is the issue's, the command
prints both extractors' figures."""

import datetime as dt
import html
import io
import json

from django.core.management import call_command

from archive.html_corpus import LAYOUTS, generate_pages
from archive.html_evaluation import Extracted, evaluate, extract_ours, ngram_f1


def test_ngram_f1() -> None:
    gold = "one two three four five six"
    assert ngram_f1(gold, gold) == 1.0
    assert ngram_f1("", gold) == 0.0
    # half the 4-grams found, all of them right: precision 1, recall 1/3
    assert abs(ngram_f1("one two three four", gold) - 0.5) < 1e-9


def test_generated_pages_are_deterministic_and_varied() -> None:
    first, again = list(generate_pages(20, seed=5)), list(generate_pages(20, seed=5))
    assert [p.html for p in first] == [p.html for p in again]
    assert {p.layout for p in first} == set(LAYOUTS)
    assert any(p.published is None for p in first) and any(p.published for p in first)
    for p in first:  # the answer is in the page
        shown = html.unescape(p.html)
        assert p.title in shown and p.body.split("\n\n")[-1] in shown


def test_evaluate_scores_a_perfect_and_an_empty_extractor() -> None:
    pages = list(generate_pages(10, seed=3))
    by_name = {p.name: p for p in pages}

    def perfect(page):
        return Extracted(title=page.title, body=page.body, published=page.published)

    def empty(page):
        return Extracted(published=dt.date(2000, 1, 1))

    top, bottom = evaluate(pages, {"perfect": perfect, "empty": empty})
    assert top.as_dict()["body_f1"] == 1.0 and top.as_dict()["title_exact"] == 1.0
    assert top.as_dict()["date_exact_day"] == 1.0 and top.false_dates == 0
    assert bottom.as_dict()["body_f1"] == 0.0 and bottom.false_dates == bottom.undated_pages
    assert len(bottom.failures) == len(by_name)


def test_our_path_reaches_the_targets_on_generated_pages() -> None:
    # GIVEN 40 generated pages; WHEN our path reads them; THEN it meets the targets on them
    [ours] = evaluate(list(generate_pages(40, seed=11)), {"ours": extract_ours})
    figures = ours.as_dict()
    assert figures["body_f1"] >= 0.96 and figures["title_exact"] >= 0.75 and figures["date_exact_day"] >= 0.9


def test_the_command_prints_both_extractors() -> None:
    out = io.StringIO()
    call_command("evaluate_html", "--pages", "10", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert [s["name"] for s in figures["scores"]] == ["trafilatura defaults", "ours"]
    assert figures["pages"] == 10 and set(figures["seconds"]) == {"wall", "cpu"}
    text = io.StringIO()
    call_command("evaluate_html", "--pages", "5", stdout=text)
    assert "body F1" in text.getvalue() and "trafilatura defaults" in text.getvalue()

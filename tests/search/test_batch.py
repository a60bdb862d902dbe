"""archive/search/batch.py: many queries under one set of filters answer as search() answers each of them."""

import datetime as dt

import pytest

from archive.search import RESOLVERS, SearchParams, batch_search, search

pytestmark = pytest.mark.django_db

QUERIES = ["Pakistan", "ASEAN", "Russia OR Ukraine", '"foreign minister"', "country:PK", "nothingmatchesthis"]


def _years(result) -> dict[str, int]:
    """The search page's year facet, its undated bucket among them."""
    return {key: n for key, n in sorted(result.counts.get("date", {}).items()) if n}


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
@pytest.mark.parametrize(
    "filters",
    [SearchParams(), SearchParams(countries=("PK",)), SearchParams(date_from=dt.date(2023, 1, 1))],
)
def test_each_answer_is_what_search_says_of_its_query(archive, engine, filters):
    # GIVEN the seeds WHEN a list of queries is run under one set of filters
    answers = batch_search(QUERIES, filters, resolvers=RESOLVERS, engine=engine)
    # THEN each line has search()'s total, its year facet and its first three results, in order
    assert [answer.query for answer in answers] == QUERIES
    for answer in answers:
        expected = search(SearchParams(**{**filters.__dict__, "q": answer.query}), resolvers=RESOLVERS)
        assert not answer.error and not answer.partial
        assert answer.total == expected.count, answer.query
        assert answer.years == _years(expected), answer.query
        assert sum(answer.years.values()) == answer.total
        assert answer.top_ids == [hit.article_id for hit in expected.hits[:3]], answer.query
    assert any(answer.total for answer in answers) and any(not answer.total for answer in answers)


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
@pytest.mark.parametrize("every_version", [False, True])
def test_a_storys_copies_are_one_result_as_on_the_search_page(copies, engine, every_version, settings):
    # GIVEN stories with several versions each that all match "pipeline", and three articles without a copy
    settings.ARCHIVE_SEARCH_PATH = "portable" if engine == "portable" else "fast"
    filters = SearchParams(all_versions=every_version)
    # WHEN the query runs in a batch (the first five results asked for)
    answer = batch_search(["pipeline"], filters, top=5, resolvers=RESOLVERS, engine=engine)[0]
    # THEN its results are the search page's first five, in order: one per story by default (the story's
    # representative), every version its own with versions=all; the total counts articles either way
    expected = search(
        SearchParams(q="pipeline", all_versions=every_version),
        resolvers=RESOLVERS,
        engine="whoosh" if engine == "whoosh" else "fast",
    )
    assert answer.total == expected.count == 9
    assert answer.top_ids == [hit.article_id for hit in expected.hits[:5]]
    if not every_version:  # five rows in all: story A once, story B once and the three articles without a copy
        story_a = {copies[name].pk for name in ("a_short", "a_long", "a_late", "a_undated")}
        story_b = {copies["b_first"].pk, copies["b_copy"].pk}
        lone = {copies[name].pk for name in ("lone_mid", "lone_old", "lone_undated")}
        assert len(story_a & set(answer.top_ids)) == len(story_b & set(answer.top_ids)) == 1
        assert lone < set(answer.top_ids)


def test_a_filter_narrows_every_line(archive):
    # GIVEN a query that finds articles about several countries
    wide = batch_search(["Pakistan"], resolvers=RESOLVERS)[0]
    narrow = batch_search(["Pakistan"], SearchParams(countries=("RU",)), resolvers=RESOLVERS)[0]
    # THEN the country filter keeps fewer
    assert 0 < narrow.total < wide.total


def test_a_query_that_cannot_be_run_is_reported_on_its_line_and_the_rest_runs(archive):
    # GIVEN a list with a refused wildcard, a query over the length limit, an empty one and an unknown country
    queries = ["Pakistan", "*stan", "word " * 120, "   ", "country:narnia", "ASEAN"]
    answers = batch_search(queries, resolvers=RESOLVERS)
    # THEN the refused lines say why and count nothing
    assert "Wildcards" in answers[1].error and answers[1].total == 0
    assert "too long" in answers[2].error
    assert "empty" in answers[3].error
    # AND the unknown value is a notice on a line that ran (and matches nothing)
    assert not answers[4].error and answers[4].total == 0 and "narnia" in answers[4].notices[0]
    # AND the good lines ran as alone
    assert answers[0].total == search(SearchParams(q="Pakistan"), resolvers=RESOLVERS).count > 0
    assert answers[5].total == search(SearchParams(q="ASEAN"), resolvers=RESOLVERS).count > 0


def test_a_line_says_what_the_search_page_says_of_its_syntax(archive):
    """GIVEN lines with an unclosed quote and only a common word WHEN the batch runs THEN each line's notice says
    what the search page says (both lines had an empty notice)."""
    unclosed, common = batch_search(['"unclosed', "the"], resolvers=RESOLVERS)
    assert unclosed.notices == list(search(SearchParams(q='"unclosed'), resolvers=RESOLVERS).notices)
    assert "closing quote was missing" in unclosed.notices[0]
    assert "most common words" in common.notices[0]


def test_a_query_past_the_time_limit_says_so(archive, monkeypatch):
    # GIVEN a clock that has always passed the deadline
    from archive.search import engine

    ticks = iter(range(0, 10_000, 100))
    monkeypatch.setattr(engine, "_clock", lambda: next(ticks))
    # WHEN a batch runs with a time limit THEN the line is marked partial with a notice
    answer = batch_search(["Pakistan"], resolvers=RESOLVERS, time_limit=0.5, budget=10_000)[0]
    assert answer.partial and "too long" in answer.notices[0]


def test_a_batch_out_of_time_reports_the_queries_it_did_not_start(archive, monkeypatch):
    # GIVEN a clock on which each query takes 40 s, and a budget of 100 s for the batch
    from archive.search import engine

    now = {"t": 0.0}
    evaluate = engine.evaluate

    def slow_evaluate(*args, **kwargs):
        matches = evaluate(*args, **kwargs)
        now["t"] += 40
        return matches

    monkeypatch.setattr(engine, "_clock", lambda: now["t"])
    monkeypatch.setattr(engine, "evaluate", slow_evaluate)
    # WHEN five queries run
    answers = batch_search(["Pakistan"] * 5, resolvers=RESOLVERS, time_limit=0, budget=100)
    # THEN the three started within the budget are answered whole, the two left say they were not run
    assert [bool(a.total) for a in answers[:3]] == [True] * 3 and not any(a.partial for a in answers)
    assert all(a.error.startswith("Not run: the batch ran out of time") and a.total == 0 for a in answers[3:])

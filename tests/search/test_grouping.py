"""One search row per copy group (archive/search/grouping.py) on the fast, Whoosh and portable paths.

Each answer is checked against a reference built from the same search with `versions=all` (every article and its
score, in the engine's order) and `archive.copies.representative` over the matching members of each group.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pytest

from archive.copies import representative
from archive.models import Article, CopyGroup
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db

ENGINES = ["fast", "whoosh", "portable"]


def _run(params: SearchParams, engine: str, settings) -> object:
    settings.ARCHIVE_SEARCH_PATH = "portable" if engine == "portable" else "fast"
    return search(params, engine="whoosh" if engine == "whoosh" else "fast")


def expected_rows(params: SearchParams, engine: str, settings) -> list[tuple[int, list[int]]]:
    """(representative, other versions) per row, in order, from the uncollapsed answer."""
    every = _run(replace(params, all_versions=True, page=1, per_page=500), engine, settings)
    position = {hit.article_id: n for n, hit in enumerate(every.hits)}
    articles = Article.objects.in_bulk(list(position))
    groups: dict[object, list[Article]] = {}
    for article_id in position:
        article = articles[article_id]
        groups.setdefault(article.copy_group_id or ("alone", article_id), []).append(article)
    rows = []
    for members in groups.values():
        head = representative(members)
        others = [m.pk for m in sorted((m for m in members if m is not head), key=_rank)]
        if params.effective_sort == "relevance":  # where its best version comes among all
            key = (min(position[m.pk] for m in members),)
        elif params.effective_sort == "newest":
            key = (head.published is None, -(head.published.toordinal() if head.published else 0))
        else:
            key = (head.published is None, head.published.toordinal() if head.published else 0)
        rows.append((key, position[head.pk], head.pk, others))
    return [(pk, others) for _, _, pk, others in sorted(rows)]


def _rank(article):
    """archive.copies.representative's order: earliest (undated last), longest body, lowest id."""
    return (article.published is None, article.published or dt.date.max, -len(article.body), article.pk)


def _rows(result) -> list[tuple[int, list[int]]]:
    return [(hit.article_id, [other.pk for other in hit.other_versions]) for hit in result.hits]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_one_row_per_story_with_its_other_versions(copies, engine, sort, settings):
    # GIVEN two stories with copies and three articles without WHEN "pipeline" is searched
    params = SearchParams(q="pipeline", sort=sort, per_page=50)
    result = _run(params, engine, settings)
    # THEN 9 articles make 5 rows, each story once under its representative with the other versions in order
    assert (result.count, result.groups, result.engine) == (9, 5, engine)
    assert _rows(result) == expected_rows(params, engine, settings)
    a_row = next(hit for hit in result.hits if hit.article_id == copies["a_long"].pk)
    assert [o.pk for o in a_row.other_versions] == [copies[k].pk for k in ("a_short", "a_late", "a_undated")]
    assert a_row.copy_group == copies["a_long"].copy_group_id
    assert not any(hit.article_id in (copies["a_short"].pk, copies["b_copy"].pk) for hit in result.hits)


@pytest.mark.parametrize("engine", ENGINES)
def test_relevance_places_a_story_at_its_best_version_and_date_at_its_representative(copies, engine, settings):
    best = _run(SearchParams(q="pipeline", sort="relevance"), engine, settings)
    every = _run(SearchParams(q="pipeline", sort="relevance", all_versions=True), engine, settings)
    # GIVEN the late copy scores best of all articles THEN story A's row (its earliest version) comes first
    assert every.hits[0].article_id == copies["a_late"].pk
    assert best.hits[0].article_id == copies["a_long"].pk
    # WHEN newest first THEN story A sits at 2023-01-02 (its representative), after the lone 2023-01-05 article
    newest = [hit.article_id for hit in _run(SearchParams(q="pipeline", sort="newest"), engine, settings).hits]
    assert newest.index(copies["lone_mid"].pk) < newest.index(copies["a_long"].pk)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_representative_is_chosen_among_the_matching_versions(copies, engine, settings):
    # GIVEN a filter that leaves out story A's two earliest versions WHEN searched
    outlet = copies["a_late"].source.slug
    result = _run(SearchParams(q="pipeline", sources=(outlet,)), engine, settings)
    # THEN the late version stands for the story, with no other version (none matches)
    row = next(hit for hit in result.hits if hit.copy_group == copies["a_late"].copy_group_id)
    assert (row.article_id, row.other_versions) == (copies["a_late"].pk, [])


@pytest.mark.parametrize("engine", ENGINES)
def test_pages_are_over_rows_and_facet_counts_stay_per_article(copies, engine, settings):
    params = SearchParams(q="pipeline", sort="newest", per_page=2)
    seen = []
    for page in (1, 2, 3):
        result = _run(replace(params, page=page), engine, settings)
        assert (result.pages, result.page) == (math.ceil(5 / 2), page)
        seen += [hit.article_id for hit in result.hits]
    assert seen == [pk for pk, _ in expected_rows(params, engine, settings)]
    # THEN the facets count every article, as with versions=all (multi-select too)
    every = _run(replace(params, all_versions=True), engine, settings)
    assert result.counts == every.counts and result.counts["source"]
    two = tuple(
        sorted(
            Article.objects.filter(pk__in=[copies["a_late"].pk, copies["b_first"].pk]).values_list(
                "source__slug", flat=True
            )
        )
    )
    picked = _run(SearchParams(q="pipeline", sources=two), engine, settings)
    picked_all = _run(SearchParams(q="pipeline", sources=two, all_versions=True), engine, settings)
    assert picked.counts == picked_all.counts and picked.count == picked_all.count


@pytest.mark.parametrize("engine", ENGINES)
def test_versions_all_lists_every_article(copies, engine, settings):
    result = _run(SearchParams(q="pipeline", per_page=50, all_versions=True), engine, settings)
    assert result.count == result.groups == len(result.hits) == 9
    assert not any(hit.other_versions for hit in result.hits)


def test_a_split_or_join_reaches_the_index(copies, django_capture_on_commit_callbacks):
    # GIVEN story B WHEN an editor splits its copy out THEN the next search lists it as a row of its own
    with django_capture_on_commit_callbacks(execute=True):
        copy = copies["b_copy"]
        copy.copy_group = None
        copy.save()
    assert search(SearchParams(q="pipeline")).groups == 6
    # WHEN a group is deleted (its members' FK set NULL by an update, no article signal) THEN they are reindexed
    with django_capture_on_commit_callbacks(execute=True):
        CopyGroup.objects.filter(pk=copies["a_long"].copy_group_id).delete()
    assert search(SearchParams(q="pipeline")).groups == 9


def _refuse(*args, **kwargs):
    raise AssertionError("group work done for a search with no copy group among its matches")


@pytest.fixture
def no_group_work(monkeypatch):
    """Every path's group step refuses to run: the fast collapse, Whoosh's read of every match, portable's rows."""
    from archive.search import grouping, portable

    monkeypatch.setattr(grouping, "collapse", _refuse)
    monkeypatch.setattr(grouping, "whoosh_rows", _refuse)
    monkeypatch.setattr(portable, "_rows", _refuse)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_archive_without_groups_skips_group_work_on_every_path(archive, engine, settings, no_group_work):
    # GIVEN the seeds (no copy group) WHEN a word and an empty query are searched, grouped as by default
    for q in ("pakistan", ""):
        params = SearchParams(q=q, per_page=50)
        result = _run(params, engine, settings)
        every = _run(replace(params, all_versions=True), engine, settings)
        # THEN no path did group work, and the answer is every match its own row, as with versions=all
        assert result.count == result.groups == every.count > 0
        assert [hit.article_id for hit in result.hits] == [hit.article_id for hit in every.hits]


@pytest.mark.parametrize("engine", ENGINES)
def test_matches_outside_any_group_skip_group_work_on_every_path(copies, engine, settings, no_group_work):
    # GIVEN an archive with copy groups WHEN the query finds only articles without a group
    result = _run(SearchParams(q="tender", per_page=50), engine, settings)
    # THEN no group work is done and the article is its own row
    assert (result.count, result.groups) == (1, 1)
    assert [hit.article_id for hit in result.hits] == [copies["lone_mid"].pk]


@pytest.mark.parametrize("engine", ENGINES)
def test_matches_in_a_group_still_group(copies, engine, settings, no_group_work):
    # GIVEN the same archive WHEN the query finds a grouped story THEN the group step runs (and here refuses)
    with pytest.raises(AssertionError, match="group work done"):
        _run(SearchParams(q="leak", per_page=50), engine, settings)

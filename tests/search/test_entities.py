"""archive/search/entities.py: entity counts and profiles from the index, on both search paths."""

from __future__ import annotations

import pytest

from archive.importers import import_paths
from archive.models import Article
from archive.search import entity_counts, entity_profile, month_totals
from tests.search.entity_archive import write_entity_archive

ENGINES = ["fast", "whoosh", "portable"]


@pytest.fixture
def entities(db, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([write_entity_archive(tmp_path)])
    assert report.total("new") == 7, report
    return {a.title: a.pk for a in Article.objects.all()}


def months(profile) -> list[tuple[str, int, int]]:
    return [(m.month, m.count, m.total) for m in profile.months]


@pytest.mark.parametrize("engine", ENGINES)
def test_profile_counts_months_with_zero_months_and_shares(entities, engine):
    # GIVEN Pakistan in five articles: two months with articles, December 2022 empty, one year-only, one undated
    # WHEN its profile is counted
    profile = entity_profile("country", "PK", engine=engine)
    # THEN it has five articles, every month from the first to the last (the empty one at zero), with the month totals
    assert profile.engine == engine
    assert profile.count == 5
    assert months(profile) == [("2022-11", 1, 2), ("2022-12", 0, 0), ("2023-01", 2, 3)]
    assert [round(m.share, 4) for m in profile.months] == [0.5, 0.0, 0.6667]
    assert profile.without_month == 2
    assert profile.months[0].label == "Nov 2022"


@pytest.mark.parametrize("engine", ENGINES)
def test_profile_cooccurring_entities_leave_the_entity_out(entities, engine):
    # WHEN Pakistan's profile is counted
    profile = entity_profile("country", "PK", engine=engine)

    def pairs(kind):
        return [(item.value, item.count) for item in profile.cooccurring[kind]]

    # THEN the countries, organisations and sources it appears with are counted, most frequent first, Pakistan not
    assert pairs("country") == [("RU", 1)]
    assert pairs("organisation") == [("imf", 2), ("un", 1)]
    assert pairs("source") == [("dawn", 2), ("reuters", 1)]
    assert profile.cooccurring["source"][0].label == "Dawn"


@pytest.mark.parametrize("engine", ENGINES)
def test_source_and_organisation_profiles(entities, engine):
    dawn = entity_profile("source", "dawn", engine=engine)
    assert dawn.count == 3
    assert months(dawn) == [("2022-11", 2, 2), ("2022-12", 0, 0), ("2023-01", 1, 3)]
    assert [(i.value, i.count) for i in dawn.cooccurring["country"]] == [("PK", 2), ("RU", 1)]
    imf = entity_profile("organisation", "imf", engine=engine)
    assert imf.count == 2 and imf.cooccurring["organisation"] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_an_entity_without_articles_has_an_empty_profile(entities, engine):
    profile = entity_profile("country", "FR", engine=engine)
    assert (profile.count, profile.months, profile.without_month) == (0, [], 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_entity_counts_over_the_whole_index(entities, engine):
    assert entity_counts("country", engine=engine) == {"PK": 5, "RU": 2, "US": 1}
    assert entity_counts("source", engine=engine) == {"dawn": 3, "reuters": 2}


@pytest.mark.parametrize("engine", ENGINES)
def test_month_totals_count_every_article_of_each_month(entities, engine):
    # GIVEN two articles in November 2022, three in January 2023, one dated to 2023 only and one undated
    assert month_totals(engine=engine) == {"2022-11": 2, "2023-01": 3}


def test_the_seed_articles_agree_on_both_paths(archive):
    # GIVEN the five seed files WHEN every country's profile is counted on both paths THEN they are the same
    for code in entity_counts("country"):
        fast, whoosh = entity_profile("country", code), entity_profile("country", code, engine="whoosh")
        assert (fast.count, months(fast)) == (whoosh.count, months(whoosh))
        assert fast.cooccurring == whoosh.cooccurring
    assert entity_counts("country")["PK"] == 6


def test_an_unpublished_article_leaves_the_counts(entities, django_capture_on_commit_callbacks):
    # GIVEN one of Pakistan's January articles WHEN it is unpublished THEN the counts and the month total drop
    article = Article.objects.get(pk=entities["Railway timetable revised"])
    article.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    for engine in ENGINES:
        profile = entity_profile("country", "PK", engine=engine)
        assert profile.count == 4
        assert months(profile)[-1] == ("2023-01", 1, 2)


def test_an_unknown_kind_is_refused(entities):
    with pytest.raises(ValueError):
        entity_profile("planet", "mars")

"""archive/search/related.py: related articles by shared distinctive words, never the article itself,
an exact duplicate or an unpublished article; the fast path and Whoosh's searcher agree."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.models import Article
from archive.search import IndexUnavailable, related_articles

pytestmark = pytest.mark.django_db

VOLCANO = "The volcano erupted again and ash from the eruption grounded flights; the volcano ash cloud drifted."
FILLER = [
    "Wheat exports rose as the harvest came in early and grain prices fell.",
    "The central bank kept interest rates unchanged and said inflation was easing.",
    "Oil prices climbed after producers agreed to cut output for another quarter.",
    "Shipping companies reported record container volumes through the port.",
    "The football club signed a new coach after a poor season.",
    "Parliament debated the budget late into the night before a vote.",
]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make(title: str, body: str, *, checksum: str = "", published: bool = True) -> Article:
    number = Article.objects.count() + 1
    return Article.objects.create(
        title=title,
        body=body,
        raw_text=body,
        checksum=checksum or f"sum-{number}",
        import_ref=f"test:{number}",
        published=dt.date(2021, 1, number % 28 + 1),
        precision="day",
        is_published=published,
    )


@pytest.fixture
def volcano(commit):
    """GIVEN an article about a volcano, two others about it, an exact duplicate, an unpublished one and filler."""
    with commit():
        made = {
            "article": make("Volcano erupts", VOLCANO, checksum="volcano"),
            "close": make("Ash cloud from the volcano", "Volcano ash grounded flights across the region."),
            "far": make("Flights resume", "Flights resumed once the ash cloud from the eruption had passed."),
            "duplicate": make("Volcano erupts (copy)", VOLCANO, checksum="volcano"),
            "hidden": make("Volcano eruption, draft", VOLCANO + " Draft.", published=False),
        }
        made["filler"] = [make(f"Filler {n}", text) for n, text in enumerate(FILLER)]
    return made


def ids(article: Article, **kwargs) -> list[int]:
    return [hit.article_id for hit in related_articles(article.pk, **kwargs)]


def test_related_by_shared_words_best_first(volcano):
    # WHEN the volcano article's related articles are asked for
    found = ids(volcano["article"])
    # THEN the articles sharing its distinctive words come first, the closest first
    assert found[:2] == [volcano["close"].pk, volcano["far"].pk]
    # AND each hit carries its article, ready for the page (title, date, source)
    hit = related_articles(volcano["article"].pk)[0]
    assert hit.article.title == "Ash cloud from the volcano"


def test_never_itself_a_duplicate_or_an_unpublished_article(volcano):
    found = ids(volcano["article"])
    assert volcano["article"].pk not in found
    assert volcano["duplicate"].pk not in found  # the same text (checksum)
    assert volcano["hidden"].pk not in found  # not published
    # and from the duplicate's side too: not the original it copies
    assert volcano["article"].pk not in ids(volcano["duplicate"])


def test_one_article_per_text_among_the_results(commit, volcano):
    # GIVEN two more articles with one and the same text, both related to the volcano article
    with commit():
        twins = [make(f"Twin {n}", "Volcano ash and the eruption cloud.", checksum="twin") for n in range(2)]
    # THEN only one of them is listed
    found = ids(volcano["article"])
    assert len({twins[0].pk, twins[1].pk} & set(found)) == 1


def test_at_most_five_and_the_limit_is_kept(commit, volcano):
    with commit():
        for n in range(8):
            make(f"Volcano report {n}", f"Volcano ash eruption flights report number {n}.")
    assert len(ids(volcano["article"])) == 5
    assert len(ids(volcano["article"], limit=2)) == 2
    assert ids(volcano["article"], limit=0) == []


def test_an_article_not_in_the_index_has_none(volcano):
    # GIVEN an unpublished article (the index holds only published ones): THEN nothing, and no error
    assert ids(volcano["hidden"]) == []
    assert related_articles(10**9) == []


def test_an_article_unpublished_after_indexing_is_never_listed(commit, volcano):
    # WHEN a related article is unpublished
    with commit():
        Article.objects.filter(pk=volcano["close"].pk).update(is_published=False)  # no signal: the index keeps it
    # THEN it is not listed although the index still holds it
    assert volcano["close"].pk not in ids(volcano["article"])


def test_the_fast_path_and_whoosh_agree(volcano):
    for article in [volcano["article"], volcano["close"], *volcano["filler"]]:
        assert ids(article) == ids(article, engine="whoosh"), article.title


def test_the_fast_path_falls_back_to_whoosh(volcano, monkeypatch):
    expected = ids(volcano["article"])

    def broken(*args, **kwargs):
        raise RuntimeError("the fast path broke")

    monkeypatch.setattr("archive.search.related._fast_candidates", broken)
    assert ids(volcano["article"]) == expected


def test_an_unreadable_index_raises_index_unavailable(volcano, monkeypatch):
    def unreadable(*args, **kwargs):
        raise OSError(5, "Input/output error", "/index/MAIN_x.seg")

    monkeypatch.setattr("archive.search.related._fast_candidates", unreadable)
    with pytest.raises(IndexUnavailable):
        related_articles(volcano["article"].pk)


def test_the_seeds_relate_to_each_other(archive):
    # GIVEN the five seed articles: each one's related articles are other published seeds, at most 5
    seeds = list(Article.objects.order_by("pk"))
    for article in seeds:
        found = ids(article)
        assert article.pk not in found
        assert len(found) <= 5
        assert set(found) <= {a.pk for a in seeds if a.is_published}
        assert found == ids(article, engine="whoosh")  # entity boosts included: the seeds are tagged
    # AND the two seed articles about Pakistan and ASEAN find each other or others: something is related
    assert any(ids(article) for article in seeds)


def test_the_portable_path_asks_the_engine_and_keeps_the_same_rules(volcano):
    # GIVEN the volcano articles WHEN related articles come from the engine's own "more like this"
    # (haystack's SearchQuerySet.more_like_this, as on Solr or Elasticsearch)
    found = ids(volcano["article"], engine="portable")
    # THEN they are related ones, and the same rules hold: never itself, its copy or an unpublished article
    assert found and set(found) <= {volcano["close"].pk, volcano["far"].pk, *(a.pk for a in volcano["filler"])}
    assert volcano["close"].pk in found
    assert not {volcano["article"].pk, volcano["duplicate"].pk, volcano["hidden"].pk} & set(found)

"""archive/benchmark/tantivy_peer.py: the benchmark's Tantivy peer answers the mix's questions as ours does."""

import pytest

from archive.benchmark.mix import Search
from archive.benchmark.tantivy_peer import Tantivy, query_text
from archive.models import Article
from archive.search import RESOLVERS, search

pytestmark = pytest.mark.django_db


def test_the_mix_words_mean_what_they_mean_to_ours():
    # GIVEN the mix's FTS5 texts WHEN written for Tantivy's parser THEN bare words are all required, NOT is "-"
    assert query_text(Search("two words", q="oil prices", fts="oil prices")) == "oil AND prices"
    assert query_text(Search("NOT", q="oil -gas", fts="oil NOT gas")) == "oil -gas"
    assert query_text(Search("OR", q="oil OR gas", fts="oil OR gas")) == "oil OR gas"
    assert query_text(Search("phrase", q='"interest rates"', fts='"interest rates"')) == '"interest rates"'


@pytest.fixture
def peer(archive, tmp_path):
    tantivy = Tantivy(tmp_path / "tantivy")
    built = tantivy.build()
    assert built["articles"] == Article.objects.published().count() > 0
    return tantivy


@pytest.mark.parametrize(
    "probe",
    [
        Search("browse"),
        Search("browse, 1 facet", countries=("PK",)),
        Search("browse, multi-select", countries=("PK", "RU")),
        Search("word", q="pakistan", fts="pakistan"),
        Search("two words, 1 facet", q="trade cooperation", countries=("PK",), fts="trade cooperation"),
        Search("phrase", q='"foreign minister"', fts='"foreign minister"'),
        Search("word, oldest", q="pakistan", sort="oldest", fts="pakistan"),
    ],
    ids=lambda probe: probe.name,
)
def test_it_counts_pages_and_facets_as_ours_does(peer, probe):
    # GIVEN the seeds in Tantivy WHEN a search of the mix's kinds runs through it and through ours
    answer = peer.run(probe)
    ours = search(probe.params(), resolvers=RESOLVERS)
    # THEN the same articles are found, and each facet counts the same (multi-select rule included)
    assert answer["count"] == ours.count > 0
    assert sorted(answer["ids"]) == sorted(hit.article_id for hit in ours.hits)
    assert answer["snippets"] == len(answer["ids"])
    for facet in ("country", "organisation", "source"):
        assert answer["facets"][facet] == ours.counts.get(facet, {}), facet
    dated = {key: count for key, count in ours.counts.get("date", {}).items() if key != "undated"}
    assert answer["facets"]["date"] == dated
    if probe.sort == "oldest":  # the dated in date order, then the undated (in no order of their own)
        dated = [hit.article_id for hit in ours.hits if hit.article.published]
        assert answer["ids"][: len(dated)] == dated

"""archive/benchmark/related_bench.py: precision@5 against the Reuters TOPICS labels, ours beside Whoosh's
more_like, and our latency, run small (the first Reuters file) as `bench_search --related` runs them."""

from __future__ import annotations

import pytest

from archive.benchmark.related_bench import format_related, latency, precision_at_5, reuters_topics
from archive.importers import import_paths

SGML = """<REUTERS TOPICS="YES" NEWID="7"><DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D><D>trade</D></TOPICS><PLACES><D>el-salvador</D></PLACES>
<TEXT><TITLE>COCOA TALKS</TITLE><BODY>Cocoa producers met. Reuter</BODY></TEXT></REUTERS>
<REUTERS TOPICS="NO" NEWID="8"><DATE>26-FEB-1987 15:02:20.00</DATE><TOPICS></TOPICS>
<TEXT><TITLE>NO LABELS</TITLE><BODY>Nothing labelled here. Reuter</BODY></TEXT></REUTERS>
"""


def test_topics_are_read_from_the_sgml_by_import_reference(tmp_path):
    (tmp_path / "reut2-999.sgm").write_text(SGML, encoding="latin-1")
    assert reuters_topics(tmp_path) == {"reuters:7": {"cocoa", "trade"}, "reuters:8": set()}


@pytest.mark.django_db
@pytest.mark.corpus
@pytest.mark.slow
def test_ours_is_at_least_as_precise_as_more_like_on_the_first_reuters_file(
    reuters_dir, tmp_path, django_capture_on_commit_callbacks
):
    # GIVEN the first Reuters file imported and indexed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "reut2-000.sgm").symlink_to(reuters_dir / "reut2-000.sgm")
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([corpus])
    # WHEN precision@5 is measured on every 4th labelled story
    precision = precision_at_5(corpus, every=4)
    # THEN both answered for nearly every story, and ours is at least as precise as Whoosh's more_like
    assert precision["labelled_stories"] > 100
    assert precision["ours"]["answered"] >= 0.9 * precision["labelled_stories"]
    assert precision["more_like"]["answered"] >= 0.9 * precision["labelled_stories"]
    assert 0 < precision["more_like"]["precision"] <= precision["ours"]["precision"] <= 1
    # AND the latency run times a sample twice (no time is asserted: a busy machine is slow)
    timing = latency(sample=20)
    assert timing["sample"] == 20 and timing["first"]["n"] == timing["warm"]["n"] == 20
    assert timing["answered"] >= 15
    lines = format_related({"precision": precision, "latency": timing})
    assert "precision@5" in lines[0] and "ours is at least as good" in lines[1]

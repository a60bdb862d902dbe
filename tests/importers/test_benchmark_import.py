"""bench_search's import figure: the real importer over a corpus directory, end to end, with its CPU split."""

import shutil
from pathlib import Path

import pytest

from archive.benchmark.importing import format_import, import_corpus
from archive.models import Article, IndexChange

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


def test_the_corpus_is_imported_and_searchable_with_the_figures_the_report_prints(tmp_path):
    # GIVEN a corpus directory holding a small Reuters file (two stories with a body)
    shutil.copy(FIXTURES / "reuters_small.sgm", tmp_path / "reut2-000.sgm")
    # WHEN the benchmark imports it
    figures = import_corpus(tmp_path, target=10)
    # THEN the stories are stored, nothing is left queued for the index, and the figures add up
    assert (figures["files"], figures["articles"], figures["failed_files"], figures["kept"]) == (1, 2, 0, 2)
    assert Article.objects.count() == 2 and IndexChange.objects.count() == 0
    assert figures["seconds"] > 0 and figures["cpu_import_process_s"] >= 0 and figures["cpu_indexing_processes_s"] >= 0
    line = format_import(figures)
    assert line.startswith("import end to end (until searchable): 2 articles in ") and "indexing processes" in line

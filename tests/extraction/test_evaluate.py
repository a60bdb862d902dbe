"""Scoring, label mappings, and the Reuters-21578 benchmark on reut2-000.sgm."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest

from archive.extraction.matcher import compile_gazetteer
from archive.extraction_evaluation import (
    REUTERS_ORG_LABELS,
    REUTERS_PLACE_TO_CODE,
    evaluate_reuters,
    reuters_predicted_orgs,
    score,
    split_files,
)
from archive.record_extraction import extract_record


def test_score_micro_averages_over_stories():
    result = score([({"US", "GB"}, {"US"}), ({"JP"}, {"JP", "CN"}), (set(), set())])
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 1)
    assert result["precision"] == result["recall"] == result["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert result["top_misses"] == [("GB", 1)]
    assert result["top_false_alarms"] == [("CN", 1)]
    assert result["stories"] == 3


def test_score_of_nothing_is_perfect_not_a_crash():
    assert score([])["f1"] == 1.0


def test_place_codes_are_iso():
    assert all(pycountry.countries.get(alpha_2=code) for code in REUTERS_PLACE_TO_CODE.values())
    assert REUTERS_PLACE_TO_CODE["ussr"] == "RU"
    assert REUTERS_PLACE_TO_CODE["west-germany"] == REUTERS_PLACE_TO_CODE["east-germany"] == "DE"


def test_eu_counts_as_the_reuters_ec_label():
    assert reuters_predicted_orgs(["eu", "imf", "ispr"]) == {"ec", "imf"}


@pytest.mark.corpus
def test_every_label_in_the_shared_file_is_mapped(reuters_dir):
    text = (reuters_dir / "reut2-000.sgm").read_text(encoding="latin-1")
    places = {d for block in re.findall(r"<PLACES>(.*?)</PLACES>", text) for d in re.findall(r"<D>(.*?)</D>", block)}
    orgs = {d for block in re.findall(r"<ORGS>(.*?)</ORGS>", text) for d in re.findall(r"<D>(.*?)</D>", block)}
    assert places <= set(REUTERS_PLACE_TO_CODE)
    assert orgs <= set(REUTERS_ORG_LABELS)


@pytest.mark.corpus
def test_reuters_benchmark(reuters_dir, gazetteer):
    """reut2-000 only, to stay fast. The targets are set on all eleven shared files (see the
    report in archive/extraction_evaluation.py); one file has only ~50 organisation labels,
    so its organisation bar is lower. No speed bar here: timings belong to the command's report."""
    compile_gazetteer(gazetteer)  # time extraction, not the one-off compile
    report = evaluate_reuters([reuters_dir / "reut2-000.sgm"], gazetteer)
    countries, organisations = report["countries"], report["organisations"]
    assert report["articles"] > 900
    assert countries["f1"] >= 0.90, countries
    assert countries["precision"] >= 0.88, countries
    assert countries["recall"] >= 0.88, countries
    assert organisations["f1"] >= 0.75, organisations
    # The speed is evaluate_extraction's figure to print, not a timed test: it is the articles over extraction's time.
    assert report["articles_per_second"] == pytest.approx(report["articles"] / report["extraction_seconds"], rel=0.01)


STORIES = (
    '<REUTERS NEWID="{n}">\n<PLACES>{places}</PLACES>\n<ORGS>{orgs}</ORGS>\n<TEXT>&#2;\n<TITLE>{title}</TITLE>\n'
    "<DATELINE>    {dateline} </DATELINE><BODY>{body}\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
)


def _story(n: int, dateline: str, places: str, body: str, title: str = "RESULTS", orgs: str = "") -> str:
    d = "".join(f"<D>{p}</D>" for p in places.split())
    o = "".join(f"<D>{p}</D>" for p in orgs.split())
    return STORIES.format(n=n, places=d, orgs=o, title=title, dateline=dateline, body=body)


def test_via_contract_gives_the_same_figures_as_the_dateline_field(tmp_path, gazetteer):
    # GIVEN stories with US, Canadian and misspelt datelines, one spelling out the IMF
    path = tmp_path / "reut2-000.sgm"
    path.write_text(
        _story(1, "COMMACK, N.Y., Feb 26 -", "usa", "Acme Corp said its profit rose.")
        + _story(2, "TORONTO, Ont., March 2 -", "canada", "Acme Ltd said it sold a unit.")
        + _story(3, "NEW YORK, Narch 2 -", "usa", "Shr 72 cts vs 71 cts")
        + _story(4, "WASHINGTON, March 3 -", "usa brazil", "The IMF said Brazil would get a loan.", "IMF LOAN", "imf"),
        encoding="latin-1",
    )
    # WHEN scored with the dateline as a field and through the extract_entities contract
    fields = evaluate_reuters([path], gazetteer, examples=5)
    contract = evaluate_reuters([path], gazetteer, examples=5, contract=extract_record)
    # THEN the figures are the same, and all right
    for name in ("countries", "organisations"):
        assert fields[name] == contract[name], name
    assert fields["countries"]["f1"] == 1.0, fields["examples"]
    assert fields["organisations"]["tp"] == 1


@pytest.mark.corpus
def test_via_contract_gives_the_same_figures_on_a_reuters_file(reuters_dir, gazetteer):
    # GIVEN the first shared Reuters file
    paths = [reuters_dir / "reut2-000.sgm"]
    # WHEN scored both ways  THEN every figure, misses and false alarms included, is the same
    fields = evaluate_reuters(paths, gazetteer)
    contract = evaluate_reuters(paths, gazetteer, contract=extract_record)
    for name in ("countries", "organisations", "organisations_indexed"):
        assert fields[name] == contract[name], name


def test_splits_choose_the_tuning_and_the_held_out_files():
    paths = [Path(f"reut2-{n:03d}.sgm") for n in range(11)]
    assert [p.name for p in split_files(paths, "tune")] == [f"reut2-{n:03d}.sgm" for n in range(6)]
    assert [p.name for p in split_files(paths, "held-out")] == [f"reut2-{n:03d}.sgm" for n in range(6, 11)]
    assert split_files(paths, "all") == paths
    with pytest.raises(ValueError, match="unknown split"):
        split_files(paths, "test")

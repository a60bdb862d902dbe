"""parse_sgml on a tiny fixture, on broken records, and on the real Reuters-21578 file."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.ingest import parse_file, parse_sgml
from archive.ingest.common import CONTROL_CHARS
from archive.ingest.types import IngestError, Precision

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "ingest" / "reuters_small.sgm"
REUT2_000 = REPO.parent / "shared" / "corpora" / "reuters21578" / "reut2-000.sgm"

RECORD = """<REUTERS TOPICS="NO" NEWID="{newid}">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS><PLACES><D>usa</D></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT>&#2;
<TITLE>TITLE {newid}</TITLE>
<DATELINE>    CLEVELAND, Feb 26 - </DATELINE><BODY>Body of story {newid}
wraps here.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


@pytest.fixture(scope="module")
def small():
    return parse_file(FIXTURE)


def test_fixture_counts(small) -> None:
    """GIVEN three stories, one a BRIEF without BODY
    THEN two articles, one skipped, no errors."""
    assert [a.ref for a in small.articles] == ["reuters:1", "reuters:42"]
    assert small.skipped == 1
    assert small.errors == []
    assert small.path == str(FIXTURE)


def test_fields_of_a_story(small) -> None:
    article = small.articles[0]
    assert article.title == "BAHIA COCOA <BCR> REVIEW & OUTLOOK"
    assert not article.title_generated
    assert article.source == "Reuters"
    assert article.published.value == dt.date(1987, 2, 26)
    assert article.published.precision == Precision.DAY
    assert article.dateline.place == "Salvador"
    assert article.dateline.date.text == "Feb 26"
    assert article.dateline.date.value is None  # the dateline itself has no year
    assert article.labels == {"places": ["el-salvador", "usa"], "orgs": [], "topics": ["cocoa"], "people": []}
    assert article.raw_text.startswith("<REUTERS ") and article.raw_text.endswith("</REUTERS>")


def test_body_paragraphs_entities_and_signature(small) -> None:
    """Indented lines start paragraphs, wrapped lines are joined, entities decoded (broken ones
    kept), control characters dropped, the "Reuter" signature removed."""
    body = small.articles[0].body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Showers continued throughout the week in the Bahia cocoa zone,")
    assert "Comissaria Smith & Co said" in paragraphs[0]
    assert "late this year, said AT&T analysts &bogus; and the Iraq-Turkey pipeline group." in paragraphs[1]
    assert not CONTROL_CHARS.search(body)
    assert not body.rstrip().endswith("Reuter")


def test_signature_removed_but_sentence_ending_in_reuters_kept(small) -> None:
    assert small.articles[1].body.endswith("he told Reuters.")
    assert small.articles[1].labels["people"] == ["lawson"]


def test_truncated_and_malformed_records_are_errors_the_rest_parses() -> None:
    text = (
        RECORD.format(newid=1)
        + '<REUTERS TOPICS="NO">\n<BODY>no id</BODY></REUTERS>\n'
        + RECORD.format(newid=1)  # duplicate NEWID
        + RECORD.format(newid=3).replace("</BODY>", "")  # BODY never closed
        + RECORD.format(newid=4)
        + RECORD.format(newid=5)[:120]  # file cut short
    )
    parsed = parse_sgml(text, ref="x.sgm")
    assert [a.ref for a in parsed.articles] == ["reuters:1", "reuters:4"]
    assert len(parsed.errors) == 4
    assert "no NEWID" in parsed.errors[0]
    assert "duplicate" in parsed.errors[1]
    assert "NEWID 3" in parsed.errors[2] and "BODY" in parsed.errors[2]
    assert "NEWID 5" in parsed.errors[3] and "truncated" in parsed.errors[3]
    assert parsed.articles[0].body == "Body of story 1 wraps here."


def test_story_without_title_gets_a_generated_one() -> None:
    text = RECORD.format(newid=9).replace("<TITLE>TITLE 9</TITLE>", "")
    (article,) = parse_sgml(text, ref="x.sgm").articles
    assert article.title_generated
    assert article.title == "Body of story 9 wraps here"


def test_broken_entities_do_not_crash() -> None:
    text = RECORD.format(newid=7).replace("wraps here.", "&#99999999; &#xZZ; &amp &; &#55296; ok")
    (article,) = parse_sgml(text, ref="x.sgm").articles
    assert article.body.endswith("&#99999999; &#xZZ; &amp &; &#55296; ok")


def test_not_reuters_at_all() -> None:
    with pytest.raises(IngestError, match="no <REUTERS> records"):
        parse_sgml("<html><body>hello</body></html>", ref="x.sgm")


@pytest.mark.corpus
@pytest.mark.skipif(not REUT2_000.is_file(), reason="../shared/corpora/reuters21578 is not here")
def test_real_reuters_file() -> None:
    """GIVEN reut2-000.sgm (1,000 records)
    THEN ~925 articles, each titled, clean and uniquely referenced."""
    text = REUT2_000.read_bytes().decode("latin-1")
    parsed = parse_sgml(text, ref="reut2-000.sgm")
    assert parsed.errors == []
    assert len(parsed.articles) + parsed.skipped == 1000
    assert len(parsed.articles) >= 925
    refs = [a.ref for a in parsed.articles]
    assert len(set(refs)) == len(refs)
    for article in parsed.articles:
        assert article.title.strip()
        assert article.body.strip()
        assert not CONTROL_CHARS.search(article.title + article.body), article.ref
        assert "&lt;" not in article.title + article.body
        assert not article.body.endswith(("Reuter", "REUTER")), article.ref
        assert article.published.precision == Precision.DAY
        assert article.source == "Reuters"
    placed = sum(1 for a in parsed.articles if a.dateline.place)
    assert placed >= 0.99 * len(parsed.articles)

"""Property-based: no 100 KB input, however pathological, stalls a parser or the extraction.

Inputs are long runs of one character class (letters, digits, punctuation, spaces and tabs,
line breaks), repeated capitals and acronyms, many open tags, deep nesting, and mixtures of
two such runs. Every one goes through each parser (a .txt, a .jsonl and a .sgm file) and
through extraction, under a generous safety limit (tests/ingest/limits.py: 10 s per 100 KB;
the quadratic cases took 15-90 s per 100 KB before). The measured figures are in the README.
"""

from __future__ import annotations

import json
import pathlib
import tempfile

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from archive.extraction import Gazetteer, extract
from archive.ingest import IngestError, parse_file
from archive.record_extraction import extract_record
from tests.ingest.limits import within_safety_limit

SIZE = 100_000
# Runs the reported slow files were made of, and their neighbours in each parser's patterns.
UNITS = [
    *"aA1-_.,;:!?'\"@#&*/\\|()[]{}<>=+~`$%^",
    " ", "\t", " \t", "\n", "\r\n", "\n\n", "\u00a0", "\u200b", "—", "–", "…", "é", "İ", "\x7f",
    "US ", "UN ", "Aa Bb ", "AA BB ", "New ", "New\n", "Guinea - ", "Dr. ", "A. ", "a.", "a@", "1987-", "12 Jan ",
    "ISLAMABAD: ", "NEW YORK, SEPT 22 (DNA) - ", "(Reuters) ", "REUTER ", "Reuter\n", "Updated ", "by A ",
    "read more ", "comments are closed ", "(AB) ", "Aa Bb (AB) ", "Michael Jordan ", "Georgia ", "Turkey ",
    "<D>", "</D>", "<BODY>", "<PLACES>", "<REUTERS>", "&#", "&#3;", "&amp", "[", "{\"a\":", "[[", "\\u",
]  # fmt: skip
unit = st.one_of(st.sampled_from(UNITS), st.text(min_size=1, max_size=3))


# A recipe, not the text: a failing example then prints in one line, not 100 KB.
recipe = st.tuples(
    st.sampled_from(["", "Headline\n\n", "x", "ISLAMABAD, ", "Title\n\nShort Url\n\n"]),  # head
    unit,  # the first run's unit
    unit,  # the second run's unit
    st.sampled_from([1.0, 0.5, 0.9]),  # how much of the text is the first run
    st.sampled_from(["", "y", "\n", " REUTER", "</BODY>"]),  # tail
)


def hostile_text(head: str, first: str, second: str, share: float, tail: str) -> str:
    """About 100 KB: one or two runs of a repeated unit, between a short head and tail."""
    first_size = int(SIZE * share)
    return head + first * (first_size // len(first)) + second * ((SIZE - first_size) // len(second)) + tail


def _files(text: str) -> dict[str, str]:
    """The text as each format carries it."""
    record = f'<REUTERS NEWID="1"><PLACES><D>{text[: SIZE // 10]}</D></PLACES><TEXT><TITLE>T</TITLE>'
    return {
        "hostile.txt": text,
        "hostile.jsonl": json.dumps({"title": text[:200] or "t", "body": text}) + "\n" + text[: SIZE // 2],
        "hostile.sgm": f'{record}<BODY>{text}</BODY></TEXT></REUTERS>\n<REUTERS NEWID="2">{text[: SIZE // 2]}',
    }


# The shapes reported in issue 14, always tried first (then max_examples random recipes).
REPORTED = [
    ("Headline\n\n", "a", "a", 1.0, ""),  # 38.5 s per 100 KB through import_articles
    ("", "1", "1", 1.0, ""),  # over 90 s
    ("", "-", "-", 1.0, ""),  # 19.4 s
    ("", "US ", "US ", 1.0, ""),  # 65.1 s as a .jsonl body
    ("", " \t", " \t", 1.0, ""),  # 14.8 s as a .sgm body
    ("", "<D>", "<D>", 1.0, ""),  # 15.6 s after <PLACES>
    ("x", " ", " ", 1.0, "y"),  # 58 s through extract_entities (20 KB of spaces)
    ("", "Aa Bb ", "Aa Bb ", 1.0, ""),
    ("", "[", "[", 1.0, ""),  # nesting
]


def reported(test):
    for parts in REPORTED:
        test = example(parts=parts)(test)
    return test


hostile = settings(
    max_examples=30,  # each example parses three 100 KB files and extracts their articles
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: a recipe is already small
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.slow
@hostile
@reported
@given(parts=recipe)
def test_every_parser_and_extraction_survive_hostile_text(parts: tuple, gazetteer: Gazetteer) -> None:
    """GIVEN about 100 KB of pathological text
    WHEN it is parsed as .txt, .jsonl and .sgm and every article found is extracted
    THEN each step ends within the safety limit with articles or a clear IngestError, never another exception."""
    text = hostile_text(*parts)
    with tempfile.TemporaryDirectory() as directory:
        for name, data in _files(text).items():
            path = pathlib.Path(directory) / name
            path.write_text(data, encoding="utf-8", errors="surrogatepass")
            with within_safety_limit(len(data), f"parsing {name}"):
                try:
                    parsed = parse_file(path)
                except IngestError as error:
                    assert str(error)
                    continue
            for article in parsed.articles:
                with within_safety_limit(len(article.body), f"extracting from {name}"):
                    extract(
                        title=article.title, body=article.body, dateline=article.dateline.place, gazetteer=gazetteer
                    )


@pytest.mark.slow
@hostile
@reported
@given(parts=recipe)
def test_extract_entities_records_survive_hostile_text(parts: tuple, gazetteer: Gazetteer) -> None:
    """GIVEN about 100 KB of pathological text as the body (and the start of it as the title)
    WHEN extract_entities' record extraction runs on it (dateline and date too)
    THEN it gives the contract's keys within the safety limit."""
    text = hostile_text(*parts)
    with within_safety_limit(len(text), "extract_record"):
        result = extract_record({"id": 1, "title": text[:300], "body": text}, gazetteer)
    assert set(result) == {"id", "countries", "organisations", "published"}

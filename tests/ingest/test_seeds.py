"""The five real seed files (byte copies of web pages) parsed end to end."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.ingest import parse_file
from archive.ingest.types import ParsedArticle, Precision

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "seeds"
# Site furniture and links to other stories that no body may keep.
FORBIDDEN_IN_BODY = (
    "Related News",
    "Read More",
    "Comments are Closed",
    "Short Url",
    "Also Read",
    "Updated",
    "Iran",
    "Israel",
    "Azerbaijan",
    "@",
    "\u00a0",
)


def _articles(name_prefix: str) -> tuple[list[ParsedArticle], str]:
    (path,) = SEEDS.glob(f"{name_prefix}_*.txt")
    parsed = parse_file(path)
    assert parsed.errors == []
    return parsed.articles, path.read_text(encoding="utf-8")


def _assert_clean(article: ParsedArticle) -> None:
    for text in FORBIDDEN_IN_BODY:
        assert text not in article.body, f"{article.ref}: body keeps {text!r}"
    paragraphs = article.body.split("\n\n")
    assert "Follow" not in paragraphs
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
    if not article.title_generated:
        assert article.title not in article.body, "the repeated headline stayed in the body"


def test_all_seeds_give_six_articles_with_unique_refs() -> None:
    refs = [a.ref for path in sorted(SEEDS.glob("*.txt")) for a in parse_file(path).articles]
    assert len(refs) == 6
    assert len(set(refs)) == 6
    assert refs[0] == "seeds/000_728eb46f56e5de8d.txt#1"
    assert refs[-2:] == ["seeds/004_466a4c17d71ee6e5.txt#1", "seeds/004_466a4c17d71ee6e5.txt#2"]


def test_seed_000_dateline_only_news_story() -> None:
    """GIVEN a story with no headline that opens "ISLAMABAD: …"
    THEN the title is generated from the lead, the dateline is lifted out, no date is invented."""
    (article,), raw = _articles("000")
    assert article.ref == "seeds/000_728eb46f56e5de8d.txt#1"
    assert article.title_generated
    assert article.title == "Foreign Secretary Dr Asad Majeed Khan held a roundtable meeting…"
    assert article.dateline.place == "Islamabad"
    assert article.dateline.agency == ""
    assert article.published.precision == Precision.UNKNOWN
    assert article.published.value is None
    assert article.body.startswith("Foreign Secretary Dr Asad Majeed Khan held")
    assert not article.body.startswith("ISLAMABAD")
    assert article.body.endswith("member of the ASEAN Regional Forum (ARF) since 2004.")
    assert len(article.body.split("\n\n")) == 9
    assert "“ASEAN member states shared valuable inputs" in article.body  # typographic quotes kept
    assert article.raw_text == raw
    _assert_clean(article)


def test_seed_001_opinion_piece_with_author_note() -> None:
    """GIVEN a single-newline opinion piece ending "[The writer is … email]"
    THEN every line is a paragraph and the note becomes author_bio, e-mail and all, out of the body."""
    (article,), raw = _articles("001")
    assert article.ref == "seeds/001_040a18596ef5fdee.txt#1"
    assert article.title_generated
    assert article.title.startswith("Pakistan has maintained a formal relationship")
    assert article.title.endswith("…")
    assert len(article.title.rstrip("…").split()) <= 12
    assert article.dateline.place == ""
    assert article.published.precision == Precision.UNKNOWN
    assert article.author_bio.startswith("The writer is a media graduate")
    assert "sibgharauf64@gmail.com" in article.author_bio
    assert not article.author_bio.startswith("[") and not article.author_bio.endswith("]")
    assert article.author == ""
    assert "sibgharauf64" not in article.body
    assert "The writer is" not in article.body
    assert len(article.body.split("\n\n")) == 8
    assert article.body.endswith("important partner for ASEAN in the Indo-Pacific region.")
    assert article.raw_text == raw  # trailing blank lines included: the whole file
    _assert_clean(article)


def test_seed_002_headline_wire_dateline_and_related_news() -> None:
    """GIVEN a headline, a "NEW YORK, SEPT 22 (DNA) –" dateline and a Related News block
    THEN the date without a year stays words only and the related block is dropped."""
    (article,), raw = _articles("002")
    assert article.title == "Pakistan desires stronger ties with Russia in diverse fields: Khawaja Asif"
    assert not article.title_generated
    assert article.dateline.place == "New York"
    assert article.dateline.agency == "DNA"
    assert article.published.precision == Precision.UNKNOWN
    assert article.published.value is None
    assert article.published.text == "SEPT 22"
    assert article.body.startswith("In a meeting on the sidelines of the 72nd UNGA session")
    assert article.body.endswith("through enhanced regional integration.")
    assert len(article.body.split("\n\n")) == 8
    assert "TEHRAN" not in article.body and "BONN" not in article.body
    assert article.raw_text == raw
    _assert_clean(article)


def test_seed_003_dated_dateline_and_subheadings() -> None:
    """GIVEN "Islamabad, 20 June 2023 (TDI):\u00a0…" and in-body subheadings
    THEN published is that day, the subheadings stay, "Also Read" goes."""
    (article,), raw = _articles("003")
    assert article.title_generated
    assert article.title.startswith("The fifth round of Pakistan-Russia Bilateral Political Consultations")
    assert article.dateline.place == "Islamabad"
    assert article.dateline.agency == "TDI"
    assert article.published.value == dt.date(2023, 6, 20)
    assert article.published.precision == Precision.DAY
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("The fifth round of Pakistan-Russia")
    for subheading in (
        "Comprehensive Discussions to Deepen Bilateral Cooperation",
        "Expanding Cooperation in Various Fields",
        "Future Prospects and Next Round of Consultations",
    ):
        assert subheading in paragraphs
    assert "Russia-Pakistan MoU on Mutual Trade" not in article.body
    assert article.raw_text == raw
    _assert_clean(article)


def test_seed_004_two_articles_split_with_header_blocks() -> None:
    """GIVEN a file with two pasted articles, each with headline, site furniture, repeated
    headline and bullets
    THEN both are found, with captions, standfirst and dates from the "Updated" lines."""
    (first, second), raw = _articles("004")
    assert first.raw_text + second.raw_text == raw
    assert second.raw_text.startswith("Pakistan, Canada explore deeper trade")

    assert first.ref == "seeds/004_466a4c17d71ee6e5.txt#1"
    assert first.title == (
        "Pakistan’s army chief discusses bilateral defense ties with visiting US Congressional delegation"
    )
    assert not first.title_generated
    assert first.dateline.place == "Islamabad"
    assert first.published.value == dt.date(2025, 4, 13)
    assert first.published.precision == Precision.DAY
    assert len(first.captions) == 1
    assert first.captions[0].startswith("US lawmakers pose for a group photo")
    assert first.captions[0].endswith("(ISPR)")
    assert first.standfirst == [
        "ISPR says both sides emphasized the importance of sustained engagement ‘based on mutual respect’",
        "They also signed a memorandum of understanding to formalize training cooperation in the field of IT",
    ]
    assert first.body.startswith("Pakistan’s Chief of Army Staff General Asim Munir on Sunday")
    assert "US lawmakers pose" not in first.body
    assert "•" not in first.body
    assert first.body.endswith("western provinces bordering Afghanistan.")
    _assert_clean(first)

    assert second.ref == "seeds/004_466a4c17d71ee6e5.txt#2"
    assert second.title == "Pakistan, Canada explore deeper trade, mining and agriculture cooperation"
    assert not second.title_generated
    assert second.dateline.place == "Karachi"
    assert second.published.precision == Precision.UNKNOWN
    assert second.published.text == "Updated 5 sec ago"
    assert len(second.standfirst) == 2
    assert second.standfirst[0].startswith("The development comes as Pakistan seeks")
    assert second.captions == []
    assert second.body.startswith("Pakistani and Canadian officials have discussed")
    assert second.body.endswith("encourage greater Canadian investment.”")
    _assert_clean(second)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_parsing_is_deterministic_and_leaves_file_untouched(path: pathlib.Path) -> None:
    before = path.read_bytes()
    assert parse_file(path) == parse_file(path)
    assert path.read_bytes() == before

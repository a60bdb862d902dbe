"""parse_text on small made-up pages: each rule of the plain-text parser on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.ingest import parse_text
from archive.ingest.common import generate_title
from archive.ingest.types import IngestError, Precision


def _one(raw: str):
    (article,) = parse_text(raw, ref="t.txt")
    return article


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\n", "\u00a0\n\t"])
def test_empty_input(raw: str) -> None:
    with pytest.raises(IngestError, match="empty file"):
        parse_text(raw, ref="t.txt")


def test_only_site_furniture_is_not_an_article() -> None:
    with pytest.raises(IngestError, match="no article text"):
        parse_text("Short Url\nFollow\n\nShare\n", ref="t.txt")


def test_headline_body_and_ref() -> None:
    article = _one("Floods hit Sindh\n\nHeavy rain fell on Monday.\n\nThousands moved.\n")
    assert article.ref == "t.txt#1"
    assert article.title == "Floods hit Sindh"
    assert not article.title_generated
    assert article.body == "Heavy rain fell on Monday.\n\nThousands moved."


@pytest.mark.parametrize(
    ("headline", "lead"),
    [
        ("日銀が金融政策決定会合で金利を据え置き", "日本銀行は金曜日、短期金利を据え置くことを決めた。"),
        ("الأردن يستضيف مؤتمرا حول المياه في عمّان", "استضاف الأردن يوم الأحد مؤتمرا إقليميا حول أزمة المياه."),
    ],
)
def test_a_headline_in_a_script_without_capitals_is_the_title(headline: str, lead: str) -> None:
    # GIVEN a story in Japanese or Arabic, whose letters have no capitals, its headline on the first line
    article = _one(f"{headline}\n\n{lead}\n")
    # THEN the headline is its title, not a title made from its first sentence, and not repeated in the body
    assert (article.title, article.title_generated, article.body) == (headline, False, lead)


@pytest.mark.parametrize(
    ("headline", "lead", "language"),
    [
        ("日銀が金融政策決定会合で金利を据え置き", "日本銀行は金曜日、短期金利を据え置くことを決めた。", "ja"),
        ("中国央行维持贷款市场报价利率不变", "中国人民银行周一表示，一年期贷款市场报价利率维持不变。", "zh"),
    ],
)
def test_a_japanese_or_chinese_story_is_in_its_language_not_english(headline: str, lead: str, language: str) -> None:
    # GIVEN a .txt story in Japanese or Chinese (no stop list reads them; the fallback was English)
    article = _one(f"{headline}\n\n{lead}\n")
    # THEN its language is the one its script names
    assert article.language == language


def test_a_first_line_ending_in_a_japanese_full_stop_is_body() -> None:
    article = _one("日本銀行は金曜日、短期金利を据え置くことを決めた。\n植田総裁は述べた。\n")
    assert article.title_generated


def test_first_line_with_full_stop_is_body_and_title_is_generated() -> None:
    article = _one("Heavy rain fell on Monday.\nThousands moved.\n")
    assert article.title_generated
    assert article.title == "Heavy rain fell on Monday"
    assert article.body == "Heavy rain fell on Monday.\n\nThousands moved."


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        ("Dr. Khan met Mr. R. Ramos in Lahore. Then he left.", "Dr. Khan met Mr. R. Ramos in Lahore"),
        (
            "The prime minister on Monday announced a wide package of relief measures for farmers.",
            "The prime minister on Monday announced a wide package of relief measures…",
        ),
        (
            "Officials from both countries met on Monday with senior members of the bank today.",
            "Officials from both countries met on Monday with senior members…",  # no dangling "of the"
        ),
        ("Short lead", "Short lead"),
    ],
)
def test_generated_titles(lead: str, title: str) -> None:
    assert generate_title(lead) == title
    assert len(title.rstrip("…").split()) <= 12


def test_byline_caption_standfirst_and_published_line() -> None:
    raw = (
        "Rains lash the coast\n"
        "\n"
        "Photo: Fishermen pull boats ashore in Gwadar.\n"
        "By Jane Doe\n"
        "Published: 3 March 2019\n"
        "\n"
        "  - First point of the story\n"
        "  * Second point\n"
        "\n"
        "GWADAR: Heavy rain lashed the coast.\n"
    )
    article = _one(raw)
    assert article.captions == ["Photo: Fishermen pull boats ashore in Gwadar."]
    assert article.author == "Jane Doe"
    assert article.published.value == dt.date(2019, 3, 3)
    assert article.published.precision == Precision.DAY
    assert article.standfirst == ["First point of the story", "Second point"]
    assert article.dateline.place == "Gwadar"
    assert article.body == "Heavy rain lashed the coast."


def test_lead_ending_in_agency_credit_is_not_a_caption() -> None:
    """GIVEN a headline followed straight by a lead paragraph that ends "(APP)"
    THEN it stays the body: a credit only makes a caption when header lines follow."""
    article = _one("Budget approved\n\nThe cabinet approved the budget on Monday. (APP)\n\nMore text.\n")
    assert article.captions == []
    assert article.body.startswith("The cabinet approved the budget on Monday. (APP)")


def test_dateline_date_beats_updated_line() -> None:
    article = _one("Talks held\n\nUpdated 13 April 2025\n\nLONDON, March 3, 2019 (Reuters) - Talks were held.\n")
    assert article.published.value == dt.date(2019, 3, 3)
    assert article.dateline.agency == "Reuters"


def test_updated_line_text_kept_when_no_date() -> None:
    article = _one("Talks held\n\nUpdated 2 hours ago\n\nTalks were held in Doha.\n")
    assert article.published.precision == Precision.UNKNOWN
    assert article.published.text == "Updated 2 hours ago"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By JANE DOE", "Jane Doe"),
        ("By Jane Doe", "Jane Doe"),
        ("By JR Smith", "JR Smith"),
        ("BY MARK O'NEILL", "Mark O'Neill"),
    ],
)
def test_a_shouted_byline_is_written_as_a_name(line: str, author: str) -> None:
    article = _one(f"Pakistan and ASEAN\n\n{line}\n\nPakistan has ties with ASEAN, the minister said on Monday.\n")
    assert article.author == author


def test_paragraph_starting_with_updated_is_kept() -> None:
    article = _one("Updated figures released on Monday show exports rose sharply in the last quarter.\n")
    assert article.body.startswith("Updated figures released")


@pytest.mark.parametrize(
    ("bio_line", "author"),
    [
        ("[The writer, Jane Doe, is a lecturer at a university.]", "Jane Doe"),
        ("[Jane Doe is a lecturer at a university. She tweets @jdoe]", "Jane Doe"),
        ("[The writer is a freelance journalist based in Lahore.]", ""),
        ("The writer is a freelance journalist based in Lahore.", ""),
    ],
)
def test_author_bio(bio_line: str, author: str) -> None:
    article = _one(f"Pakistan has ties with ASEAN.\n\nIt should deepen them.\n\n{bio_line}\n")
    assert article.author == author
    assert article.author_bio == bio_line.strip("[]")
    assert article.body == "Pakistan has ties with ASEAN.\n\nIt should deepen them."


def test_email_never_stays_in_the_body() -> None:
    raw = (
        "Pakistan has ties with ASEAN. Write to desk@example.com for details. It should deepen them.\n\n"
        "More analysis follows here.\n\n"
        "She can be reached at jane.doe@example.org\n"
    )
    article = _one(raw)
    assert "@" not in article.body
    assert article.body == "Pakistan has ties with ASEAN. It should deepen them.\n\nMore analysis follows here."
    assert "jane.doe@example.org" in article.author_bio


def test_clutter_lines_removed() -> None:
    raw = (
        "Trade pact signed\n"
        "Short Url\n"
        "Follow\n"
        "\n"
        "Trade pact signed\n"
        "\n"
        "ISLAMABAD: The pact was signed.\n"
        "Also Read:\u00a0Another story here\n"
        "ALSO READ: yet another\n"
        "The pact covers textiles.\u00a0It starts in May.\n"
        "Minister hails deal and more…Read More\n"
        "Related Stories\n"
        "Other headline\n"
    )
    article = _one(raw)
    assert article.title == "Trade pact signed"
    assert article.body == "The pact was signed.\n\nThe pact covers textiles. It starts in May."


def test_comments_closed_glued_at_the_end() -> None:
    article = _one("Floods hit Sindh\n\nThousands moved.Comments are Closed")
    assert article.body == "Thousands moved."


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    raw = (
        "The provincial government said on Monday that it would\n"
        "release funds for the repair of roads damaged in the\n"
        "floods, officials told reporters in the capital.\n"
        "\n"
        "Work starts next week.\n"
    )
    article = _one(raw)
    assert article.body.split("\n\n") == [
        "The provincial government said on Monday that it would release funds for the repair of roads "
        "damaged in the floods, officials told reporters in the capital.",
        "Work starts next week.",
    ]


SECOND = "Minister visits Tokyo\n\nUpdated 1 May 2024\nFollow\n\nTOKYO: The minister arrived.\n"


def test_split_on_header_block_after_two_blank_lines() -> None:
    raw = "Floods hit Sindh\n\nHeavy rain fell.\r\n\r\n\r\n" + SECOND
    first, second = parse_text(raw, ref="t.txt")
    assert (first.ref, second.ref) == ("t.txt#1", "t.txt#2")
    assert first.raw_text + second.raw_text == raw
    assert second.raw_text == SECOND
    assert second.title == "Minister visits Tokyo"
    assert second.published.value == dt.date(2024, 5, 1)
    assert first.body == "Heavy rain fell."


@pytest.mark.parametrize(
    "raw",
    [
        "Floods hit Sindh\n\nHeavy rain fell.\n\n" + SECOND,  # one blank line only
        "Floods hit Sindh\n\nHeavy rain fell.\n\n\nA subheading\n\nMore text about the rain.\n",  # no header block
    ],
)
def test_no_split_without_both_signals(raw: str) -> None:
    (article,) = parse_text(raw, ref="t.txt")
    assert article.raw_text == raw


def test_single_article_raw_text_is_whole_file_and_input_untouched() -> None:
    raw = "\n\nISLAMABAD: Text.\r\n\r\n\r\n"
    article = _one(raw)
    assert article.raw_text == raw
    assert article.body == "Text."

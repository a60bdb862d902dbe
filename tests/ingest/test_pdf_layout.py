"""archive/ingest/pdf_layout.py: positioned lines to paragraphs, without running heads, with the heading apart."""

from __future__ import annotations

import pytest

from archive.ingest.pdf_layout import Line, dehyphenate, find_heading, paragraphs, strip_running_lines


def page(number: int, *texts: str, size: float = 11.0) -> list[Line]:
    """Lines spread down a page: the first near the top, the last near the bottom."""
    step = 1 / (len(texts) + 1)
    return [
        Line(text, number, step * (i + 1) - 0.01, step * (i + 1), size, new_block=True) for i, text in enumerate(texts)
    ]


def test_a_running_footer_with_changing_numbers_is_dropped_from_every_page() -> None:
    # GIVEN four pages whose last line is "Annual report | page N" and whose first line differs
    lines = [
        line
        for n in range(4)
        for line in page(n, f"Heading {'ABCD'[n]}", f"Body {'ABCD'[n]}.", f"Annual report | page {n + 1}")
    ]
    # WHEN running lines are stripped THEN the footer goes on every page, the rest stays
    assert [line.text for line in strip_running_lines(lines)] == [
        t for n in range(4) for t in (f"Heading {'ABCD'[n]}", f"Body {'ABCD'[n]}.")
    ]


def test_a_line_on_fewer_than_half_the_pages_stays() -> None:
    lines = page(0, "Note", "a") + page(1, "Note", "b") + page(2, "x", "c") + page(3, "y", "d") + page(4, "z", "e")
    assert "Note" in [line.text for line in strip_running_lines(lines)]


@pytest.mark.parametrize("number", ["7", "- 7 -", "Page 7", "page 7 of 12", "7/12"])
def test_page_numbers_at_a_page_edge_go(number: str) -> None:
    lines = page(0, "Text one.", "Text two.", "Text three.", "Text four.", number)
    assert [line.text for line in strip_running_lines(lines)] == ["Text one.", "Text two.", "Text three.", "Text four."]


def test_a_number_inside_the_page_is_text() -> None:
    lines = page(0, "a", "b", "1987", "c", "d")
    assert "1987" in [line.text for line in strip_running_lines(lines)]


def test_the_heading_is_the_first_page_s_largest_font_when_clearly_larger() -> None:
    lines = [*page(0, "Big title", size=20), *page(0, "Body words here.", "More body.")]
    heading, rest = find_heading(lines)
    assert heading == "Big title" and [line.text for line in rest] == ["Body words here.", "More body."]
    same_size = page(0, "Not a title", "Body words here.")
    assert find_heading(same_size) == ("", same_size)
    drop_cap = [*page(0, "T", size=30), *page(0, "he body starts with a drop cap.")]
    assert find_heading(drop_cap) == ("", drop_cap)


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "joined"),
    [
        ("interna", "tional", set(), True),
        ("well", "known", set(), False),
        ("Franco", "German", set(), False),
        ("pre", "sident", {"president"}, True),
        ("snow", "white", {"snow", "white"}, False),
        ("snow", "white", {"snow-white", "snowwhite"}, True),
    ],
)
def test_dehyphenate(left: str, right: str, vocabulary: set[str], joined: bool) -> None:
    assert dehyphenate(left, right, vocabulary) is joined


def test_a_block_that_continues_a_sentence_joins_the_paragraph_and_a_new_sentence_starts_one() -> None:
    lines = [
        Line("The plan covers", 0, 0.8, 0.82, new_block=True),
        Line("five years.", 1, 0.1, 0.12, new_block=True),  # next page, lower case: the same sentence
        Line("Next paragraph.", 1, 0.2, 0.22, new_block=True),
        Line("soft\u00ad", 1, 0.3, 0.32, new_block=True),
        Line("ware works.", 1, 0.32, 0.34),
    ]
    assert paragraphs(lines) == ["The plan covers five years.", "Next paragraph.", "software works."]


def test_a_justified_line_set_apart_continues_its_sentence_when_it_follows_right_below() -> None:
    # GIVEN justified text, where the PDF's tool put lines in blocks of their own: one that follows the line
    # above at the line spacing continues its paragraph (mid-sentence, starting with a capital, or not)
    lines = [
        Line("Volumes rose in 2022, the", 0, 0.30, 0.32, 10.0, new_block=True),
        Line("Harbour Authority said, after the strike that ended in", 0, 0.3205, 0.3405, 10.0, new_block=True),
        Line("September. Profit rose.", 0, 0.341, 0.361, 10.0, new_block=True),
        # a block after a gap starts a paragraph
        Line("Dredging went on.", 0, 0.40, 0.42, 10.0, new_block=True),
        Line("Cranes arrive in", 0, 0.421, 0.441, 10.0, new_block=True),
        Line("May.", 0, 0.60, 0.62, 10.0, new_block=True),
    ]
    assert paragraphs(lines) == [
        "Volumes rose in 2022, the Harbour Authority said, after the strike that ended in September. Profit rose.",
        "Dredging went on. Cranes arrive in",
        "May.",
    ]

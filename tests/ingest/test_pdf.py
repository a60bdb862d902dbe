"""archive/ingest/pdf.py: a PDF's text layer to one article; refusals that say what to do."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from fpdf import FPDF

from archive.dates import Precision
from archive.ingest import parse_file
from archive.ingest import pdf as pdf_module
from archive.ingest.pdf import is_junk_title, parse_pdf, pdf_date
from archive.ingest.types import IngestError
from tests.ingest.pdfs import text_pdf

STORY = [
    "LONDON, March 3, 2011 - The government said on Tuesday",
    "it would cut taxes on grain exports.",
    "",
    "Farmers welcomed the cut, officials said.",
]


def article(data: bytes, **kwargs):
    [parsed] = parse_pdf(data, ref="reports/x.pdf", **kwargs).articles
    return parsed


def test_a_single_page_becomes_one_article_with_its_dateline_and_paragraphs() -> None:
    # GIVEN a one-page PDF with a heading, a dateline and two paragraphs
    data = text_pdf(STORY, heading="Grain taxes cut")
    # WHEN it is parsed
    parsed = article(data)
    # THEN the heading is the title, the dateline is split off and dates the article, paragraphs are kept
    assert parsed.ref == "reports/x.pdf#1"
    assert (parsed.title, parsed.title_generated) == ("Grain taxes cut", False)
    assert parsed.dateline.place == "London"
    assert (parsed.published.value, parsed.published.precision) == (dt.date(2011, 3, 3), Precision.DAY)
    assert parsed.body == (
        "The government said on Tuesday it would cut taxes on grain exports.\n\n"
        "Farmers welcomed the cut, officials said."
    )
    # AND the raw text is the text layer as read, heading included
    assert "Grain taxes cut" in parsed.raw_text and "LONDON, March 3, 2011" in parsed.raw_text


def test_running_headers_footers_and_page_numbers_are_dropped_and_a_sentence_continues_across_pages() -> None:
    # GIVEN three pages with a running header, page numbers, and a sentence cut by a page break
    data = text_pdf(
        ["The committee met on Monday and", "agreed a plan that"],
        ["covers the next five years. It starts now."],
        ["A last paragraph closes the report."],
        header="THE DAILY PLANET  Monday edition",
        page_numbers=True,
        title="Committee agrees plan",
    )
    # WHEN it is parsed
    parsed = article(data)
    # THEN neither the header nor the numbers are in the body, and the cut sentence is whole again
    assert parsed.body == (
        "The committee met on Monday and agreed a plan that covers the next five years. It starts now.\n\n"
        "A last paragraph closes the report."
    )
    assert parsed.title == "Committee agrees plan"
    # AND the raw text keeps them: it is the text layer as received, pages separated by form feeds
    assert parsed.raw_text.count("THE DAILY PLANET") == 3 and parsed.raw_text.count("\f") == 2


def test_a_header_on_a_single_page_is_kept_but_its_page_number_goes() -> None:
    # GIVEN one page (nothing repeats) with a page number
    parsed = article(
        text_pdf(["Only one page of text here."], header="Ministry of Trade", page_numbers=True, title="Note")
    )
    # THEN the header stays (it may be text), the lone number goes
    assert parsed.body == "Ministry of Trade\n\nOnly one page of text here."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["It was a well-", "known policy."], "It was a well-known policy."),
        (["The interna-", "tional community agreed."], "The international community agreed."),
        # the document itself decides: the joined word is used elsewhere, so the hyphen was typesetting
        (["They saw the co-", "operation. cooperation matters."], "They saw the cooperation. cooperation matters."),
        # ... or the hyphenated word is, so the hyphen is real
        (["A mid-term vote, the first mid-", "term vote."], "A mid-term vote, the first mid-term vote."),
        (["The Franco-", "German treaty."], "The Franco-German treaty."),
    ],
)
def test_words_hyphenated_at_a_line_end(lines: list[str], expected: str) -> None:
    # GIVEN a word split with a hyphen at a line end WHEN parsed THEN it is joined only when the hyphen was a break
    assert article(text_pdf(lines, title="Hyphens")).body == expected


def test_a_good_metadata_title_wins_over_the_heading_and_a_different_heading_stays_in_the_body() -> None:
    # GIVEN metadata naming the document and a heading that is not the same
    parsed = article(text_pdf(STORY, title="Annual grain report 2011", heading="Chapter one"))
    # THEN the metadata is the title and the heading is the first paragraph
    assert parsed.title == "Annual grain report 2011"
    assert parsed.body.startswith("Chapter one\n\n")


@pytest.mark.parametrize("junk", ["Microsoft Word - draft7.doc", "untitled", "Untitled document 2", "report.pdf", ""])
def test_a_junk_metadata_title_gives_way_to_the_first_heading(junk: str) -> None:
    # GIVEN a metadata title that names the program or the file WHEN parsed THEN the heading is the title
    parsed = article(text_pdf(STORY, title=junk, heading="Grain taxes cut"))
    assert parsed.title == "Grain taxes cut" and "Chapter" not in parsed.body


@pytest.mark.parametrize("ref", ["scans/harbour_scan-0001.pdf", "upload/harbour_scan-0001.pdf@9e2e3c037b20"])
def test_a_metadata_title_that_is_the_files_own_name_gives_way_to_the_first_heading(ref: str) -> None:
    """GIVEN a PDF whose metadata title is its file name without the suffix (Pillow and scanners write it so)
    WHEN it is imported from a directory or uploaded THEN the first page's heading is the title."""
    data = text_pdf(STORY, title="harbour scan-0001", heading="Grain taxes cut")
    [parsed] = parse_pdf(data, ref=ref).articles
    assert parsed.title == "Grain taxes cut"
    assert parsed.published.value == dt.date(2011, 3, 3) and parsed.dateline.place == "London"


def test_without_a_title_anywhere_one_is_made_from_the_lead() -> None:
    parsed = article(text_pdf(["Exports of grain rose sharply in March, the ministry said."]))
    assert parsed.title_generated and parsed.title == "Exports of grain rose sharply in March, the ministry said"


@pytest.mark.parametrize(
    ("title", "junk"),
    [
        ("Microsoft Word - x.doc", True),
        ("C:\\Users\\ann\\report.docx", True),
        ("Document1", True),
        ("Title", True),
        ("scan", True),  # what a scanner or Pillow names the file, kept as the title after a rename
        ("Scan_0001", True),
        ("scanned document 12", True),
        ("IMG_2034", True),
        ("20240315_093012", True),
        ("Scan of the week: lakes", False),
        ("Grain exports rise", False),
        ("The 2011 budget: what changes", False),
    ],
)
def test_junk_titles(title: str, junk: bool) -> None:
    assert is_junk_title(title) is junk


def test_a_date_in_the_text_wins_over_the_metadata_dates() -> None:
    # GIVEN a date line near the top and a CreationDate years later
    data = text_pdf(["15 March 2009", "", "The port reopened."], title="Port", created=dt.datetime(2020, 1, 2))
    # WHEN parsed THEN the text's date is the published date, and the date line is not body text
    parsed = article(data)
    assert (parsed.published.value, parsed.body) == (dt.date(2009, 3, 15), "The port reopened.")


def test_the_creation_date_is_the_fallback_when_the_text_has_none() -> None:
    parsed = article(text_pdf(["The port reopened."], title="Port", created=dt.datetime(2020, 1, 2, 10, 0)))
    assert (parsed.published.value, parsed.published.precision) == (dt.date(2020, 1, 2), Precision.DAY)


def test_a_date_in_the_title_comes_before_the_creation_date() -> None:
    # GIVEN a digest titled with its day, made into a PDF years later, its text undated
    data = text_pdf(["The port reopened."], title="Press Digest 3 May 2023", created=dt.datetime(2026, 12, 7))
    # THEN the title's day is the published date
    assert article(data).published.value == dt.date(2023, 5, 3)


@pytest.mark.parametrize(
    ("created", "title", "day"),
    [
        (dt.datetime(2026, 9, 15, 8, 0), "Strike in Beirut", dt.date(2026, 9, 14)),  # made the next day
        (dt.datetime(2027, 1, 3), "Strike in Beirut", dt.date(2026, 9, 14)),  # made in the next year
        (dt.datetime(2030, 1, 1), "Press Digest 15 Sept 2026", dt.date(2026, 9, 14)),  # the title dates it
    ],
)
def test_a_datelines_day_without_a_year_takes_the_year_of_a_later_date(created, title, day) -> None:
    # GIVEN a story whose dateline has a day but no year, in a PDF titled or made after it
    data = text_pdf(
        ["BEIRUT, Sept 14 (Reuters) - Lebanese unions went on strike", "over pay."], title=title, created=created
    )
    # WHEN it is parsed
    parsed = article(data)
    # THEN the published date is the dateline's day, in the nearest year not after the later date
    assert (parsed.published.value, parsed.published.precision) == (day, Precision.DAY)
    assert parsed.dateline.place == "Beirut" and parsed.body.startswith("Lebanese unions")


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("D:20240315093000+01'00'", dt.date(2024, 3, 15), Precision.DAY),
        ("D:202403", dt.date(2024, 3, 1), Precision.MONTH),
        ("2019", dt.date(2019, 1, 1), Precision.YEAR),
        ("D:20241345", None, Precision.UNKNOWN),  # month 13
        ("yesterday", None, Precision.UNKNOWN),
    ],
)
def test_pdf_dates(value: str, expected: dt.date | None, precision: Precision) -> None:
    date = pdf_date(value)
    assert (date.value, date.precision) == (expected, precision)


def test_columns_are_read_in_reading_order_even_when_drawn_right_column_first() -> None:
    # GIVEN two columns whose right one comes first in the file's drawing order
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Times", size=11)
    for row, line in enumerate(["Right column opens here", "and closes here."]):
        pdf.text(110, 40 + row * 5, line)
    for row, line in enumerate(["Left column opens here", "and closes here."]):
        pdf.text(15, 40 + row * 5, line)
    # WHEN parsed THEN the left column comes first
    parsed = article(bytes(pdf.output()))
    assert parsed.body == "Left column opens here and closes here.\n\nRight column opens here and closes here."


def test_the_author_comes_from_the_metadata_unless_it_is_a_login_name() -> None:
    assert article(text_pdf(STORY, author="Jane Doe")).author == "Jane Doe"
    assert article(text_pdf(STORY, author="Administrator")).author == ""


@pytest.mark.parametrize("login", ["jsmith", "j.smith", "asmith2", "press_office"])
def test_an_author_that_is_a_computer_account_is_no_author(login: str) -> None:
    """GIVEN a PDF whose metadata author is the login of whoever saved it (one lower-case token) THEN no author;
    a name with a capital or a space stays."""
    assert article(text_pdf(STORY, author=login)).author == ""
    assert article(text_pdf(STORY, author="Anna Lindqvist")).author == "Anna Lindqvist"
    assert article(text_pdf(STORY, author="Reuters")).author == "Reuters"


# --- Refusals ---------------------------------------------------------------------------------------


def test_an_encrypted_pdf_is_refused_with_what_to_do() -> None:
    with pytest.raises(IngestError, match="encrypted PDF: it needs a password"):
        parse_pdf(text_pdf(STORY, user_password="secret"), ref="x")


def test_a_pdf_with_only_an_owner_password_opens() -> None:
    # GIVEN a PDF protected against editing only (empty user password) THEN it reads like any other
    assert "grain exports" in article(text_pdf(STORY, user_password="")).body


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_a_truncated_pdf_is_refused(keep: float) -> None:
    data = text_pdf(STORY)
    with pytest.raises(IngestError, match="truncated PDF"):
        parse_pdf(data[: int(len(data) * keep)], ref="x")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nnothing else\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF",
    ],
)
def test_a_broken_pdf_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"broken PDF|no text layer|no article text"):
        parse_pdf(data, ref="x")


def test_too_many_pages_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 2)
    with pytest.raises(IngestError, match="PDF of 3 pages; the limit is 2"):
        parse_pdf(text_pdf(["one"], ["two"], ["three"]), ref="x")


def test_the_time_budget_is_checked_between_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a budget already spent (a safety net: no clock is raced here) THEN reading stops with a message
    monkeypatch.setattr(pdf_module, "TIME_BUDGET_SECONDS", -1)
    with pytest.raises(IngestError, match=r"reading the PDF took over -1 s of CPU time \(at page 1\)"):
        parse_pdf(text_pdf(STORY), ref="x")


def test_a_text_layer_over_the_article_limit_is_refused() -> None:
    with pytest.raises(IngestError, match="over the 100 bytes limit for one article"):
        parse_pdf(text_pdf(STORY * 3), ref="x", max_article_bytes=100)


def test_only_page_numbers_is_no_article() -> None:
    with pytest.raises(IngestError, match="no article text"):
        parse_pdf(text_pdf(["1"], ["2"], ["3"]), ref="x")


# --- Through parse_file -----------------------------------------------------------------------------


def test_parse_file_dispatches_pdf_before_the_binary_check(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "Report.PDF"
    path.write_bytes(text_pdf(STORY, heading="Grain taxes cut"))
    parsed = parse_file(path)
    assert parsed.path == str(path) and parsed.articles[0].ref == f"{tmp_path.name}/Report.PDF#1"


def test_a_pdf_named_file_that_is_not_a_pdf_says_so(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"Just some text pretending.")
    with pytest.raises(IngestError, match="not a PDF: the file does not start with %PDF"):
        parse_file(path)

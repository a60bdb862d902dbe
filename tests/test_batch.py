"""archive/batch.py: reading a watch list, the size limit, running it, and its CSV."""

import csv
import io

import pytest

from archive.batch import BatchInputError, check_size, csv_chunks, read_lines, read_upload, run_batch
from archive.search import RESOLVERS, SearchParams, search


def test_pasted_lines_are_queries_blank_ones_dropped():
    assert read_lines('Pakistan\r\n\n  ASEAN  \n\t\n"foreign minister"\n') == [
        "Pakistan",
        "ASEAN",
        '"foreign minister"',
    ]


def test_a_csv_file_gives_its_first_column_and_its_header_is_skipped():
    # GIVEN a spreadsheet's export with a header row and a second column
    data = '\ufeffName,Note\nPakistan,ally\n"Smith, John",person\n,empty\nASEAN,bloc\n'.encode()
    queries, notices = read_upload("list.csv", data)
    # THEN the first column's cells are the queries (a quoted comma kept), the header is skipped and said so
    assert queries == ["Pakistan", "Smith, John", "ASEAN"]
    assert "“Name”" in notices[0]


def test_a_semicolon_csv_and_a_windows_encoding_are_read():
    queries, notices = read_upload("list.csv", "Query;x\nZürich;1\nSão Paulo;2\n".encode("cp1252"))
    assert queries == ["Zürich", "São Paulo"] and notices


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_with_its_byte_order_mark_is_read(encoding):
    # GIVEN a list saved as Excel's "Unicode Text" (UTF-16 with a byte-order mark, tab-separated)
    data = "Query\tNote\r\nZürich\tcity\r\nSão Paulo\tcity\r\n".encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = b"\xfe\xff" + data
    assert read_upload("list.txt", data)[0] == ["Query Note", "Zürich city", "São Paulo city"]  # a tab is a space
    assert read_upload("list.tsv", data)[0] == ["Zürich", "São Paulo"]


def test_a_text_file_is_one_query_a_line_and_a_first_line_that_is_no_header_stays():
    queries, notices = read_upload("list.txt", b"Pakistan, India\nASEAN\n")
    assert queries == ["Pakistan, India", "ASEAN"] and notices == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("list.txt", b"a\x00b", "not text"), ("list.txt", b"x" * (3 * 1024 * 1024), "larger than 2 MB")],
)
def test_a_file_that_is_no_list_is_refused(name, data, message):
    with pytest.raises(BatchInputError, match=message):
        read_upload(name, data)


def test_a_list_over_the_limit_is_refused_whole_with_its_count(settings):
    # GIVEN a limit of 3
    settings.ARCHIVE_BATCH_LIMIT = 3
    check_size(["a", "b", "c"])
    # WHEN 4 queries are given THEN nothing runs and the message says both numbers
    with pytest.raises(BatchInputError, match="This list has 4 queries; a batch runs at most 3") as refused:
        check_size(["a", "b", "c", "d"])
    assert (refused.value.count, refused.value.limit) == (4, 3)
    with pytest.raises(BatchInputError, match="no query"):
        check_size([])


@pytest.mark.django_db
def test_the_report_and_its_csv(archive):
    # GIVEN a list with a formula-like query, a refused one and a good one
    report = run_batch(["=Pakistan", "*stan", "ASEAN"], SearchParams())
    pakistan = search(SearchParams(q="=Pakistan"), resolvers=RESOLVERS)
    # THEN each row holds the search's total and its best articles with their permalinks
    assert report.rows[0].total == pakistan.count > 0
    assert [a.id for a in report.rows[0].articles] == [h.article_id for h in pakistan.hits[:3]]
    assert report.rows[0].articles[0].path == pakistan.hits[0].article.get_absolute_url()
    assert not report.rows[1].ran and "Wildcards" in report.rows[1].notice and report.failed == 1
    assert report.years and report.years == sorted(report.years, key=lambda y: (y == "undated", y))
    # WHEN written as CSV
    text = "".join(csv_chunks(report, absolute=lambda path: "http://testserver" + path))
    # THEN it starts with a BOM, has a column per year, and a formula-like query is neutralised
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["query"] for row in rows] == ["'=Pakistan", "*stan", "ASEAN"]
    assert int(rows[0]["total"]) == pakistan.count
    assert sum(int(rows[0][year]) for year in report.years) == pakistan.count
    assert rows[0]["permalink_1"] == "http://testserver" + report.rows[0].articles[0].path
    assert rows[0]["title_1"] == report.rows[0].articles[0].title
    assert rows[1]["total"] == "" and "Wildcards" in rows[1]["notice"]
    # AND a query not run has no count in any year either (its zeros read as "no articles in 1987")
    assert all(rows[1][year] == "" for year in report.years)

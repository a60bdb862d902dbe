"""Batch search for watch lists: a list of queries in (pasted lines or a CSV/text file), one row per query out.

`read_lines` / `read_upload` turn what a user gave into queries (a file: its first column, a header row
detected and skipped); `check_size` refuses a list longer than ARCHIVE_BATCH_LIMIT with its count and the
limit (nothing is run, never a silent cut); `run_batch` asks the search service (`archive.search.batch_search`)
and loads the best articles of every row at once; `csv_chunks` writes the rows as CSV (a BOM, formula-like
cells neutralised as exports do).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.http import QueryDict

from archive.dates import UNDATED
from archive.exporters import published_text
from archive.forms import left_out, only_keys, params_from_query, printable
from archive.search import RESOLVERS, SearchParams, batch_search, date_label
from archive.search_export import articles_in_order, spreadsheet_csv

TOP = 3  # best articles listed per query
MAX_FILE_BYTES = 2 * 1024 * 1024  # an uploaded list: 500 queries of 500 characters fit four times over
# A first cell naming the column rather than a query: the header row of a spreadsheet's export.
HEADER_NAMES = {
    "query", "queries", "q", "search", "searches", "search term", "search terms", "term", "terms", "keyword",
    "keywords", "name", "names", "entity", "entities", "organisation", "organisations", "organization",
    "organizations", "company", "companies", "person", "people", "watch list", "watchlist",
}  # fmt: skip


class BatchInputError(ValueError):
    """A list that cannot be read, or is too long: the message is shown as is; nothing was run."""

    def __init__(self, message: str, *, count: int | None = None, limit: int | None = None) -> None:
        super().__init__(message)
        self.count, self.limit = count, limit


@dataclass
class BatchArticle:
    id: int
    title: str
    published: str | None  # YYYY, YYYY-MM or YYYY-MM-DD, to the precision known
    path: str  # the permalink, a path on this site


@dataclass
class BatchRow:
    query: str
    total: int = 0
    years: dict[str, int] = field(default_factory=dict)  # "1987" -> hits, "undated" last
    articles: list[BatchArticle] = field(default_factory=list)
    notice: str = ""  # why the query was not run, or what to know about its answer
    ran: bool = True


@dataclass
class BatchReport:
    rows: list[BatchRow]
    years: list[str]  # every year any row has hits in, in order, "undated" last: the table's columns

    @property
    def failed(self) -> int:
        return sum(1 for row in self.rows if not row.ran)

    def year_label(self, key: str) -> str:
        return date_label(key)


def limit() -> int:
    return settings.ARCHIVE_BATCH_LIMIT


FILTER_KEYS = ("country", "org", "source", "from", "to")


def filter_params(data: QueryDict) -> tuple[SearchParams, list[str], list[str]]:
    """The filters (country, org, source, from, to) as the search page validates them: bad values ignored with a
    notice; and the notices of those left out (`forms.left_out`: a file refuses them). Nothing else of `data` is
    read (a stray `q` or `page` is not a filter)."""
    params, notices, form = params_from_query(only_keys(data, FILTER_KEYS))
    return params, notices, left_out(notices, form)


def read_lines(text: str) -> list[str]:
    """Pasted lines: each non-blank line is a query, as typed (trimmed)."""
    return [printable(line) for line in text.splitlines() if printable(line)]


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text", Notepad's "Unicode"
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # a spreadsheet saved on Windows


def read_upload(name: str, data: bytes) -> tuple[list[str], list[str]]:
    """(queries, notices) from an uploaded file: a CSV's first column, or a text file's lines; a header skipped."""
    if len(data) > MAX_FILE_BYTES:
        raise BatchInputError(f"That file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB, the most a list may be.")
    text = _decode(data)
    if "\x00" in text:
        raise BatchInputError(
            "That file is not text, or not in an encoding we read (UTF-8, UTF-16 with its byte-order mark, "
            "Windows-1252): upload a CSV or a plain text file, one query a line."
        )
    if name.lower().endswith((".csv", ".tsv")):
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:  # one column, nothing to sniff
            dialect = csv.excel_tab if name.lower().endswith(".tsv") else csv.excel
        try:
            cells = [row[0].strip() if row else "" for row in csv.reader(io.StringIO(text), dialect)]
        except csv.Error as error:
            raise BatchInputError(f"That CSV file cannot be read ({error}).") from error
        queries = [printable(cell) for cell in cells if printable(cell)]
    else:
        queries = read_lines(text)
    notices = []
    if queries and queries[0].strip().lower() in HEADER_NAMES:
        notices.append(f"The first row, “{queries[0][:40]}”, was read as the column's header and skipped.")
        queries = queries[1:]
    return queries, notices


def check_size(queries: list[str]) -> None:
    """Raises BatchInputError for an empty list or one longer than the limit (then nothing is run)."""
    most = limit()
    if not queries:
        raise BatchInputError("There is no query to run: paste one query a line, or choose a file.")
    if len(queries) > most:
        raise BatchInputError(
            f"This list has {len(queries):,} queries; a batch runs at most {most:,}. "
            f"Split it into lists of {most:,} or fewer and run each.",
            count=len(queries),
            limit=most,
        )


def run_batch(queries: list[str], params: SearchParams) -> BatchReport:
    """Every query under the filters of `params`, in order. Raises IndexUnavailable; check_size first."""
    answers = batch_search(queries, params, top=TOP, resolvers=RESOLVERS)
    wanted = list(dict.fromkeys(article_id for answer in answers for article_id in answer.top_ids))
    loaded = {
        article.pk: BatchArticle(article.pk, article.title, published_text(article), article.permalink_path)
        for article in articles_in_order(wanted, include_body=False)
    }
    rows, years = [], set()
    for answer in answers:
        row = BatchRow(query=answer.query, total=answer.total, years=answer.years)
        row.articles = [loaded[article_id] for article_id in answer.top_ids if article_id in loaded]
        row.notice = answer.error or " ".join(answer.notices)
        row.ran = not answer.error
        years.update(answer.years)
        rows.append(row)
    ordered = sorted(year for year in years if year != UNDATED) + ([UNDATED] if UNDATED in years else [])
    return BatchReport(rows=rows, years=ordered)


def csv_columns(report: BatchReport) -> list[str]:
    best = [f"{part}_{n}" for n in range(1, TOP + 1) for part in ("title", "date", "permalink")]
    return ["query", "total", *report.years, *best, "notice"]


def csv_chunks(report: BatchReport, *, absolute: Callable[[str], str]) -> Iterator[str]:
    """The report as CSV for spreadsheets (`spreadsheet_csv`): a header row, one row per query."""

    def cells(row) -> list:
        best: list = []
        for n in range(TOP):
            article = row.articles[n] if n < len(row.articles) else None
            best += [article.title, article.published, absolute(article.path)] if article else ["", "", ""]
        years = (row.years.get(year, 0) if row.ran else "" for year in report.years)
        return [row.query, row.total if row.ran else "", *years, *best, row.notice]

    return spreadsheet_csv(csv_columns(report), (cells(row) for row in report.rows))

"""Key words in context (a concordance, LexisNexis' "KWIC" view): every place a search's words occur in its
articles' text, each on a line with the words before and after it, which can be lined up by the word before or
after to see how a term is used ("oil prices rose", "oil prices fell", "crude oil").

The keywords are the words the search page marks (the same parser, stemming and prefixes), a phrase's words only
where they make the phrase, and keywords side by side are one ("oil prices" for `oil prices`): `keyword_finder`.
Copies of one story give the same lines, so each story is read once (every version with `versions=all`). The page
reads the first PAGE_ARTICLES rows of the results page, each story in the version shown there (its representative);
the CSV reads every article of the search, each story in the first version the search lists, up to the export
limit, refused beyond it with the total as exports are (`archive.search_export`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from archive.collocates import Collocate, WordCounts, collocate_query, collocates
from archive.exporters import published_text
from archive.forms import left_out, only_keys, params_from_query, printable, refusal, used_query
from archive.search import RESOLVERS, SearchParams, SearchResult, folded, keyword_finder, matching_ids, search
from archive.search_export import CHUNK, ExportArticle, ExportTooLarge, articles_in_order, spreadsheet_csv
from archive.text_fragments import text_fragment

# The search page's parameters a concordance reads (not the page), and its own.
CONCORDANCE_KEYS = ("q", "country", "org", "source", "date", "from", "to", "sort", "versions")
CONTEXT_WORDS = 8  # words each side of the keyword
CONTEXT_RANGE = (2, 25)
ARRANGEMENTS = {
    "article": "Article by article",
    "left": "By the words before",
    "right": "By the words after",
    "keyword": "By keyword",
}
PAGE_ARTICLES = 100  # the stories a page reads
PAGE_LINES = 1000  # the lines a page shows
FILE_LINES = 100_000  # the lines a file holds: a search whose words stand more often is refused (memory, time)
# An article is read up to here (30,000 words, far longer than a news story; the 1 MB cap on an article is five
# times this): reading that much takes some 13 ms, so a page of a hundred of the longest articles about a second.
TEXT_CHARS = 200_000
ARTICLE_LINES = 100  # the lines one article gives, on the page and in the file (neither is one story's)
_KEY_WORDS = 3  # how many words on a side a line is arranged by
# A word as the arrangement reads it: whole with an apostrophe or stops inside ("China's", "U.S", "d'Ivoire"), which
# split off an "s" that sorted every possessive together.
_SORT_WORD = re.compile(r"\w+(?:['’.]\w+)*")
NAME_QUERY_WORDS = 25  # words of an entity's names a query holds (the search's cap is 30)
_DEFAULTS = {"context": str(CONTEXT_WORDS), "by": "article"}  # choices a link leaves out
CSV_COLUMNS = ("id", "permalink", "title", "published", "source", "left", "keyword", "right")


@dataclass(frozen=True)
class Line:
    """One occurrence: the text before the keyword, the keyword as written, the text after (each side up to the
    context's words, with "…" where the text goes on)."""

    article: ExportArticle
    left: str
    keyword: str
    right: str
    order: int  # the article's place in the search, then the occurrence's in its text
    position: int

    @property
    def published(self) -> str:
        """The article's date to its precision ("1987-03", "1987-03-02"); empty when unknown."""
        return published_text(self.article) or ""

    @property
    def text_fragment(self) -> str:
        """The link's fragment that scrolls the article's page to this occurrence and marks it."""
        return text_fragment(self.left, self.keyword, self.right)

    def key(self, arrangement: str) -> tuple:
        if arrangement not in ("left", "right", "keyword"):
            return (self.order, self.position)
        right = _sort_words(self.right)[:_KEY_WORDS]
        if arrangement == "left":
            return (
                _sort_words(self.left)[::-1][:_KEY_WORDS],
                self.keyword.casefold(),
                right,
                self.order,
                self.position,
            )
        if arrangement == "right":
            return (right, self.keyword.casefold(), self.order, self.position)
        return (self.keyword.casefold(), right, self.order, self.position)


def _sort_words(text: str) -> list[str]:
    return _SORT_WORD.findall(folded(text.casefold()))  # "Écu" among the e's, as the search reads it


def context_words(value: str | None) -> tuple[int, str]:
    """The `context` parameter as a number of words, and a notice when it was not one that can be used."""
    low, high = CONTEXT_RANGE
    text = printable(value or "").strip()
    if not text:
        return CONTEXT_WORDS, ""
    try:
        words = int(text)
    except ValueError:
        return CONTEXT_WORDS, f"Ignored the context “{text[:20]}”: give a number of words from {low} to {high}."
    if not low <= words <= high:
        clamped = min(max(words, low), high)
        return clamped, f"A line shows {low} to {high} words each side: {clamped} are shown."
    return words, ""


def arrangement(value: str | None) -> tuple[str, str]:
    """The `by` parameter (how lines are arranged), and a notice when it is not one of ARRANGEMENTS."""
    text = printable(value or "").strip().lower()
    if not text or text in ARRANGEMENTS:
        return text or "article", ""
    return "article", "Ignored an unknown arrangement of the lines."


def occurrences(
    text: str, find: Callable[[str], list[tuple[int, int]]], *, words: int, first: int | None = None
) -> tuple[list[tuple[str, str, str, int]], int]:
    """(left, keyword, right, position) for the first `first` keywords of `text` (all when None; spaces folded),
    in the order of the text, and how many keywords it holds in all (the rest are counted, not cut)."""
    text = _folded(text)
    found = windows(text, find(text), words)
    return _cut(text, found[:first]), len(found)


def _folded(text: str) -> str:
    return " ".join(text.split())


def windows(text: str, spans: list[tuple[int, int]], words: int) -> list[tuple[int, int, int, int]]:
    """(where the words before begin, the keyword's start, its end, where the words after end) for each keyword at
    `spans` of `text` (its spaces folded), `words` words each side."""
    return [(_left_edge(text, start, words), start, end, _right_edge(text, end, words)) for start, end in spans]


def _cut(text: str, found: list[tuple[int, int, int, int]]) -> list[tuple[str, str, str, int]]:
    """(left, keyword, right, position) for each keyword window of `text`."""
    lines = []
    for left_edge, start, end, right_edge in found:
        left = ("… " if left_edge else "") + text[left_edge:start].lstrip()
        right = text[end:right_edge].rstrip() + (" …" if right_edge < len(text) else "")
        lines.append((left, text[start:end], right, start))
    return lines


def _left_edge(text: str, start: int, words: int) -> int:
    """Where the `words` words before `start` begin (what the keyword's word holds before it, "palm-" of "palm-oil",
    is not one of them)."""
    at = text.rfind(" ", 0, start) + 1
    for _ in range(words):
        space = text.rfind(" ", 0, max(at - 1, 0))
        if space < 0:
            return 0
        at = space + 1
    return at


def _right_edge(text: str, end: int, words: int) -> int:
    """Where the `words` words after `end` end (what the keyword's word holds after it, "," of "oil," or "'s", is
    not one of them)."""
    at = text.find(" ", end)
    if at < 0:
        return len(text)
    for _ in range(words):
        space = text.find(" ", at + 1)
        if space < 0:
            return len(text)
        at = space
    return at


@dataclass
class Concordance:
    """A search's lines, as the page or the file shows them."""

    q: str
    query: QueryDict  # the search's parameters (those used): its links
    params: SearchParams = field(default_factory=SearchParams, repr=False)
    find: Callable[[str], list[tuple[int, int]]] | None = field(default=None, repr=False)  # its keywords in a text
    words: int = CONTEXT_WORDS
    by: str = "article"
    count: int = 0  # the search's articles
    read: int = 0  # the stories whose text was read
    cut: bool = False  # stories of the search left unread (the page reads the first PAGE_ARTICLES)
    lines: list[Line] = field(default_factory=list)
    more_lines: int = 0  # lines past the page's cap (the file holds them)
    more_in_articles: int = 0  # uses past an article's first ARTICLE_LINES (counted, on the page and in the file)
    without_lines: int = 0  # stories read that matched elsewhere than in the text (title, outlet, tags)
    collocates: list[Collocate] = field(default_factory=list)  # the words most drawn to the keywords (the page's)
    filters: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # values the search leaves out: the file refuses them
    error: str = ""
    suggestion: str = ""

    @property
    def name(self) -> str:
        return f"“{self.q}”"

    @property
    def search_url(self) -> str:
        return reverse("archive:search") + (f"?{self.query.urlencode()}" if self.query else "")

    @property
    def back(self) -> str:
        """The `back` parameter of an article link: the article page marks the words and leads back to the search."""
        return urlencode({"back": self.query.urlencode()}) if self.query else ""

    def url(self, url_name: str = "archive:concordance", **changes: str) -> str:
        """This concordance's address with some choices changed (a choice at its default, or an empty value, left
        out; a query is never a choice, whatever its words)."""
        query = self.query.copy()
        for key, value in {"context": str(self.words), "by": self.by, **changes}.items():
            if value == "" or value == _DEFAULTS.get(key):
                query.pop(key, None)
            else:
                query[key] = value
        return reverse(url_name) + (f"?{query.urlencode()}" if query else "")

    @property
    def suggestion_url(self) -> str:
        return self.url(q=self.suggestion)

    @property
    def csv_url(self) -> str:
        return self.url("archive:concordance-export")

    @property
    def json_url(self) -> str:
        return self.url("api:concordance")

    @property
    def collocate_links(self) -> list[tuple[Collocate, str]]:
        """Each collocate with the concordance of the stories holding both the query and it."""
        return [(c, self.url(q=collocate_query(self.q, c.word))) for c in self.collocates]

    @property
    def arrangements(self) -> list[tuple[str, str, str, bool]]:
        """(value, label, link, chosen) for each way to arrange the lines."""
        return [(value, label, self.url(by=value), value == self.by) for value, label in ARRANGEMENTS.items()]


def concordance_url(query: QueryDict) -> str:
    """The concordance page of a search's parameters (those it reads: not the page)."""
    kept = only_keys(query, CONCORDANCE_KEYS)
    return reverse("archive:concordance") + (f"?{kept.urlencode()}" if kept else "")


def names_query(names: Iterable[str], *, words: int = NAME_QUERY_WORDS) -> str:
    """A query for any of `names` ("International Monetary Fund", "IMF"): each name a phrase (or a word), joined
    by OR, first names first, as many as fit in `words` words (the search takes 30), quotes in a name dropped."""
    parts: list[str] = []
    used = 0
    for name in dict.fromkeys(" ".join(name.replace('"', " ").split()) for name in names):
        size = len(name.split()) + (1 if parts else 0)  # and its OR
        if not name or used + size > words:
            continue
        parts.append(name if name.isalnum() else f'"{name}"')
        used += size
    return " OR ".join(parts)


def concordance(data: QueryDict, *, stories: int = PAGE_ARTICLES, lines: int = PAGE_LINES) -> Concordance:
    """The page's concordance of the search in `data` (the request's parameters): the lines of its first `stories`
    stories, at most `lines`. Bad parameters are left out with a notice. Raises IndexUnavailable."""
    found, result = _prepared(data, rows=stories)
    if found.error:
        return found
    # The results page's rows: a story's copies are one, shown as its representative (the earliest version), whose
    # lines the concordance reads and links to, as the results do.
    ids = [hit.article_id for hit in result.hits]
    counts = WordCounts()
    kept = list(_lines(found, ids, stories=stories, counts=counts))
    found.cut = found.cut or result.groups > len(ids)
    found.lines = sorted(kept, key=lambda line: line.key(found.by))
    if len(found.lines) > lines:
        found.more_lines += len(found.lines) - lines
        del found.lines[lines:]
    found.collocates = collocates(counts)
    return found


def _prepared(data: QueryDict, *, rows: int = 1) -> tuple[Concordance, SearchResult]:
    """The concordance's choices and the search's count, notices, suggestion and filters, before any text is read;
    and the search's first `rows` rows."""
    asked = only_keys(data, CONCORDANCE_KEYS)
    params, notices, form = params_from_query(asked)
    words, context_notice = context_words(data.get("context"))
    by, by_notice = arrangement(data.get("by"))
    found = Concordance(q=params.q, query=used_query(asked, params), params=params, words=words, by=by)
    found.notices = [*notices, *(notice for notice in (context_notice, by_notice) if notice)]
    found.left_out = left_out(notices, form)
    result = search(replace(params, per_page=rows, page=1), resolvers=RESOLVERS, with_tags=False)
    found.count, found.suggestion = result.count, result.suggestion
    found.notices += result.notices
    found.filters = [item.label for items in result.facets.values() for item in items if item.selected]
    found.find = keyword_finder(params.q)
    if result.error:
        found.error = result.error
    elif found.find is None:
        found.error = (
            "Key words in context need words to look for, and this search has none to mark: a search by country, "
            "organisation, outlet or date alone, words it only excludes (“-oil”) and words too common to be indexed "
            "(“the”) mark none."
        )
    return found, result


def _lines(
    found: Concordance, ids: list[int], *, stories: int | None, counts: WordCounts | None = None
) -> Iterator[Line]:
    """The lines of the articles `ids`, in order, one version of each story unless every version was asked for;
    each story's words counted into `counts` when given (for `collocates`)."""
    find = found.find
    assert find is not None  # _prepared left an error otherwise
    every_version = "versions" in found.query
    groups: set[int] = set()
    articles = articles_in_order(ids, include_body=True, with_tags=False, chunk=stories or CHUNK)
    for order, article in enumerate(articles):
        if article.copy_group is not None and not every_version:
            if article.copy_group in groups:
                continue
            groups.add(article.copy_group)
        if stories is not None and found.read >= stories:
            found.cut = True
            break
        found.read += 1
        text = _folded(article.body[:TEXT_CHARS])
        uses = windows(text, find(text), found.words)
        if counts is not None:
            counts.add(text, uses)
        for left, keyword, right, position in _cut(text, uses[:ARTICLE_LINES]):
            yield Line(article, left, keyword, right, order, position)
        found.more_in_articles += max(len(uses) - ARTICLE_LINES, 0)
        found.without_lines += not uses


def concordance_dict(found: Concordance, absolute: Callable[[str], str] = lambda path: path) -> dict:
    """The concordance page as plain data for the API; `absolute` turns a path into a full URL."""
    articles: dict[int, dict] = {}
    for line in sorted(found.lines, key=lambda line: line.order):
        article = line.article
        if article.pk not in articles:
            articles[article.pk] = {
                "id": article.pk,
                "title": article.title,
                "published": line.published or None,
                "source": article.source.name if article.source else None,
                "url": absolute(article.permalink_path),
            }
    return {
        "q": found.q,
        "articles_found": found.count,
        "stories_read": found.read,
        "complete": not found.cut,
        "lines": [
            {"article": line.article.pk, "left": line.left, "keyword": line.keyword, "right": line.right}
            for line in found.lines
        ],
        "more_lines": found.more_lines,
        "more_in_articles": found.more_in_articles,
        "without_lines": found.without_lines,
        "articles": list(articles.values()),
        "collocates": [{**asdict(collocate), "url": absolute(url)} for collocate, url in found.collocate_links],
        "context": found.words,
        "by": found.by,
        "filters": found.filters,
        "notices": found.notices,
        "error": found.error or None,
        "suggestion": found.suggestion or None,
        "url": absolute(found.url()),
        "csv_url": absolute(found.csv_url),
    }


class TooManyLines(ValueError):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            f"This search's words stand in its articles more than {limit:,} times; a file holds at most {limit:,} "
            "lines. Narrow the search with a filter, a date range or more words, then download it again."
        )


def export_lines(data: QueryDict, *, limit: int, lines: int | None = None) -> tuple[Concordance, list[Line]]:
    """Every line of the search's articles (up to `limit` articles and `lines` lines, FILE_LINES unless given),
    arranged as asked. Raises ExportTooLarge for a search that finds more articles, TooManyLines for one whose
    words stand in them more often (found before a line is sent, never a file cut short), IndexUnavailable, and
    QueryError for a search that cannot be run."""
    lines = FILE_LINES if lines is None else lines
    found, _ = _prepared(data)
    if found.left_out and not found.error:
        found.error = refusal(found.left_out)
    if found.error:
        return found, []
    total, ids = matching_ids(found.params, limit=limit, resolvers=RESOLVERS)
    if total > limit:
        raise ExportTooLarge(total, limit)
    every: list[Line] = []
    for line in _lines(found, ids, stories=None):
        if len(every) == lines:
            raise TooManyLines(lines)
        every.append(line)
    every.sort(key=lambda line: line.key(found.by))
    return found, every


def csv_rows(lines: Iterable[Line], *, absolute: Callable[[str], str]) -> Iterator[str]:
    """The lines as CSV for spreadsheets (`spreadsheet_csv`), a row at a time."""

    def cells(line: Line) -> tuple:
        article = line.article
        source = article.source.name if article.source else None
        left, right = line.left.removeprefix("… "), line.right.removesuffix(" …")
        return (
            article.pk,
            absolute(article.permalink_path),
            article.title,
            line.published,
            source,
            left,
            line.keyword,
            right,
        )

    return spreadsheet_csv(CSV_COLUMNS, (cells(line) for line in lines))

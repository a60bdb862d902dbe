"""Response schemas of the JSON API: what /api/openapi.json says each answer holds, and what ninja checks."""

from __future__ import annotations

from typing import Literal

from ninja import Field
from pydantic import BaseModel

from archive.concordance import ARTICLE_LINES, PAGE_ARTICLES, PAGE_LINES

Precision = Literal["day", "month", "year", "unknown"]


class Answer(BaseModel):
    """A response body, validated by pydantic alone from the dict a view builds. ninja's `Schema` would wrap
    every nested dict in its ORM attribute getter first: a quarter of a search answer's CPU, for objects
    these views never return."""


class Error(Answer):
    """Every error under /api/ (archive/errors.py): 400, 404, 429 and 503 carry this body."""

    error: str = Field(description="What went wrong, in a sentence for a person.")
    status: int = Field(description="The HTTP status, repeated.")


class FacetValue(Answer):
    value: str = Field(description="The value to pass back as a filter (a country code, a slug).")
    label: str
    count: int = Field(description="Matching articles, with every other filter applied but this facet's own.")
    selected: bool


class DateFacetValue(Answer):
    value: str = Field(description="A year, YYYY-MM or YYYY-MM-DD; pass it back as `date`.")
    count: int
    selected: bool


class Facets(Answer):
    country: list[FacetValue]
    organisation: list[FacetValue]
    source: list[FacetValue]
    date: list[DateFacetValue]


class OtherVersion(Answer):
    id: int
    url: str = Field(description="The version's article page.")
    title: str
    source: str | None = Field(description="Its outlet.")
    published: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY to its precision; null when unknown.")


class RelatedArticles(Answer):
    id: int = Field(description="The article they are related to.")
    results: list[OtherVersion] = Field(
        description="The published articles most like it by their words, countries and organisations, best first, "
        "one version of each story: those its page lists under “Related articles”."
    )


class OtherVersions(Answer):
    count: int = Field(description="The group's other articles that match the search (0 with versions=all).")
    items: list[OtherVersion] = Field(description="Those articles: earliest first, the most complete on a date tie.")


class SearchHit(Answer):
    id: int
    title: str
    url: str = Field(description="The article page (its permalink).")
    permalink: str = Field(
        description="The same address, under the name the exports give it (their `url` is the "
        "original address: `source_url` here)."
    )
    published: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY to its precision; null when unknown.")
    precision: Precision
    source: str | None
    author: str = Field(description='The byline\'s writers as stored ("" when none); `author:` searches them.')
    dateline: str
    language: str = Field(description='Its language code ("en", "fr"), as its page marks its words.')
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes.")
    organisations: list[str] = Field(description="Organisation slugs.")
    snippet: str = Field(description="Plain text: escape it before putting it in a page.")
    matches: list[str] = Field(description="The parts of the snippet the query matched.")
    copy_group: int | None = Field(
        description="The copy group (syndicated versions of one story) the article belongs to; null: no known copy."
    )
    other_versions: OtherVersions = Field(
        description="The other matching versions of the same story, shown under this one (one result per copy group)."
    )


class SearchResponse(Answer):
    count: int = Field(description="Matching articles (every version of a story counted; facet counts are too).")
    groups: int = Field(
        description="Results: one per copy group plus one per article with no known copy (= count with "
        "versions=all). Pages are counted in these."
    )
    page: int
    pages: int
    results: list[SearchHit]
    facets: Facets
    notices: list[str] = Field(
        description=(
            "Filter values that were ignored, and why; query syntax that is not supported (fuzzy ~, boosts ^, "
            "ranges, unknown fields, an unclosed quote or parenthesis) and what was searched instead; "
            "a search cut short."
        )
    )
    partial: bool | None = Field(None, description="Present (true) when the search ran past its time limit.")
    suggestion: str | None = Field(
        None,
        description="The query with likely misspellings corrected; present only when the search found fewer "
        "than 3 articles and the correction finds more.",
    )
    engine: Literal["fast", "whoosh", "portable"] | None = Field(
        None,
        description="The path that answered: fast (the index snapshot's arrays), whoosh (Whoosh's own searcher, "
        "the fallback) or portable (haystack's SearchQuerySet: an engine other than Whoosh, or "
        "ARCHIVE_SEARCH_PATH=portable). Absent when the query was refused.",
    )


class SearchFailure(SearchResponse):
    """A query that cannot be run (a leading wildcard, too long, too deep): the same body, with `error`."""

    error: str


class CountryTag(Answer):
    code: str
    name: str
    origin: str = Field(description="extracted, editor or imported")
    mentions: int


class OrganisationTag(Answer):
    slug: str
    name: str
    acronym: str
    origin: str = Field(description="extracted, editor or imported")
    mentions: int


class ArticleDetail(Answer):
    id: int
    title: str
    title_generated: bool
    standfirst: list[str]
    body: str
    url: str = Field(description="The article page (its permalink).")
    permalink: str = Field(description="The same address, under the name the exports give it.")
    source_url: str = Field(description="The original address the article was published at (the exports' `url`).")
    source: str | None
    author: str
    author_bio: str
    dateline: str
    published: str | None
    precision: Precision
    date_text: str
    captions: list[str]
    language: str
    countries: list[CountryTag]
    organisations: list[OrganisationTag]
    checksum: str
    import_ref: str
    imported_at: str
    updated_at: str
    raw_text_url: str
    copy_group: int | None = Field(description="The group of copies of one story it belongs to; null when none.")
    other_versions: list[OtherVersion] = Field(
        description="The group's other published articles, earliest first (as the article page lists them)."
    )


class ExportRefusal(Error):
    """Why an export was refused (400): an unknown format, a value the search page would ignore, or more
    articles than ARCHIVE_EXPORT_LIMIT (then with the total and the limit)."""

    total: int | None = Field(None, description="How many articles the search finds (over the limit).")
    limit: int | None = Field(None, description="ARCHIVE_EXPORT_LIMIT: the most one export holds.")
    notices: list[str] | None = Field(None, description="The search page's notices for the values refused.")
    formats: list[str] | None = Field(None, description="The formats there are (an unknown format).")


class EntityCountry(Answer):
    code: str
    name: str


class MonthOfAttention(Answer):
    month: str = Field(description="YYYY-MM; every month from the first to the last, empty ones at 0.")
    articles: int = Field(description="The entity's (or the search's) articles that month.")
    all_articles: int = Field(description="All articles that month.")
    share: float = Field(description="articles / all_articles: the normalised attention.")


class CooccurringEntity(Answer):
    key: str = Field(description="Its code or slug.")
    label: str
    articles: int = Field(description="Articles tagged with both.")
    url: str = Field(description="Its own entity page.")
    search_url: str = Field(description="The search for articles with both.")


class LatestArticle(Answer):
    id: int
    title: str
    url: str
    other_versions: list[int] = Field(
        description="The ids of the story's other versions among the entity's articles (one entry per copy group)."
    )


class EntityProfile(Answer):
    """A country, an organisation, a source or a writer: what its page shows, counted from the search index."""

    kind: Literal["country", "organisation", "source", "writer"]
    key: str = Field(description="The country code or the slug.")
    name: str
    short: str | None = Field(None, description="An organisation's acronym.")
    aliases: list[str]
    description: str | None = None
    country: EntityCountry | None = Field(None, description="An organisation's country.")
    homepage: str | None = None
    url: str = Field(description="The entity page.")
    search_url: str = Field(description="All its articles as a search.")
    articles: int
    articles_without_month: int = Field(description="Articles dated to the year only, or undated.")
    months: list[MonthOfAttention]
    cooccurring: dict[str, list[CooccurringEntity]] = Field(
        description="The most frequent countries, organisations and sources in its articles."
    )
    latest: list[LatestArticle]


class EntitySummary(Answer):
    key: str = Field(
        description="The country code or the slug: its profile is at `url`, and under /api/ too (a writer's slug: the "
        "words of their name)."
    )
    name: str
    short: str | None = Field(
        description="A country's code, an organisation's acronym, a source's web domain, the outlets a writer wrote "
        "for."
    )
    aliases: list[str] = Field(
        description="Other names it is known by (the filter `q` reads them too); a writer's other spellings."
    )
    articles: int = Field(description="Its articles (every version of a story counted, as in a search).")
    url: str = Field(description="The entity page.")
    search_url: str = Field(description="All its articles as a search.")


class EntityList(Answer):
    """Every country, approved organisation, source or writer, as the site's lists show them."""

    kind: Literal["country", "organisation", "source", "writer"]
    count: int = Field(description="How many are listed (those matching `q`).")
    sort: Literal["name", "count"] = Field(description="The order used: by name, or most articles first.")
    notices: list[str] = Field(description="What was done instead of an order the list does not know.")
    results: list[EntitySummary]


class BatchArticle(Answer):
    id: int
    title: str
    published: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY, to the precision known; null if unknown.")
    url: str = Field(description="The article's permalink.")


class BatchResult(Answer):
    query: str
    ran: bool = Field(description="false: the query could not be run (see `notice`); the others still ran.")
    total: int | None = Field(description="Matching articles with the filters applied; null when not run.")
    years: dict[str, int] = Field(description="Hits per year (`undated`: articles without a known date).")
    articles: list[BatchArticle] = Field(description="The best three, by relevance.")
    notice: str = Field(description="Why the query was not run, or what to know about its answer; empty if none.")


class BatchResponse(Answer):
    count: int = Field(description="How many queries were run (or refused on their line).")
    limit: int = Field(description="ARCHIVE_BATCH_LIMIT: the most one batch runs.")
    notices: list[str] = Field(description="Filter values that were ignored, as the search page says them.")
    years: list[str] = Field(description="Every year any query has hits in, in order (`undated` last).")
    results: list[BatchResult]


class BatchRefusal(Error):
    """Why a batch was refused whole (400): no queries, or more than ARCHIVE_BATCH_LIMIT (with both numbers)."""

    count: int | None = Field(None, description="How many queries the list has (over the limit).")
    limit: int | None = Field(None, description="ARCHIVE_BATCH_LIMIT: the most one batch runs.")


class TimelineMonth(MonthOfAttention):
    filtered_articles: int | None = Field(
        description="With words under a country, organisation or source filter: the articles under those filters "
        "that month (the same search without its words); null otherwise."
    )
    share_of_filtered: float | None = Field(
        description="articles / filtered_articles: the search's share of what its filters hold; null when "
        "`filtered_articles` is."
    )


class TimelineSeries(Answer):
    q: str = Field(description="The query (empty: every article under the filters).")
    articles: int = Field(description="The search's articles, those without a month included.")
    articles_without_month: int = Field(description="Articles dated to the year only, or undated: not in `months`.")
    search_url: str = Field(description="The search itself.")
    months: list[TimelineMonth]


class Timeline(Answer):
    """A search month by month, as /timeline/ shows it, and the queries it is compared with under the same filters."""

    timeline: TimelineSeries
    compared: list[TimelineSeries] = Field(
        description="Each `compare` query's months, in the order asked, over the same months as `timeline`."
    )
    filters: list[str] = Field(description="The filters applied, in words.")
    filtered: str | None = Field(
        description="The country, organisation and source filters each `share_of_filtered` is out of, in words; "
        "null without words or without such a filter."
    )
    notices: list[str] = Field(description="What was ignored or done instead, as on the page.")
    error: str | None = Field(description="Why the query could not be run; null when it ran.")
    url: str = Field(description="The timeline page.")
    csv_url: str = Field(description="Its numbers as CSV.")


class ConcordanceArticle(Answer):
    id: int
    title: str
    published: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY, to the precision known.")
    source: str | None
    url: str = Field(description="The article's page.")


class ConcordanceLine(Answer):
    article: int = Field(description="The id of its article, in `articles`.")
    left: str = Field(description="The words before the keyword (“… ” first where the text goes on).")
    keyword: str = Field(description="The keyword as written: a word searched, a phrase, or words side by side.")
    right: str = Field(description="The words after the keyword (“ …” last where the text goes on).")


class ConcordanceCollocate(Answer):
    word: str = Field(description="As written most often near the keywords (its other forms counted with it).")
    near: int = Field(description="Times within the lines' words.")
    before: int = Field(description="Of which before the keyword.")
    after: int = Field(description="Of which after the keyword.")
    elsewhere: int = Field(description="Times elsewhere in the text of the stories read.")
    score: float = Field(description="Log-likelihood (G²) of `near` against chance: the higher, the more drawn.")
    url: str = Field(description="The key words in context of the stories holding both the query and the word.")


class Concordance(Answer):
    """A search's key words in context, as /concordance/ shows them."""

    q: str = Field(description="The query.")
    articles_found: int = Field(description="The search's articles (every version of a story).")
    stories_read: int = Field(description="The stories whose text was read (each story once, unless versions=all).")
    complete: bool = Field(description=f"Whether every story of the search was read (else the first {PAGE_ARTICLES}).")
    lines: list[ConcordanceLine] = Field(description="Each use of the words, arranged as `by` asks.")
    more_in_articles: int = Field(
        description=f"Uses past the first {ARTICLE_LINES} of one article: counted, not lines here or in the CSV."
    )
    more_lines: int = Field(description=f"Lines past the first {PAGE_LINES:,}: in the CSV, not here.")
    without_lines: int = Field(description="Stories read that match in their title, outlet or tags only.")
    articles: list[ConcordanceArticle] = Field(description="The articles of the lines, in the search's order.")
    collocates: list[ConcordanceCollocate] = Field(
        description="The words most drawn to the keywords in the stories read, most drawn first."
    )
    context: int = Field(description="Words each side of a keyword.")
    by: str = Field(description="How the lines are arranged: article, left, right or keyword.")
    filters: list[str] = Field(description="The filters applied, in words.")
    notices: list[str] = Field(description="What was ignored or done instead, as on the page.")
    error: str | None = Field(description="Why there are no lines to show (a query that cannot run, or no words).")
    suggestion: str | None = Field(description="A likely spelling of the query, when it finds more.")
    url: str = Field(description="The concordance page.")
    csv_url: str = Field(description="Every line of the search's articles as CSV.")

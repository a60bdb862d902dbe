"""archive/timelines.py: a search's articles month by month, beside another query's, and as CSV."""

import csv
import io

import pytest
from django.http import QueryDict

from archive.models import Article, Country
from archive.search import RESOLVERS, SearchParams, month_range, search
from archive.timelines import csv_filename, csv_text, timeline_page, timeline_url


def _dated_to_the_month():
    return Article.objects.published().filter(precision__in=("day", "month"))


def test_every_month_from_the_first_to_the_last_is_counted(archive):
    # GIVEN the seeds (two dated to the day, 2023 and 2025; the others to the year only, or undated)
    # WHEN the timeline of every article is asked
    page = timeline_page(QueryDict(""))
    months = page.timeline.months
    # THEN it runs from the first dated month to the last, every month between included (zeros too)
    dated = list(_dated_to_the_month().values_list("published", flat=True))
    first, last = f"{min(dated):%Y-%m}", f"{max(dated):%Y-%m}"
    assert [month.month for month in months] == month_range(first, last)
    assert sum(month.count for month in months) == len(dated)
    assert any(month.count == 0 for month in months)
    # AND browsing everything, each month is all of its month's articles
    assert all(month.count == month.total for month in months)
    # AND the articles without a month are counted, and said to be off the chart
    assert page.timeline.count == Article.objects.published().count()
    assert page.timeline.without_month == page.timeline.count - len(dated) > 0
    assert page.timeline.name == "All articles" and page.compared is None


@pytest.mark.parametrize("period", ["undated", "day", "month", "year"])
def test_a_chosen_period_charts_its_own_articles_only(archive, period):
    # GIVEN a timeline narrowed to a period (the search page's "Month by month" link carries its `date`)
    day = _dated_to_the_month().order_by("published").first().published
    date = {"undated": "undated", "day": f"{day:%Y-%m-%d}", "month": f"{day:%Y-%m}", "year": f"{day:%Y}"}[period]
    page = timeline_page(QueryDict(f"date={date}"))
    months = {month.month: month.count for month in page.timeline.months if month.count}
    # THEN its months hold only its articles (the date facet's counts leave the period's filter out), and what
    # is off the chart is never negative
    assert page.timeline.count > 0 and page.timeline.without_month >= 0
    if period == "undated":
        assert months == {} and page.timeline.without_month == page.timeline.count
    else:
        assert set(months) == {f"{day:%Y-%m}"} and sum(months.values()) <= page.timeline.count


def test_a_query_is_compared_with_another_over_the_months_either_has(archive):
    # GIVEN two queries over the seeds WHEN one's timeline is compared with the other's
    page = timeline_page(QueryDict("q=russia&compare=army"))
    mine, theirs = page.timeline, page.compared.other
    # THEN both run over the same months, with the same totals
    assert [a.month for a, _ in page.months] == [b.month for _, b in page.months]
    assert all(a.total == b.total for a, b in page.months)
    # AND each month's count is what that month's search finds
    for a, b in page.months:
        assert a.count == search(SearchParams(q="russia", date=a.month), resolvers=RESOLVERS).count, a.month
        assert b.count == search(SearchParams(q="army", date=b.month), resolvers=RESOLVERS).count, b.month
    assert mine.name == "“russia”" and theirs.name == "“army”" and page.compared.value == "army"
    assert sum(a.count for a, _ in page.months) > 0 and sum(b.count for _, b in page.months) > 0
    # AND the other query's links keep the filters and are its own search
    assert theirs.search_url == "/?q=army"


def test_up_to_four_queries_are_compared_each_once(archive):
    # GIVEN six compared queries, one of them twice and one the page's own
    asked = "q=russia&compare=army&compare=asean&compare=army&compare=russia&compare=canada&compare=trade&compare=oil"
    page = timeline_page(QueryDict(asked))
    # THEN the first four others are compared, in the order asked, and the one left out is named
    assert page.compared.values == ["army", "asean", "canada", "trade"]
    assert any("“oil” left out" in notice for notice in page.notices)
    # AND every month holds the page's and each other's numbers, over the same months
    assert all(len(row) == 5 and len({month.month for month in row}) == 1 for row in page.months)
    for n, other in enumerate(page.compared.others, 1):
        assert sum(row[n].count for row in page.months) == sum(month.count for month in other.months)
    # AND the CSV has two columns for each, numbered in that order
    header = csv_text(page).removeprefix("\ufeff").splitlines()[0].split(",")
    assert header[3:5] == ["compared_1_articles", "compared_1_share_of_month"] and header[-3] == "compared_4_articles"
    assert csv_filename(page) == "timeline-russia-army-asean-canada-trade.csv"
    # AND hundreds of others are counted in the notice, not each quoted back
    many = timeline_page(QueryDict("q=oil&" + "&".join(f"compare=x{n}" for n in range(600))))
    [notice] = [notice for notice in many.notices if "left out" in notice]
    assert notice == "A chart compares at most 4 searches: “x4”, “x5”, “x6” and 593 more left out."


def test_filters_apply_to_both_queries_and_are_named(archive):
    russia = Country.objects.get(code="RU")
    page = timeline_page(QueryDict("q=pakistan&country=RU&country=ZZ&compare=asean&sort=oldest&page=3"))
    # THEN the filters are in words, the bad value is named in a notice, the sort and page are not the timeline's
    assert page.filters == [russia.name]
    assert any("ZZ" in notice for notice in page.notices)
    assert page.timeline.query.urlencode() == "q=pakistan&country=RU"
    assert page.compared.other.query.urlencode() == "q=asean&country=RU"
    assert page.timeline.count == search(SearchParams(q="pakistan", countries=("RU",)), resolvers=RESOLVERS).count
    # AND a month's search link is the search with that month
    assert page.timeline.month_search == "/?q=pakistan&country=RU&"


def test_the_same_query_twice_is_no_comparison_and_a_query_that_cannot_run_says_why(archive):
    assert timeline_page(QueryDict("q=russia&compare=russia")).compared is None
    unrunnable = timeline_page(QueryDict("q=russia&compare=" + "(" * 8 + "oil" + ")" * 8))
    assert unrunnable.compared is None and any("Nothing to compare with" in notice for notice in unrunnable.notices)
    page = timeline_page(QueryDict("q=" + "(" * 8 + "oil" + ")" * 8))
    assert page.timeline.error and page.timeline.months == [] and page.timeline.count == 0


def test_the_numbers_as_csv(archive):
    # GIVEN a compared timeline WHEN its numbers are written as CSV
    page = timeline_page(QueryDict("q=russia&compare=army"))
    text = csv_text(page)
    # THEN spreadsheet software reads UTF-8 (a BOM) and each month is a row with both queries' numbers
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    if page.timeline.without_month or page.compared.other.without_month:
        *rows, off_chart = rows
        # AND a last row holds the articles no month has (dated to the year only, or not at all): the column sums
        # to the search's count, as the page says
        assert off_chart["month"] == "without month" and off_chart["all_articles"] == ""
        assert int(off_chart["articles"]) == page.timeline.without_month
        assert int(off_chart["compared_1_articles"]) == page.compared.other.without_month
        assert sum(int(row["articles"]) for row in [*rows, off_chart]) == page.timeline.count
    assert [row["month"] for row in rows] == [a.month for a, _ in page.months]
    for row, (a, b) in zip(rows, page.months, strict=True):
        assert (int(row["articles"]), int(row["compared_1_articles"]), int(row["all_articles"])) == (
            a.count,
            b.count,
            a.total,
        )
        assert abs(float(row["share_of_month"]) - a.share) < 1e-6
    assert csv_filename(page) == "timeline-russia-army.csv"
    # AND without a comparison, only the query's own columns
    alone = timeline_page(QueryDict(""))
    assert csv_text(alone).splitlines()[0] == "\ufeffmonth,articles,share_of_month,all_articles"
    assert csv_filename(alone) == "timeline.csv"


def test_a_timeline_of_filters_alone_is_named_by_them(archive):
    # GIVEN the timeline of a country's articles, no words WHEN named THEN by the country, not "All articles"
    page = timeline_page(QueryDict("country=PK"))
    assert page.timeline.name == "Pakistan"
    assert csv_filename(page) == "timeline-pakistan.csv"
    # AND with words, the words first, then the filters
    assert csv_filename(timeline_page(QueryDict("q=russia&country=PK"))) == "timeline-russia-pakistan.csv"
    assert timeline_page(QueryDict("q=russia&country=PK")).timeline.name == "“russia”"


def test_a_timeline_address_carries_the_search_and_not_its_page_or_order():
    query = QueryDict("q=oil&country=US&country=GB&sort=newest&page=4&versions=all&from=1987-03-01")
    assert timeline_url(query) == "/timeline/?q=oil&country=US&country=GB&from=1987-03-01"
    assert (
        timeline_url(query, url_name="api:timeline", compare=["gold", "coffee & tea"])
        == "/api/timeline/?q=oil&country=US&country=GB&from=1987-03-01&compare=gold&compare=coffee+%26+tea"
    )
    assert timeline_url(QueryDict(""), url_name="archive:timeline-export") == "/timeline/export.csv"


def test_a_filtered_search_is_also_a_share_of_its_filters_articles(archive):
    # GIVEN words under a country filter, compared with other words
    page = timeline_page(QueryDict("q=pakistan&country=PK&compare=minister"))
    assert page.filtered_name == Country.objects.get(code="PK").name
    # THEN each month's filtered articles are that month's search of the filter alone, without the words
    for mine, theirs in page.months:
        alone = search(SearchParams(countries=("PK",), date=mine.month), resolvers=RESOLVERS).count
        assert page.filtered.get(mine.month, 0) == alone >= max(mine.count, theirs.count), mine.month
    # AND within the filters, each line's share is its articles out of those, the counts unchanged
    within = page.within_filters()
    assert sum(a.count for a, _ in page.months) > 0
    for (a, b), (wa, wb) in zip(page.months, within.months, strict=True):
        assert (wa.count, wb.count) == (a.count, b.count)
        assert wa.total == wb.total == page.filtered.get(a.month, 0)
        assert wa.share == (a.count / wa.total if wa.total else 0.0)
    assert [m.total for m in within.timeline.months] == [a.total for a, _ in within.months]
    assert page.timeline.months[0].total == page.months[0][0].total  # the page itself keeps the archive's totals
    # AND the CSV adds each line's share of the filtered articles, and those articles
    rows = list(csv.DictReader(io.StringIO(csv_text(page).removeprefix("\ufeff"))))
    assert list(rows[0])[-3:] == ["share_of_filtered", "compared_1_share_of_filtered", "filtered_articles"]
    rows = [row for row in rows if row["month"] != "without month"]
    for row, (wa, wb) in zip(rows, within.months, strict=True):
        assert int(row["filtered_articles"]) == wa.total
        assert abs(float(row["share_of_filtered"]) - wa.share) < 1e-6
        assert abs(float(row["compared_1_share_of_filtered"]) - wb.share) < 1e-6


def test_only_words_under_a_country_organisation_or_source_have_filters_to_count_against(archive):
    # Words alone, a filter alone, and words under dates alone: nothing but the archive to count against.
    for asked in ("q=pakistan", "country=PK", "q=pakistan&from=2020-01-01", "q=pakistan&date=2023"):
        page = timeline_page(QueryDict(asked))
        assert page.filtered is None and page.within_filters() is page, asked
        assert "filtered_articles" not in csv_text(page)
    assert timeline_page(QueryDict("q=pakistan&org=un")).filtered is not None

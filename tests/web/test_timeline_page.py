"""/timeline/ and /timeline/export.csv (archive/timeline_views.py): a search's months as a page and a file."""

import csv
import io
import re
from html import unescape

from django.http import QueryDict

from archive import timeline_views
from archive.models import Article
from archive.search import apply_pending
from archive.timelines import timeline_page


def test_the_search_page_leads_to_its_timeline(client, archive):
    # GIVEN a search with an order and a page WHEN its date facet is read
    html = client.get("/?q=pakistan&sort=newest").content.decode()
    # THEN it links the search's timeline, without the order
    assert '<a href="/timeline/?q=pakistan">Month by month →</a>' in html


def test_the_timeline_page_charts_and_tables_the_months(client, archive):
    response = client.get("/timeline/?q=pakistan")
    html = response.content.decode()
    page = timeline_page(QueryDict("q=pakistan"))
    assert response.status_code == 200 and "<h1>Month by month: “pakistan”</h1>" in html
    # THEN a month with articles links to that month's search, in the chart and in the table
    months = [month for month in page.timeline.months if month.count]
    assert months
    for month in months:
        assert html.count(f'href="/?q=pakistan&amp;date={month.month}"') == 2, month.month
    assert len(re.findall(r"<tr(?: class=\"zero\")?><th scope=\"row\">", html)) == len(page.timeline.months)
    # AND the page leads back to the search, to the share of the month, and to the CSV
    assert '<a href="/?q=pakistan">← Back to the search</a>' in html
    assert 'href="?q=pakistan&amp;measure=share"' in html
    assert 'href="/timeline/export.csv?q=pakistan" download' in html and 'href="/api/timeline/?q=pakistan"' in html
    # AND the articles without a month are said to be off the chart
    assert f"Not in the chart: {page.timeline.without_month} articles" in html


def test_comparing_keeps_the_search_and_each_choice(client, archive):
    # WHEN the timeline is compared with another query, on the share of the month
    html = client.get("/timeline/?q=russia&compare=army&measure=share&scale=log").content.decode()
    # THEN both are named, the other drawn as a line
    assert "Bars: “russia”" in html and "Line: “army”" in html and '<polyline points="' in html
    # AND each switch keeps the search, the other choice and the comparison; stopping keeps the rest
    assert 'href="?q=russia&amp;scale=log&amp;compare=army"' in html  # back to articles
    assert 'href="?q=russia&amp;measure=share&amp;compare=army"' in html  # back to linear
    assert '<a href="?q=russia&amp;scale=log&amp;measure=share">Stop comparing</a>' in html
    # AND the compare form carries the search and the choices
    form = re.search(r'<form class="compare-form.*?</form>', html, re.S).group(0)
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    assert hidden == {"q": "russia", "scale": "log", "measure": "share"}
    assert 'name="compare" value="army"' in form


def test_each_lines_articles_off_the_chart_are_said_to_be(client, archive):
    # GIVEN an undated article that only the compared query finds
    Article.objects.create(
        title="Army parade", body="The army paraded.", raw_text="x", checksum="undated-army", import_ref="test:army"
    )
    apply_pending()
    # WHEN the timeline is compared with that query
    html = unescape(client.get("/timeline/?q=russia&compare=army").content.decode())
    # THEN the compared line's article off the chart is said to be, as the search's own are
    page = timeline_page(QueryDict("q=russia&compare=army"))
    army = page.compared.others[0]
    assert army.without_month >= 1
    assert f"Not in the chart: {army.without_month} article{'s' if army.without_month > 1 else ''} of “army”" in html


def test_a_filtered_search_can_be_charted_as_a_share_of_its_filters_articles(client, archive):
    # GIVEN words under a country filter WHEN the share of the filtered articles is asked
    html = client.get("/timeline/?q=pakistan&country=PK&measure=within").content.decode()
    # THEN it is the current choice beside the other two, and the numbers say what the shares are out of
    assert (
        'href="?q=pakistan&amp;country=PK&amp;measure=within" aria-current="true">share of the filtered articles'
        in html
    )
    assert 'href="?q=pakistan&amp;country=PK&amp;measure=share">share of the month' in html
    assert "their share of the month's articles filtered to Pakistan" in html
    assert '<th scope="col">Filtered to Pakistan that month</th>' in html
    page = timeline_page(QueryDict("q=pakistan&country=PK")).within_filters()
    for month in (month for month in page.timeline.months if month.count):
        assert f"{month.count} of {month.total} ({100 * month.share:.1f}%)" in html, month.month
    # AND without a filter to count against the choice is not offered, and asking for it shows the articles
    alone = client.get("/timeline/?q=pakistan&measure=within").content.decode()
    assert "share of the filtered articles</a>" not in alone and "measure=within" not in alone
    assert re.search(r'<a href="\?q=pakistan" aria-current="true">articles</a>', alone)
    assert "A share of the filtered articles needs a filter" in unescape(alone)


def test_the_numbers_download_as_csv(client, archive):
    response = client.get("/timeline/export.csv?q=russia&compare=army")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="timeline-russia-army.csv"'
    assert response["X-Robots-Tag"] == "noindex"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    page = timeline_page(QueryDict("q=russia&compare=army"))
    rows = [row for row in rows if row["month"] != "without month"]
    assert [(row["month"], int(row["articles"]), int(row["compared_1_articles"])) for row in rows] == [
        (a.month, a.count, b.count) for a, b in page.months
    ]


def test_bad_values_get_notices_not_errors(client, archive):
    html = unescape(client.get("/timeline/?q=oil&country=ZZ&from=1987-02-30&measure=bars&scale=cubic").content.decode())
    assert "ZZ" in html and "1987-02-30" in html  # named in notices
    assert "Ignored the measure “bars”: choose articles, share; showing articles." in html
    assert "Ignored the scale “cubic”: choose linear or log; showing linear." in html
    assert "No article of this search is dated to the month." in html
    response = client.get("/timeline/?q=" + "(" * 8 + "oil" + ")" * 8)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


def test_a_timeline_is_kept_until_the_index_changes(client, archive, monkeypatch):
    # GIVEN a timeline one reader has had (the pages it took to compute it counted)
    computed = []
    monkeypatch.setattr(timeline_views, "timeline_page", lambda data: computed.append(1) or timeline_page(data))
    path = "/timeline/?q=pakistan&compare=russia"
    first = client.get(path)
    assert len(computed) == 1 and first["ETag"].startswith('W/"')
    # WHEN another reader asks for it THEN it is the kept answer; a reader holding it gets 304
    again = client.get(path)
    assert len(computed) == 1 and again.content == first.content
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_misspelt_search_is_offered_its_spelling_as_on_the_search_page(client, archive):
    # GIVEN a timeline of a misspelt word, compared with another
    html = unescape(client.get("/timeline/", {"q": "pakistn", "compare": "rusia"}).content.decode())
    # THEN it offers the word's timeline, the comparison kept, and names the other line's spelling
    assert 'Did you mean <a href="/timeline/?q=pakistan&compare=rusia">pakistan</a>?' in html
    assert "“rusia”: did you mean “russia”?" in html

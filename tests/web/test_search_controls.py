"""The search page's controls: one sort control, page N of M, no empty parameters, accurate date notices,
every period in the date list, a histogram that stays legible."""

import re
from html import unescape

import pytest
from django.template.loader import render_to_string

from archive.models import Article
from archive.search import FacetValue
from archive.templatetags.archive_tags import _bar_heights

pytestmark = pytest.mark.django_db


def test_one_sort_control_offers_best_match_only_for_a_query(client, archive):
    # GIVEN a query WHEN the page renders THEN one select offers best match, newest and oldest, best match chosen
    with_query = client.get("/", {"q": "Pakistan"}).content.decode()
    assert with_query.count('name="sort"') == 1
    assert '<option value="relevance" selected>Best match</option>' in with_query
    assert "Best first" not in with_query and ">Relevance<" not in with_query
    # WHEN browsing without a query THEN newest first is chosen and best match is not offered
    browsing = client.get("/").content.decode()
    assert '<option value="newest" selected>Newest first</option>' in browsing and "Best match" not in browsing


def test_empty_parameters_redirect_to_the_same_search_without_them(client, archive):
    # GIVEN a form submitted with empty fields WHEN it arrives THEN it lands on one clean URL
    response = client.get("/?q=&country=PK&sort=&date=")
    assert response.status_code == 302 and response["Location"] == "/?country=PK"
    assert client.get("/?q=").headers["Location"] == "/"


def test_a_deep_page_says_which_page_it_is(client, archive):
    # GIVEN two results a page WHEN the second page is shown THEN the heading and the pager say "page 2 of N"
    from django.test import override_settings

    with override_settings(ARCHIVE_RESULTS_PER_PAGE=2):
        page = client.get("/", {"page": "2"}).content.decode()
    pages = -(-Article.objects.count() // 2)
    assert f"— page 2 of {pages}</span>" in page
    assert f'<span class="page-status">Page 2 of {pages}</span>' in page


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"from": "1987-02-30"}, "Ignored the “from” date “1987-02-30”: February 1987 has 28 days."),
        ({"to": "2024-02-30"}, "Ignored the “to” date “2024-02-30”: February 2024 has 29 days."),
        ({"from": "1987-13-01"}, "Ignored the “from” date “1987-13-01”: there is no month 13."),
        ({"from": "March 1987"}, "Ignored the “from” date “March 1987”: use YYYY-MM-DD, YYYY-MM or YYYY."),
        ({"from": "1987-13"}, "Ignored the “from” date “1987-13”: there is no month 13."),
        # the form's own names, which the URL also takes (the advanced form's), quote the value given
        ({"date_from": "1987-02-30"}, "Ignored the “from” date “1987-02-30”: February 1987 has 28 days."),
        ({"date_to": "5 Jan 1987"}, "Ignored the “to” date “5 Jan 1987”: use YYYY-MM-DD, YYYY-MM or YYYY."),
        ({"date": "2023-04-31"}, "Ignored the date “2023-04-31”: April 2023 has 30 days."),
        ({"date": "23-04"}, "Ignored the date “23-04”: use YYYY, YYYY-MM, YYYY-MM-DD or “undated”."),
    ],
)
def test_impossible_dates_get_an_accurate_notice(client, archive, query, notice):
    assert notice in client.get("/", query).content.decode()


@pytest.mark.parametrize("names", [("from", "to"), ("date_from", "date_to")])
def test_removing_a_date_bound_keeps_the_other_as_the_page_shows_it_even_when_swapped(client, archive, names):
    # GIVEN dates given the wrong way round, which the page swaps and says so
    page = client.get("/", {"q": "pakistan", names[0]: "2024-05-01", names[1]: "2023-01-01"}).content.decode()
    assert "they have been swapped" in unescape(page)
    # WHEN a chip is removed THEN the search keeps the other bound as its chip showed it
    chips = dict(re.findall(r'class="chip removable" href="([^"]*)"><span[^>]*>[^<]*</span>(from|to) ', page))
    assert {unescape(href): bound for href, bound in chips.items()} == {
        "?q=pakistan&to=2024-05-01": "from",
        "?q=pakistan&from=2023-01-01": "to",
    }


def test_the_date_list_shows_every_period_with_its_zero_and_the_undated(client, archive):
    # GIVEN articles in 2023 and 2025 and some undated WHEN browsing THEN 2024 is listed at zero (not a link)
    page = client.get("/").content.decode()
    assert '<li class="zero"><span class="label">2024</span> <span class="count">0</span></li>' in page
    undated = Article.objects.filter(published__isnull=True).count()
    assert f'<span class="label">Undated</span> <span class="count">{undated}</span>' in page
    # WHEN the undated bucket is chosen THEN its chip and heading say so
    chosen = client.get("/", {"date": "undated"}).content.decode()
    assert "Remove filter: </span>Undated ×</a>" in chosen and '<h2 id="facet-date">Date: Undated</h2>' in chosen


def test_the_histogram_switches_to_a_log_scale_when_counts_differ_by_orders_of_magnitude():
    # GIVEN counts of similar size THEN linear bars
    heights, log = _bar_heights([10, 5, 0, 8])
    assert not log and heights == [80, 40, 0, 64]
    # GIVEN 1,000 articles in one year and 2 in another THEN a log scale keeps the small bar visible
    heights, log = _bar_heights([1000, 0, 2])
    assert log and heights[0] == 80 and heights[1] == 0 and heights[2] >= 10


def test_a_long_facet_list_says_show_fewer_once_open(rf):
    # GIVEN 14 values WHEN the facet renders THEN the 4 beyond ten are behind "Show 4 more", which reads
    # "Show fewer" once open (the stylesheet shows one label or the other)
    values = [FacetValue(f"v{i}", f"Value {i}", 1) for i in range(14)]
    context = {"title": "Countries", "name": "country", "values": values}
    html = render_to_string("archive/includes/facet.html", context, request=rf.get("/"))
    assert '<span class="when-closed">Show 4 more</span><span class="when-open">Show fewer</span>' in html


def test_the_year_0_is_refused_politely(client, archive):
    assert "Ignored the date “0000”: there is no year 0." in client.get("/", {"date": "0000"}).content.decode()

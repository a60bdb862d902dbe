"""The entity pages (archive/entity_views.py, archive/api/entities.py): lists, profiles, links, 404s."""

from __future__ import annotations

import re
from html import unescape

import feedparser
import pytest

from archive.entity_pages import EntityPage, entity_page
from archive.importers import import_paths
from archive.models import Article, Organisation
from tests.copies import stories
from tests.web.pages import html_of, result_count


def test_country_list_counts_sorts_and_filters_without_javascript(entities, client):
    # WHEN /countries/ is asked for THEN every country is listed with its count, by name
    page = html_of(client, "/countries/")
    assert 'href="/countries/PK/"' in page and 'href="/countries/FR/"' in page  # France: no articles, listed
    names = re.findall(r'<th scope="row"><a href="/countries/(\w\w)/">', page)
    assert len(names) > 200 and names.index("AF") < names.index("PK")
    # WHEN sorted by count THEN the most covered come first
    by_count = re.findall(r'<th scope="row"><a href="/countries/(\w\w)/">', html_of(client, "/countries/?sort=count"))
    assert by_count[:3] == ["PK", "RU", "US"]
    # WHEN filtered on the server (no script needed) THEN only matches remain, by name, code or alias
    filtered = html_of(client, "/countries/?q=pakis")
    assert re.findall(r'<th scope="row"><a href="/countries/(\w\w)/">', filtered) == ["PK"]
    assert "data-entity-filter" in filtered and "/static/archive/entities.js" in filtered
    assert "1 country matching" in filtered
    # AND the names the tags are found by count as aliases ("Britain" found nothing, "uk" Ukraine alone), but not
    # one that names another country ("East Pakistan" would list Bangladesh for "pakis", by a name not shown)
    for typed, codes in (("britain", ["GB"]), ("uk", ["UA", "GB"]), ("ussr", ["RU"]), ("cote", ["CI"])):
        found = re.findall(r'<th scope="row"><a href="/countries/(\w\w)/">', html_of(client, f"/countries/?q={typed}"))
        assert found == codes, typed


@pytest.mark.parametrize(
    ("kind", "typed"), [("country", "britain"), ("country", "uk"), ("country", "ussr"), ("organisation", "ibrd")]
)
def test_a_facets_filter_box_is_given_the_names_the_lists_filter_matches(entities, kind, typed):
    """GIVEN every country or organisation WHEN the search page's facet list is given their other names (`data-names`,
    static/archive/facets.js) THEN a name typed there finds the entities /countries/?q= finds (the label alone found
    no United Kingdom for "uk" or "britain")."""
    from archive.entity_pages import entity_list, other_names

    every = {row.key: row.name for row in entity_list(kind=kind)}
    names = other_names(kind, list(every))
    found = sorted(key for key, name in every.items() if typed in f"{name} · {names[key]}".lower())
    assert found == sorted(row.key for row in entity_list(kind=kind, q=typed)) != []


@pytest.mark.parametrize("answers_kept", [300, 0])
def test_a_facets_other_names_are_kept_until_an_entitys_record_changes(entities, settings, answers_kept):
    """... on a server keeping answers and on one keeping none (ARCHIVE_ANSWER_CACHE=0, as bench_http's computed
    pass runs: kept with the answers, the names were rebuilt for every search page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.entity_pages import other_names
    from archive.models import Organisation

    if not answers_kept:
        settings.CACHES = {**settings.CACHES, "answers": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # GIVEN the organisations' other names read once
    slug = Organisation.objects.approved().values_list("slug", flat=True).first()
    first = other_names("organisation", [slug])
    # WHEN asked again, the records unchanged THEN they are the kept ones: only the records' state is read, not the
    # organisations (on every computed search page)
    with CaptureQueriesContext(connection) as queries:
        assert other_names("organisation", [slug]) == first
    table = Organisation._meta.db_table
    assert not [query for query in queries if f'"{table}"' in query["sql"]], queries.captured_queries
    # AND WHEN an editor gives it another name THEN the next page's list finds it by that name
    organisation = Organisation.objects.get(slug=slug)
    organisation.aliases = [*organisation.aliases, "Quite Another Name"]
    organisation.save()
    assert "quite another name" in other_names("organisation", [slug])[slug]


def test_lists_sort_and_filter_names_with_accents_as_a_reader_does(entities, client):
    # GIVEN countries whose names start with or hold an accented letter (one renamed by an editor)
    from archive.models import Country

    Country.objects.filter(code="TR").update(name="Türkiye")
    Country.objects.filter(code="ST").update(name="São Tomé and Príncipe")
    # WHEN listed by name THEN each stands where its letters without the accents would
    page = unescape(html_of(client, "/countries/"))
    names = re.findall(r'<th scope="row"><a href="/countries/\w\w/">([^<]+)</a>', page)
    assert names.index("Costa Rica") < names.index("Côte d'Ivoire") < names.index("Croatia")
    assert names.index("Tunisia") < names.index("Türkiye") < names.index("Turkmenistan")
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    # AND the filter reads what is typed with or without accents alike
    for typed, code in (("são tomé", "ST"), ("sao tome", "ST"), ("TÜRKIYE", "TR"), ("turkiye", "TR")):
        found = re.findall(r'<th scope="row"><a href="/countries/(\w\w)/">', html_of(client, f"/countries/?q={typed}"))
        assert found == [code], typed


def test_a_count_in_the_thousands_is_named_as_it_is_shown(entities):
    # GIVEN a list row of 1,238 articles WHEN the list is written THEN the link's accessible name holds the
    # number as it is shown, "1,238" (axe: label-content-name-mismatch; a voice user says what they see)
    from django.template.loader import render_to_string

    from archive.entity_pages import EntityRow

    row = EntityRow("US", "United States", "US", 1238, "/countries/US/", "/?country=US", [])
    html = render_to_string(
        "archive/entity_list.html", {"rows": [row], "kind": "country", "title": "Countries", "singular": "country"}
    )
    assert 'aria-label="Search the 1,238 articles about United States">1,238</a>' in html


@pytest.mark.parametrize("path", ["/countries/", "/organisations/", "/sources/", "/writers/"])
def test_a_lists_landmarks_have_names_of_their_own(entities, client, path):
    # GIVEN a list page: a section named by its heading, holding the table's scrolling region
    page = html_of(client, path)
    heading = re.search(r'<section class="entity-list" aria-labelledby="list-heading">\s*<h1 id="list-heading">'
                        r"([^<]+)</h1>", page).group(1)  # fmt: skip
    region = re.search(r'role="region" aria-label="([^"]+)"', page).group(1)
    # THEN a screen reader's list of landmarks tells the two apart (axe: landmark-unique; both were "Countries")
    assert region == f"Table of {heading.lower()}" and region != heading


def test_organisation_list_has_approved_organisations_only(entities, client):
    Organisation.objects.create(name="Proposed Body", acronym="PRB", slug="prb", status=Organisation.Status.PROPOSED)
    page = html_of(client, "/organisations/?sort=count")
    slugs = re.findall(r'<th scope="row"><a href="/organisations/([\w-]+)/">', page)
    assert slugs[:2] == ["imf", "un"] and "prb" not in slugs
    # AND a proposed organisation has no page
    assert "No organisation is known" in html_of(client, "/organisations/prb/", 404)


def test_source_list_counts_sorts_filters_and_links_each_outlet(entities, client):
    from archive.models import Source

    Source.objects.filter(slug="dawn").update(domain="dawn.com")
    # WHEN /sources/ is asked for THEN every outlet is listed by name with its web domain and article count
    page = html_of(client, "/sources/")
    rows = re.findall(
        r'<th scope="row"><a href="/sources/([\w-]+)/">[^<]+</a></th><td>([^<]*)</td><td>(.*?)</td>', page
    )
    assert [(slug, domain) for slug, domain, _ in rows] == [("dawn", "dawn.com"), ("reuters", "")]
    assert 'href="/?source=dawn" aria-label="Search the 3 articles from Dawn">3</a>' in rows[0][2]
    assert '<th scope="col">Website</th>' in page and "2 sources" in page
    # AND each count's search finds that many articles
    assert result_count(client, "/?source=reuters") == 2
    # WHEN sorted by count or filtered by domain THEN the server does it without script
    by_count = re.findall(r'<th scope="row"><a href="/sources/([\w-]+)/">', html_of(client, "/sources/?sort=count"))
    assert by_count == ["dawn", "reuters"]
    filtered = html_of(client, "/sources/?q=dawn.com")
    assert re.findall(r'<th scope="row"><a href="/sources/([\w-]+)/">', filtered) == ["dawn"]
    assert "1 source matching" in filtered
    # AND a source's page leads back to the list, which the site's navigation names
    assert 'href="/sources/">← All sources</a>' in html_of(client, "/sources/dawn/")
    assert '<a href="/sources/">Sources</a>' in page


def test_an_empty_list_says_why_rather_than_that_nothing_matched(db, client):
    page = html_of(client, "/sources/")
    assert "0 sources" in page and "No sources yet" in page and "Nothing matches" not in page


def test_country_page_shows_counts_chart_table_cooccurrence_and_latest(entities, client):
    page = html_of(client, "/countries/PK/")
    assert "<h1>Pakistan" in page and "5 articles" in page
    # The chart: a picture of the table (hidden from assistive technology, which reads the table and the figure's
    # caption), a bar per month (December empty), the numbers as a table with shares
    assert re.search(
        r'<figure class="attention" aria-labelledby="attention-caption">\s*<svg[^>]*aria-hidden="true"', page
    )
    assert page.count("<rect") == 3 and 'class="empty"' in page
    assert "Nov 2022: 1 of 2 (50.0%)" in page
    rows = re.findall(
        r"<tr[^>]*><th scope=\"row\">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td>(\d+)</td><td>([\d.]+)%", page
    )
    assert rows == [("Nov 2022", "1", "50.0"), ("Dec 2022", "0", "0.0"), ("Jan 2023", "2", "66.7")]
    assert "2 articles whose date is known to the year only" in page
    # Co-occurring entities link to the combined search and to their own pages
    assert 'href="/?country=PK&amp;org=imf"' in page and 'href="/organisations/imf/"' in page
    assert 'href="/?country=PK&amp;source=dawn"' in page and 'href="/sources/dawn/"' in page
    # The latest articles, and all of them as a search
    assert page.index("Railway timetable revised") < page.index("Quarterly tallies reviewed")
    assert 'href="/?country=PK&amp;sort=newest"' in page


@pytest.mark.parametrize("path", ["fast", "portable"])
def test_latest_articles_are_the_newest_first_search(entities, settings, path):
    # GIVEN either search path WHEN Pakistan's page is made with its three latest articles
    settings.ARCHIVE_SEARCH_PATH = path
    page = entity_page(kind="country", key="PK", latest=3)
    # THEN they are its newest first, the dated ones before the year-only and the undated
    assert [hit.article.title for hit in page.latest] == [
        "Railway timetable revised", "Quarterly tallies reviewed", "Annual almanac printed"
    ]  # fmt: skip


@pytest.fixture
def canadian_copies(db, tmp_path, django_capture_on_commit_callbacks):
    """GIVEN three outlets' versions of one story about Canada, and another Canadian story of a day later."""
    path = stories.write_jsonl(
        tmp_path / "copies.jsonl",
        stories.record(1, "Canada: Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Canada: Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(3, "Canada: Budget approved", stories.OUTLET_COPY, "Evening Post", "2024-05-03"),
        stories.record(4, "Canada: A long night at the council", stories.SAME_SUBJECT, "Evening Post", "2024-05-04"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])
    return {a.title.removeprefix("Canada: "): a for a in Article.objects.all()}


def test_latest_articles_show_a_story_once_with_its_other_versions(canadian_copies, client):
    # WHEN Canada's page and its JSON are asked for
    page = html_of(client, "/countries/CA/")
    latest = page[page.index('id="latest-heading"') : page.index("as a search →")]
    body = client.get("/api/countries/CA/").json()
    # THEN all four articles are counted, and the latest list has two entries, as its search has two results:
    # the other story, then the copied one under its earliest version with the other two under it
    assert "4 articles" in page and result_count(client, "/?country=CA&sort=newest") == 4
    entries = re.sub(r"<details.*?</details>", "", latest, flags=re.DOTALL)  # the other versions, under their entry
    assert re.findall(r'<li><a href="[^"]+">Canada: ([^<]+)</a>', entries) == [
        "A long night at the council", "Council backs budget"
    ]  # fmt: skip
    assert "2 other versions" in latest
    assert "Riverton Courier" in latest and "Evening Post" in latest
    copies = sorted(canadian_copies[title].pk for title in ("Riverton passes budget", "Budget approved"))
    assert [(entry["title"], sorted(entry["other_versions"])) for entry in body["latest"]] == [
        ("Canada: A long night at the council", []), ("Canada: Council backs budget", copies)
    ]  # fmt: skip


def test_every_combined_search_link_finds_the_count_it_shows(entities, client):
    # GIVEN the co-occurrence links of Pakistan's page (another country goes into the query: both must hold)
    page = html_of(client, "/countries/PK/")
    links = re.findall(
        r'<li><a href="(/\?[^"]+)"[^>]*><span class="label">[^<]+</span> <span class="count">(\d+)', page
    )
    assert len(links) == 5  # RU; imf, un; dawn, reuters
    # WHEN each is followed THEN the search finds exactly that many articles
    for href, count in links:
        assert result_count(client, unescape(href)) == int(count), href
    assert result_count(client, "/?country=PK&sort=newest") == 5
    # AND a screen reader hears each count with its noun: "1 article with Pakistan", "2 articles with Pakistan"
    said = re.findall(r'<span class="count">(\d+)</span><span class="visually-hidden"> (\w+) with Pakistan', page)
    assert {count == "1" for count, _ in said} == {True, False}
    assert all(noun == ("article" if count == "1" else "articles") for count, noun in said)


def test_log_scale_switch(entities, client):
    linear = html_of(client, "/countries/PK/?scale=linear")
    log = html_of(client, "/countries/PK/?scale=log")
    heights = lambda html: re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', html)  # noqa: E731
    assert heights(linear) == ["80.0", "160.0"] and heights(log) == ["100.9", "160.0"]
    assert "Log scale" in log and 'href="?scale=log" aria-current="true"' in log
    # AND an unknown scale is the linear one, and the page says so
    bogus = html_of(client, "/countries/PK/?scale=bogus")
    notice = '<p class="notice" role="status">Ignored the scale “bogus”: choose linear or log; showing linear.</p>'
    assert notice in bogus and bogus.replace(notice, "") == html_of(client, "/countries/PK/")


def test_the_chart_shows_the_share_of_each_month_on_request(entities, client):
    heights = lambda html: re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', html)  # noqa: E731
    # GIVEN Pakistan in 1 of November's 2 articles and 2 of January's 3: by count January is twice November
    assert heights(html_of(client, "/countries/PK/")) == ["80.0", "160.0"]
    # WHEN the share of the month is asked for THEN the bars are 50 % against 66.7 %: January a third taller
    share = html_of(client, "/countries/PK/?measure=share")
    assert heights(share) == ["120.0", "160.0"]
    assert "Share of the month, linear scale; the tallest bar is 66.7%" in share
    assert 'href="?measure=share" aria-current="true">share of the month</a>' in share
    # AND each switch keeps the other's choice; an unknown measure is the default page
    assert 'href="?scale=log&amp;measure=share">logarithmic</a>' in share and 'href="?">articles</a>' in share
    log = html_of(client, "/countries/PK/?scale=log")
    assert 'href="?scale=log&amp;measure=share">share of the month</a>' in log
    assert 'href="?scale=log" aria-current="true">articles</a>' in log
    bogus = html_of(client, "/countries/PK/?measure=bogus")
    notice = "Ignored the measure “bogus”: choose articles, share; showing articles."
    notice = f'<p class="notice" role="status">{notice}</p>'
    assert notice in bogus and bogus.replace(notice, "") == html_of(client, "/countries/PK/")


def test_a_country_compared_with_another_over_the_months_either_has(entities, client):
    # GIVEN Pakistan (1 of November's 2 articles, 2 of January's 3) and Russia (1 and 1), and no article in December
    page = html_of(client, "/countries/PK/?compare=country:RU")
    # THEN the chart keeps Pakistan's bars and draws Russia as a line on the same scale, with a legend
    assert '<polyline points="120.0,80.0 360.0,160.0 600.0,80.0"/>' in page
    assert 'Bars: Pakistan</span> <span class="key-line series-1">Line: Russia</span>' in page
    # AND the table gives both, side by side with the month's total
    table = page[page.index('class="attention-table"') :]
    assert '<th scope="col">Pakistan</th><th scope="col">Share</th><th scope="col">Russia</th>' in table
    rows = re.findall(
        r"<tr[^>]*><th scope=\"row\">(?:<a [^>]+>)?([^<]+)(?:</a>)?</th>((?:<td>[^<]*</td>)+)</tr>", table
    )
    cells = [(month, re.findall(r"<td>([^<]*)</td>", tds)) for month, tds in rows]
    assert cells == [
        ("Nov 2022", ["1", "50.0%", "1", "50.0%", "2"]),
        ("Dec 2022", ["0", "0.0%", "0", "0.0%", "0"]),
        ("Jan 2023", ["2", "66.7%", "1", "33.3%", "3"]),
    ]
    # AND the switches keep the comparison, the form offers what is named with Pakistan, and it can be left
    assert 'href="?measure=share&amp;compare=country:RU">share of the month</a>' in page
    assert '<option value="country:RU" selected>Russia</option>' in page and 'value="organisation:imf"' in page
    assert '<a href="?">Stop comparing</a>' in page


def test_months_neither_entity_has_are_filled_in_with_the_archives_totals(entities, client):
    # GIVEN the United States only in January 2023 and the IMF in November 2022 and January 2023
    page = html_of(client, "/countries/US/?compare=organisation:imf")
    table = page[page.index('class="attention-table"') :]
    months = re.findall(r'<th scope="row">(?:<a [^>]+>)?([^<]+)', table)
    assert months == ["Nov 2022", "Dec 2022", "Jan 2023"]  # the union of both ranges
    assert "<td>0</td><td>0.0%</td><td>1</td><td>50.0%</td><td>2</td>" in table  # November: the month's 2 articles


@pytest.mark.parametrize("value", ["country:XX", "planet:mars", "country:PK", "nonsense"])
def test_nothing_to_compare_with_is_said_and_the_page_is_as_usual(entities, client, value):
    page = html_of(client, f"/countries/PK/?compare={value}")
    assert f"Nothing to compare with: “{value}” names no other country, organisation or source." in page
    assert "<polyline" not in page and "Stop comparing" not in page


def test_source_and_organisation_pages(entities, client):
    source = html_of(client, "/sources/dawn/")
    assert "<h1>Dawn" in source and "3 articles" in source and 'href="/countries/PK/"' in source
    organisation = html_of(client, "/organisations/imf/")
    assert "International Monetary Fund" in organisation and "organisation" in organisation
    assert "2 articles" in organisation


@pytest.mark.parametrize(
    ("page", "timeline"),
    [("/countries/PK/", "/timeline/?country=PK"), ("/organisations/imf/", "/timeline/?org=imf"),
     ("/sources/dawn/", "/timeline/?source=dawn")],
)  # fmt: skip
def test_an_entity_leads_to_its_articles_timeline_beside_any_search(entities, client, page, timeline):
    # GIVEN an entity's page WHEN its timeline link is followed
    assert f'<a href="{timeline}">Its articles month by month beside a search →</a>' in html_of(client, page)
    # THEN the timeline is its articles, month for month as the page charts them
    months = re.findall(r'<th scope="row"><a href="[^"]*date=(\d{4}-\d\d)">', html_of(client, page))
    assert (
        months and re.findall(r'<th scope="row"><a href="[^"]*date=(\d{4}-\d\d)">', html_of(client, timeline)) == months
    )


def test_an_entity_without_articles_has_a_page(entities, client):
    page = html_of(client, "/countries/FR/")
    assert "<h1>France" in page and "No articles yet." in page and "<svg" not in page


@pytest.mark.parametrize(
    ("url", "message"),
    [("/countries/XX/", "No country has the code"), ("/countries/PAK/", "No country has the code"),
     ("/organisations/nothing-here/", "No organisation is known"), ("/sources/nope/", "No source is known")],
)  # fmt: skip
def test_unknown_entities_are_404_in_the_sites_layout(entities, client, url, message):
    page = html_of(client, url, 404)
    assert message in page and 'class="site-header"' in page
    # AND the page leads on to the list the reader can choose from
    listed = url.split("/")[1]
    assert f'<a href="/{listed}/">All {listed}</a>' in page


@pytest.mark.parametrize(
    ("url", "canonical"),
    [("/countries/pk/", "/countries/PK/"), ("/organisations/IMF/", "/organisations/imf/"),
     ("/countries/pakistan/", "/countries/PK/"), ("/countries/UK/", "/countries/GB/"),
     ("/countries/Britain/", "/countries/GB/")],
)  # fmt: skip
def test_another_letter_case_redirects_to_the_canonical_page(entities, client, url, canonical):
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == canonical


def test_api_profile_as_json(entities, client):
    body = client.get("/api/countries/PK/").json()
    assert (body["name"], body["articles"], body["articles_without_month"]) == ("Pakistan", 5, 2)
    assert body["months"][1] == {"month": "2022-12", "articles": 0, "all_articles": 0, "share": 0.0}
    assert body["cooccurring"]["organisation"][0]["search_url"] == "http://testserver/?country=PK&org=imf"
    assert [a["title"] for a in body["latest"]][:1] == ["Railway timetable revised"]
    assert client.get("/api/sources/dawn/").json()["articles"] == 3
    assert client.get("/api/organisations/imf/").json()["articles"] == 2


def test_the_api_names_an_entitys_short_form_alike_in_its_list_and_its_profile(entities, client):
    # GIVEN a source with a web domain and an organisation without an acronym
    from archive.models import Source

    Source.objects.filter(slug="dawn").update(domain="dawn.com")
    Organisation.objects.filter(slug="imf").update(acronym="")
    # WHEN each is read in its list and on its own THEN `short` is the same: the domain, or null for none
    expected = (("sources", "dawn", "dawn.com"), ("organisations", "imf", None), ("countries", "PK", "PK"))
    for kind, key, short in expected:
        listed = next(row for row in client.get(f"/api/{kind}/").json()["results"] if row["key"] == key)
        assert listed["short"] == client.get(f"/api/{kind}/{key}/").json()["short"] == short


def test_api_lists_as_json_with_the_pages_filter_and_order(entities, client):
    # WHEN a program asks for the lists THEN it gets each entity with its count and links, as the pages show them
    body = client.get("/api/countries/?sort=count").json()
    assert (body["kind"], body["sort"], body["notices"]) == ("country", "count", [])
    assert body["count"] == len(body["results"]) > 200
    assert [(row["key"], row["articles"]) for row in body["results"][:3]] == [("PK", 5), ("RU", 2), ("US", 1)]
    pakistan = body["results"][0]
    assert pakistan["url"] == "http://testserver/countries/PK/" and pakistan["short"] == "PK"
    assert client.get(pakistan["search_url"].removeprefix("http://testserver")).status_code == 200
    # AND the filter and the sources' list work as on the pages
    found = client.get("/api/organisations/?q=international monetary").json()["results"]
    assert [row["key"] for row in found] == ["imf"]
    sources = client.get("/api/sources/").json()["results"]
    assert [(row["key"], row["articles"], row["short"]) for row in sources] == [("dawn", 3, None), ("reuters", 2, None)]
    # WHEN the order is unknown THEN the list is by name and says so, on the page too
    odd = client.get("/api/sources/?sort=sideways").json()
    assert odd["sort"] == "name" and odd["notices"] == ["“sideways” is not an order of this list: sorted by name."]
    assert "“sideways” is not an order of this list" in html_of(client, "/sources/?sort=sideways")


@pytest.mark.parametrize(
    "url", ["/api/countries/XX/", "/api/organisations/nope/", "/api/sources/nope/", "/api/organisations/%20/",
            "/api/organisations/%00/", "/api/sources/%C2%A0/", "/api/countries/%20/"],
)  # fmt: skip
def test_api_unknown_entity_is_a_json_404(entities, client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.json()["status"] == 404 and "No " in response.json()["error"]


def test_facet_values_and_tag_chips_link_to_entity_pages(archive, client):
    # GIVEN the seeds WHEN the search page is shown THEN each facet value links to its filter and to its page
    page = html_of(client, "/?q=pakistan")
    assert 'href="/countries/PK/" aria-label="Pakistan: profile page"' in page
    assert 'href="/organisations/asean/"' in page
    # AND each result's tag chips link to the entity pages too
    assert page.count('href="/countries/PK/"') > 1
    # AND an article page's tags do
    article = html_of(client, re.search(r'href="(/articles/\d+/[^"?]+/)', page).group(1))
    tags = article[article.index('id="tags-heading"') :]
    assert 'href="/?country=PK"' in tags and 'href="/countries/PK/" aria-label="Pakistan: profile page"' in tags


@pytest.mark.parametrize(("homepage", "linked"), [("https://www.dawn.com/", True), ("javascript:alert(1)", False)])
def test_a_sources_homepage_is_a_link_only_when_it_is_a_web_address(entities, client, homepage, linked):
    from archive.models import Source

    Source.objects.filter(slug="dawn").update(homepage=homepage)
    page = html_of(client, "/sources/dawn/")
    assert homepage in page
    assert (f'<a href="{homepage}"' in page) is linked


def test_a_country_or_organisation_page_leads_to_every_mention_of_its_names_in_context(client, archive):
    # GIVEN Pakistan's page WHEN its link to the mentions in context is followed
    html = client.get("/countries/PK/").content.decode()
    link = unescape(re.search(r'<a href="([^"]+)">Every mention of its names in its articles, in context', html)[1])
    # THEN it is the concordance of its names (those the extractor finds it by) under its own filter
    assert link == "/concordance/?q=Pakistan+OR+%22Islamic+Republic+of+Pakistan%22&country=PK"
    page = client.get(link).content.decode()
    marked = {unescape(word) for word in re.findall(r"<mark>([^<]+)</mark>", page)}
    assert marked and all(word.startswith("Pakistan") for word in marked)
    # AND an organisation's is its name, acronym and other names; a source's articles do not name it: no link
    html = client.get("/organisations/imf/").content.decode()
    assert 'href="/concordance/?q=%22International+Monetary+Fund%22+OR+IMF' in html
    assert EntityPage("source", "dawn", "Dawn").concordance_url == ""


@pytest.mark.parametrize(
    ("page", "named", "articles"),
    [
        ("/countries/PK/", "Pakistan", 5),
        ("/writers/amina-rashid/", "by Amina Rashid", 3),
        ("/sources/dawn/", "Dawn", 3),
    ],
)
def test_an_entity_or_a_writer_can_be_followed_by_feed_and_by_mail(entities, client, page, named, articles):
    """GIVEN a country's, a writer's or a source's page WHEN its "Follow" links are read
    THEN the feeds (announced in its head too) hold its articles, newest first, under its name, and the alert form
    names the same search."""
    html = html_of(client, page)
    follow = re.search(r'<p class="feed-link">Follow (?:its|their) new articles: (.*?)</p>', html).group(1)
    rss, atom, alert = (unescape(href) for href in re.findall(r'href="([^"]+)"', follow))
    assert '<link rel="alternate" type="application/rss+xml" title="RSS feed of' in html
    for url in (rss, atom):
        feed = feedparser.parse(client.get(url).content)
        # (an RSS title is escaped for HTML, as readers render it: tests/web/test_feed_titles.py)
        assert feed.bozo == 0 and unescape(feed.feed.title) == f"News archive: {named}"
        assert len(feed.entries) == articles
    form = html_of(client, alert)
    assert "Get e-mail alerts for this search" in form and named in form

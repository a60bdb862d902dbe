"""The first search page: results, facets, filter links, notices; never a 500."""

import datetime as dt
import re

import pytest

from archive.models import Article
from archive.search import apply_pending

pytestmark = pytest.mark.django_db


def test_browse_everything(client, archive):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "6 articles" in content
    assert "Pakistan" in content and "?country=PK" in content


def test_query_with_results_and_marks(client, archive):
    content = client.get("/", {"q": "Lavrov"}).content.decode()
    assert "1 article" in content and "<mark>Lavrov</mark>" in content


def test_filter_links_add_and_remove(client, archive):
    content = client.get("/", {"country": "RU"}).content.decode()
    # The chip's accessible name starts with its visible text's purpose and contains the text itself
    chip = '<a class="chip removable" href="?"><span class="visually-hidden">Remove filter: </span>Russia ×</a>'
    assert chip in content  # removing it drops it
    assert '<a href="?country=RU&amp;country=PK">' in content  # adding Pakistan keeps Russia


def test_unknown_filter_values_are_ignored_with_a_notice(client, archive):
    response = client.get("/", {"country": "XX", "org": "nope", "date": "2023-13", "page": "abc"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ignored unknown country" in content and "Ignored the date" in content


def test_links_on_the_page_drop_the_values_it_ignored(client, archive):
    """GIVEN a URL with an unknown country beside a known one WHEN the page links to other filters
    THEN no link carries the unknown value, so its notice does not follow the user around."""
    content = client.get("/", {"country": ["XX", "PK"], "date": "2023-13"}).content.decode()
    assert "Ignored unknown country" in content
    assert "country=PK" in content
    assert "country=XX" not in content and 'value="XX"' not in content
    assert content.count("2023-13") == 1  # in its notice only


def test_exclusion_alone_finds_every_other_article(client, archive):
    everything = client.get("/api/search/").json()["count"]
    lavrov = client.get("/api/search/", {"q": "lavrov"}).json()["count"]
    assert lavrov and client.get("/api/search/", {"q": "-lavrov"}).json()["count"] == everything - lavrov


def test_an_unknown_field_value_says_so(client, archive):
    body = client.get("/api/search/", {"q": "country:narnia"}).json()
    assert body["count"] == 0
    assert any("country:narnia" in notice for notice in body["notices"])


def test_page_beyond_the_end_shows_the_last_page(client, archive):
    response = client.get("/", {"page": "99"})
    assert response.status_code == 200 and "There is only 1 page;" in response.content.decode()


@pytest.mark.parametrize("q", ["*a*", "?????*", "(" * 3000, "NOT " * 2000, "word~9", "text:[a TO z]", "\x00"])
def test_hostile_queries_get_a_page_not_an_error(client, archive, q):
    response = client.get("/", {"q": q})
    assert response.status_code == 200


def test_titles_are_escaped(client, archive):
    article = Article.objects.first()
    article.title = '<script>alert("x")</script>'
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in content and "&lt;script&gt;" in content


def test_article_page_and_raw_text(client, archive):
    article = Article.objects.get(import_ref__endswith="002_663fb898ec153f75.txt#1")
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200 and article.checksum in content and "New York" in content
    raw = client.get(f"/articles/{article.pk}/raw/")
    assert raw["Content-Type"].startswith("text/plain") and raw.content.decode() == article.raw_text


def test_an_articles_own_words_carry_its_language_when_not_the_pages(client, archive):
    # GIVEN one article in French among English ones
    french = Article.objects.get(import_ref__endswith="002_663fb898ec153f75.txt#1")
    Article.objects.filter(pk=french.pk).update(language="fr")
    # WHEN its page and a search that finds it are read
    page = client.get(french.get_absolute_url()).content.decode()
    results = client.get("/", {"sort": "oldest"}).content.decode()
    # THEN its title and text say lang="fr" (a screen reader speaks them in French); the English ones say nothing
    assert page.count(' lang="fr"') >= 2 and '<div class="body" lang="fr">' in page
    assert '<html lang="en">' in page
    assert results.count('<h2 lang="fr">') == 1 and results.count('<p class="snippet" lang="fr">') == 1
    assert results.count(' lang="') == 3  # the page's own, the French title and snippet


def test_words_written_right_to_left_are_laid_out_so_wherever_they_are_listed(client, archive):
    # GIVEN an article in Arabic among English ones, and pages that list it
    arabic = Article.objects.create(
        title="ارتفاع أسعار النفط", body="قالت مصادر إن أسعار النفط ارتفعت اليوم في القاهرة.", raw_text="x",
        checksum="arabic", import_ref="test:arabic", language="ar", author="محمد عبد الرحمن",
    )  # fmt: skip
    apply_pending()
    pages = {
        "article": client.get(arabic.get_absolute_url()).content.decode(),
        "results": client.get("/", {"q": "النفط"}).content.decode(),
        "selection": client.get("/selected/", {"ids": arabic.pk}).content.decode(),
    }
    # THEN its title and text are marked as Arabic, read from the right, on each page
    assert '<h1 lang="ar" dir="rtl">' in pages["article"]
    assert '<div class="body" lang="ar" dir="rtl">' in pages["article"]
    assert '<h2 lang="ar" dir="rtl">' in pages["results"] and '<h2 lang="ar" dir="rtl">' in pages["selection"]
    # AND the byline isolates each name, so a name read from the right does not carry the date into it
    assert '<bdi><a href="' in pages["article"] and "محمد عبد الرحمن</a>" in pages["article"]
    # AND a concordance line stands mirrored: the words after the keyword to its left, those before to its right
    rows = client.get("/concordance/", {"q": "النفط"}).content.decode()
    row = re.search(r'<tr lang="ar" dir="rtl">(.*?)</tr>', rows).group(1)
    left, keyword, right = re.findall(r'<td class="(?:left|keyword|right)">(.*?)</td>', row)
    assert "ارتفعت اليوم" in left and "أسعار" in right and "النفط" in keyword


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ({}, "Search — News archive"),
        ({"q": "pakistan"}, "pakistan — Search — News archive"),
        ({"country": "PK"}, "Pakistan — Search — News archive"),
        (
            {"q": "trade", "country": ["PK", "RU"], "date": "2023"},
            "trade · Pakistan · Russia · 2023 — Search — News archive",
        ),
        ({"country": "PK", "page": "2", "per_page": "2"}, "Pakistan — page 2 — Search — News archive"),
    ],
)
def test_the_page_title_names_the_search_and_its_page(client, archive, settings, query, title):
    # GIVEN searches by words, by filters alone, and a page after the first (a tab or a bookmark says which)
    settings.ARCHIVE_RESULTS_PER_PAGE = 2
    html = client.get("/", query).content.decode()
    assert f"<title>{title}</title>" in html


def test_wrong_slug_redirects_to_the_canonical_url(client, archive):
    article = Article.objects.first()
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_a_slug_cut_after_a_hyphen_does_not_end_in_one_and_the_old_link_still_leads_there(client, archive):
    # GIVEN a title whose first 80 slug characters end in a hyphen
    article = Article.objects.first()
    article.title = "P" * 79 + " talks"
    article.save()
    # THEN its permalink's slug ends in a letter, and the link with the hyphen (as cited before) redirects there
    assert article.get_absolute_url() == f"/articles/{article.pk}/{'p' * 79}/"
    response = client.get(f"/articles/{article.pk}/{'p' * 79}-/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_unpublished_article_is_hidden(client, archive, django_capture_on_commit_callbacks):
    article = Article.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        article.is_published = False
        article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "5 articles" in client.get("/").content.decode()


def test_no_results_state_offers_a_way_out(client, archive):
    # GIVEN a search that finds nothing, with a filter and without
    filtered = client.get("/", {"q": "zebra", "country": "PK"}).content.decode()
    unfiltered = client.get("/", {"q": "zebra"}).content.decode()
    # THEN both say so; only the filtered one offers to clear its filters (there are none to clear otherwise)
    assert "No articles match “zebra” with these filters." in filtered and "clear all filters" in filtered
    assert "No articles match “zebra”." in unfiltered and "clear all filters" not in unfiltered
    assert "Check the spelling" in unfiltered


def test_error_state_links_to_help(client, archive):
    content = client.get("/", {"q": "*stan"}).content.decode()
    assert "Wildcards" in content and "/help/" in content


def test_did_you_mean(client, archive):
    content = client.get("/", {"q": "Lavrof"}).content.decode()
    assert "Did you mean" in content and "lavrov" in content.lower()


def test_two_countries_or_and_chips(client, archive):
    content = client.get("/", {"country": ["RU", "CA"]}).content.decode()
    assert "3 articles" in content
    assert "Remove filter: </span>Russia" in content and "Remove filter: </span>Canada" in content


def test_date_drill_down_and_histogram(client, archive):
    content = client.get("/", {"date": "2023"}).content.decode()
    assert "1 article" in content and "<svg" in content and "date=2023-06" in content
    assert "All years" in content


@pytest.mark.parametrize(
    ("period", "precision", "note"),
    [
        ("2023", "year", "2 articles of 2023 are dated to the year only: counted in it, in none of its months."),
        ("2023-06", "month", "2 articles of Jun 2023 are dated to the month only: counted in it, in none of its days."),
    ],
)
@pytest.mark.parametrize("path", ["fast", "portable"])
def test_a_drilled_period_says_how_many_articles_its_parts_leave_out(
    client, archive, settings, path, period, precision, note
):
    settings.ARCHIVE_SEARCH_PATH = path
    # GIVEN a period holding one article dated to the day and two known only to the period
    published = dt.date(2023, 1 if precision == "year" else 6, 1)
    for n in (1, 2):
        Article.objects.create(
            title=f"Almanac {n}", body="An almanac.", raw_text="An almanac.", checksum=f"almanac{n}",
            import_ref=f"test:almanac{n}", published=published, precision=precision,
        )  # fmt: skip
    apply_pending()
    # WHEN the date facet is drilled into the period
    content = client.get("/", {"date": period}).content.decode()
    # THEN the page counts 3 articles and says why its parts add up to 1
    assert "3 articles" in content
    assert f'<p class="note">{note}</p>' in content
    # AND with the day-dated article filtered out, the note stands for the empty list of parts
    content = client.get("/", {"date": period, "q": "almanac"}).content.decode()
    assert f'<p class="note">{note}</p>' in content
    assert "No dated articles" not in content
    # AND a period whose parts hold every article says nothing of the kind
    assert "only: counted" not in client.get("/", {"date": "2023-06-20"}).content.decode()


def test_a_listed_articles_machine_readable_date_has_its_precision(client, archive):
    # GIVEN articles known to the month and to the year only, and their page of search results and selection
    for n, (published, precision) in enumerate(((dt.date(1987, 2, 1), "month"), (dt.date(1986, 1, 1), "year"))):
        Article.objects.create(
            title=f"Almanac {n}", body="An almanac.", raw_text="An almanac.", checksum=f"almanac{n}",
            import_ref=f"test:almanac{n}", published=published, precision=precision,
        )  # fmt: skip
    apply_pending()
    ids = ",".join(str(pk) for pk in Article.objects.filter(title__startswith="Almanac").values_list("pk", flat=True))
    for page in (client.get("/", {"q": "almanac"}), client.get("/selected/", {"ids": ids})):
        content = page.content.decode()
        # THEN each <time> says what is known, never an invented first day
        assert '<time datetime="1987-02">February 1987</time>' in content
        assert '<time datetime="1986">1986</time>' in content


def test_a_listed_byline_names_its_writers_without_by(client, archive):
    # GIVEN an article whose byline was stored as received, "By …"
    article = Article.objects.create(
        title="Almanac", body="An almanac.", raw_text="An almanac.", checksum="almanac",
        import_ref="test:almanac", author="By José Ñúñez and Zoë Brien",
    )  # fmt: skip
    apply_pending()
    # WHEN it is listed THEN "by" names the writers once, as the article's page does
    for page in (client.get("/", {"q": "almanac"}), client.get("/selected/", {"ids": article.pk})):
        content = page.content.decode()
        assert "· by José Ñúñez and Zoë Brien" in content and "by By" not in content


def test_date_range(client, archive):
    assert "1 article" in client.get("/", {"from": "2025-01-01"}).content.decode()
    content = client.get("/", {"from": "2025-01-01", "to": "2020-01-01"}).content.decode()
    assert "swapped" in content


def test_typed_dates_replace_the_period_chosen_in_the_date_list(client, archive):
    # GIVEN a search drilled into a month
    content = client.get("/", {"q": "minister", "date": "2023-06", "sort": "newest"}).content.decode()
    # WHEN the date facet's From/To form is read
    form = re.search(r'<form class="date-range".*?</form>', content, re.DOTALL).group()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    # THEN it carries the search along but not the month, which would narrow the typed range unseen
    assert hidden == {"q": "minister", "sort": "newest"}


def test_a_period_and_a_range_that_do_not_overlap_say_so_and_offer_no_word_tips(client, archive):
    # GIVEN a month drilled into and a range after it, with no words searched for
    content = client.get("/", {"date": "2023-06", "from": "2023-07-01"}).content.decode()
    # THEN the empty page says why, and offers no tips about words there are none of
    assert "0 articles" in content
    assert "Jun 2023 lies outside the dates from 1 July 2023: no article can match both." in content
    assert "Check the spelling" not in content and "Use OR between" not in content
    assert "clear all filters" in content


def test_the_date_chip_and_heading_use_the_date_lists_label(client, archive):
    # GIVEN a month drilled into WHEN the page renders THEN the chip and the facet heading say "Jun 2023", as
    # the date list does, not the key "2023-06"
    content = client.get("/", {"date": "2023-06"}).content.decode()
    assert "Remove filter: </span>Jun 2023 ×</a>" in content
    assert '<h2 id="facet-date">Date: Jun 2023</h2>' in content


def test_a_page_of_results_cleans_its_snippets_in_one_bleach_call(client, archive, monkeypatch):
    from archive import sanitize

    calls = []
    clean = sanitize._clean
    monkeypatch.setattr(sanitize, "_clean", lambda markup, tags: calls.append(markup) or clean(markup, tags))
    # GIVEN a search whose page lists every seed article, each with a snippet
    content = client.get("/").content.decode()
    # WHEN the page is written THEN all snippets went through bleach in one call, and each is on the page
    snippet_calls = [markup for markup in calls if "<br>" in markup]
    assert len(calls) == 1 and len(snippet_calls) == 1
    assert content.count('<p class="snippet">') == len(snippet_calls[0].split("<br>")) == 6

"""/concordance/ and /concordance/export.csv (archive/concordance_views.py): a search's key words in context."""

import csv
import io
import re
from html import unescape

import pytest
from django.http import QueryDict

from archive.concordance import PAGE_ARTICLES, concordance
from archive.search_export import neutralised


def test_the_search_page_leads_to_its_concordance(client, archive):
    # GIVEN a search with an order and a page WHEN its results are read
    html = client.get("/?q=pakistan&sort=newest&page=1").content.decode()
    # THEN they link the search's key words in context, with its order and without its page
    assert '<a href="/concordance/?q=pakistan&amp;sort=newest">Every use of the words, in context →</a>' in html
    # AND a search without words has no such link
    assert "/concordance/" not in client.get("/?country=PK").content.decode()


def test_the_page_lines_up_each_use_of_the_words(client, archive):
    # WHEN the concordance of a search over the seeds is asked for
    response = client.get("/concordance/?q=pakistan&by=right")
    html = response.content.decode()
    found = concordance(QueryDict("q=pakistan&by=right"))
    # THEN there is a row for each line, its keyword marked and linked to the article, which marks the words
    assert response.status_code == 200 and "<h1>Key words in context: “pakistan”</h1>" in html
    rows = re.findall(r'<td class="keyword"><a href="([^"]+)"><mark>([^<]+)</mark>', html)
    assert len(rows) == len(found.lines) > 3
    assert all(unescape(keyword).lower().startswith("pakistan") for _, keyword in rows)  # "Pakistan's" too
    # ... each to its own place in the article's text (a text fragment: archive/text_fragments.py)
    pattern = r"/articles/\d+/[\w-]+/\?back=q%3Dpakistan#:~:text=[^#\s]*[Pp]akistan[^#\s]*"
    assert all(re.fullmatch(pattern, unescape(href)) for href, _ in rows)
    article = client.get(unescape(rows[0][0]).partition("#")[0]).content.decode()
    assert "<mark>Pakistan</mark>" in article
    # AND the page says what it read, leads back to the search, to the other arrangements and to the CSV
    assert f"from {found.read} stories" in html or f"from {found.read} story" in html
    assert '<a href="/?q=pakistan">← Back to the search</a>' in html
    assert '<a href="/concordance/?q=pakistan&amp;by=right" aria-current="true">By the words after</a>' in html
    assert '<a href="/concordance/?q=pakistan&amp;by=left">By the words before</a>' in html
    assert 'href="/concordance/export.csv?q=pakistan&amp;by=right" download' in html


def test_the_words_drawn_to_the_keywords_are_listed_with_their_concordances(client, archive):
    # GIVEN the seeds' uses of "pakistan" WHEN its concordance page is read
    html = client.get("/concordance/?q=pakistan+OR+ukraine&by=left").content.decode()
    found = concordance(QueryDict("q=pakistan+OR+ukraine&by=left"))
    # THEN the collocates are listed, most drawn first, each leading to the stories holding both (the query grouped)
    assert found.collocates
    section = html[html.index('<details class="collocates">') : html.index("</details>")]
    words = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a>', section)
    assert [unescape(word) for _, word in words] == [c.word for c in found.collocates]
    first = found.collocates[0].word
    assert unescape(words[0][0]) == f"/concordance/?q=%28pakistan+OR+ukraine%29+{first}&by=left"


def test_the_form_keeps_the_filters_and_the_arrangement(client, archive):
    html = client.get("/concordance/?q=pakistan&country=PK&by=left&context=4").content.decode()
    form = html[html.index('<form class="search-form concordance-form"') : html.index("</form>")]
    assert '<input type="hidden" name="country" value="PK">' in form
    assert '<input type="hidden" name="by" value="left">' in form
    assert "<option selected>4</option>" in form


def test_a_search_without_words_or_matches_says_so(client, archive):
    html = client.get("/concordance/?country=PK").content.decode()
    assert 'role="alert">Key words in context need words to look for' in html and "<table" not in html
    html = client.get("/concordance/?q=zzzzqqq").content.decode()
    assert "No articles match “zzzzqqq”." in html


def test_the_csv_is_every_line_as_a_download(client, archive):
    # WHEN the file is asked for
    response = client.get("/concordance/export.csv?q=pakistan&by=keyword")
    text = b"".join(response.streaming_content).decode()
    # THEN it is CSV for spreadsheets, kept out of search engines, named after the query
    assert response["Content-Type"] == "text/csv; charset=utf-8" and response["X-Robots-Tag"] == "noindex"
    assert re.fullmatch(
        r'attachment; filename="concordance-pakistan-\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    # AND its rows are the page's lines (a cell a spreadsheet would run as a formula neutralised, as in exports)
    page = concordance(QueryDict("q=pakistan&by=keyword"))
    assert [(r["left"], r["keyword"], r["right"]) for r in rows] == [
        (neutralised(line.left.removeprefix("… ")), line.keyword, neutralised(line.right.removesuffix(" …")))
        for line in page.lines
    ]
    assert any(row["right"].startswith("'-ASEAN") for row in rows)  # "Pakistan-ASEAN"
    assert all(row["permalink"].startswith("http://testserver/articles/") for row in rows)


def test_the_csv_is_refused_with_a_reason(client, archive, settings):
    # GIVEN an export limit of one article WHEN a search finding more is asked for as CSV
    settings.ARCHIVE_EXPORT_LIMIT = 1
    response = client.get("/concordance/export.csv?q=pakistan")
    # THEN a 400 in the site layout says why
    assert response.status_code == 400 and "an export holds at most 1" in response.content.decode()
    assert client.get("/concordance/export.csv?country=PK").status_code == 400
    assert client.get("/concordance/export.csv?q=*stan").status_code == 400


def test_a_csv_of_too_many_lines_is_refused_before_a_line_is_sent(client, archive, monkeypatch):
    monkeypatch.setattr("archive.concordance.FILE_LINES", 3)
    response = client.get("/concordance/export.csv?q=pakistan")
    assert response.status_code == 400 and "a file holds at most 3 lines" in response.content.decode()


def test_crawlers_are_kept_out(client, archive):
    assert "Disallow: /concordance/\n" in client.get("/robots.txt").content.decode()


def test_the_help_page_explains_it(client, archive):
    html = client.get("/help/").content.decode()
    assert '<h2 id="concordance">' in html and f"The page reads the first {PAGE_ARTICLES} stories" in html
    api = client.get("/api/").content.decode()
    assert '<h2 id="concordance">' in api and f"the text of the search's first {PAGE_ARTICLES} stories" in api


def test_a_reload_is_a_304_and_no_page_is_kept_in_memory(client, archive, monkeypatch):
    # GIVEN a concordance a reader has open
    from archive import concordance_views

    first = client.get("/concordance/?q=pakistan")
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    # WHEN the reader reloads it and nothing has changed THEN a 304, no text read
    computed = concordance_views.concordance
    monkeypatch.setattr(concordance_views, "concordance", lambda data: pytest.fail("read the texts for a 304"))
    again = client.get("/concordance/?q=pakistan", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    # AND another reader without a copy gets it computed again: pages this large are not kept in memory
    calls: list[int] = []
    monkeypatch.setattr(concordance_views, "concordance", lambda data: calls.append(1) or computed(data))
    assert client.get("/concordance/?q=pakistan").content == first.content and calls == [1]


def test_a_misspelt_query_is_offered_its_likely_spelling(client, archive):
    html = client.get("/concordance/?q=pakistn&by=right").content.decode()
    assert 'Did you mean <a href="/concordance/?q=pakistan&amp;by=right">pakistan</a>?' in html

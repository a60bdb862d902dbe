"""/selected/ and /api/articles/export (archive/selection_views.py, archive/api/exports.py): a reader's list of
articles, reached with or without script, trimmed, shared and exported in the search export's formats."""

import csv
import io
import json
import re
from html import unescape

import bibtexparser
import pytest
import rispy
from django.utils.html import escape

from archive.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def picked(archive) -> list[Article]:
    """Three seed articles in the order a reader picked them (not the archive's order)."""
    first, second, third = Article.objects.order_by("pk")[:3]
    return [third, first, second]


def ids_of(articles) -> str:
    return ",".join(str(article.pk) for article in articles)


def escaped_title(article: Article) -> str:
    return escape(article.title)


def titles_on(page: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<h2><a href="/articles/\d+/[^"]*">([^<]+)</a>', page)


def test_the_search_page_lets_a_reader_tick_results_without_script(client, archive):
    # GIVEN a search page WHEN it is read without script THEN each result has a box sending its id to /selected/
    page = client.get("/?q=pakistan").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="ids" value="(\d+)" form="selection-form" data-select>', page)
    assert len(boxes) == page.count('<li class="hit">') > 1
    assert '<form id="selection-form" class="selection-form" method="get" action="/selected/">' in page
    # AND the boxes a form sends (ids=1&ids=2) land on the list's one address, in the order of the page
    response = client.get("/selected/", [("ids", boxes[1]), ("ids", boxes[0])])
    assert response.status_code == 302 and response["Location"] == f"/selected/?ids={boxes[1]},{boxes[0]}"


def test_the_list_shows_the_articles_in_the_order_picked_with_a_way_to_remove_each(client, picked):
    page = client.get(f"/selected/?ids={ids_of(picked)}").content.decode()
    assert titles_on(page) == [escaped_title(article) for article in picked]
    assert "3 articles, in the order picked" in page
    # AND each "Remove" is a link to the list without it (no script needed)
    removes = re.findall(r'<a href="(/selected/[^"]*)" data-selection-remove="(\d+)">Remove', page)
    assert removes[0] == (f"/selected/?ids={ids_of(picked[1:])}&amp;removed={picked[0].pk}", str(picked[0].pk))
    # AND the export form carries the list to the API's export
    assert f'<input type="hidden" name="ids" value="{ids_of(picked)}">' in page
    assert 'action="/api/articles/export"' in page


def test_removing_the_last_article_leaves_an_empty_list_that_says_how_to_fill_it(client, picked):
    page = client.get(f"/selected/?ids={picked[0].pk}").content.decode()
    [(remove, _)] = re.findall(r'<a href="(/selected/[^"]*)" data-selection-remove="(\d+)">', page)
    assert remove == f"/selected/?removed={picked[0].pk}"
    empty = client.get(unescape(remove)).content.decode()
    assert "No articles are selected" in empty and "Tick “Select”" in empty and "Download" not in empty


def test_articles_no_longer_published_are_named_as_left_out(client, picked):
    Article.objects.filter(pk=picked[1].pk).update(is_published=False)
    page = client.get(f"/selected/?ids={ids_of(picked)},987654").content.decode()
    assert "2 of the selected articles are no longer in the archive" in page
    assert len(titles_on(page)) == 2


@pytest.mark.parametrize(
    ("ids", "message"),
    [("1,two", "“two” is not an article number"), (",".join(map(str, range(1, 202))), "a list holds at most 200")],
)
def test_a_list_that_cannot_be_read_is_a_clear_400_page(client, archive, ids, message):
    response = client.get(f"/selected/?ids={ids}")
    assert response.status_code == 400 and message in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_a_style_carried_through_a_redirect_stays_one_parameter(client, picked):
    response = client.get("/selected/", [("ids", str(picked[0].pk)), ("ids", str(picked[1].pk)), ("style", "x&y=z")])
    assert response["Location"] == f"/selected/?ids={picked[0].pk},{picked[1].pk}&style=x%26y%3Dz"


def test_a_list_that_cannot_be_read_is_not_replaced_by_the_browsers_own(client, archive):
    page = client.get("/selected/?ids=1,two").content.decode()
    assert "data-selection-unasked" not in page
    assert "data-selection-unasked" in client.get("/selected/").content.decode()


def test_the_list_is_for_the_reader_not_for_search_engines(client, picked):
    response = client.get(f"/selected/?ids={ids_of(picked)}")
    assert response["X-Robots-Tag"] == "noindex"
    assert "Disallow: /selected/" in client.get("/robots.txt").content.decode()


def test_the_export_has_the_articles_in_the_order_picked_in_every_format(client, picked):
    ids = ids_of(picked)
    # RIS and BibTeX, read back by the libraries reference managers use
    ris = client.get(f"/api/articles/export?ids={ids}&format=ris&include=body")
    entries = rispy.loads(b"".join(ris.streaming_content).decode())
    assert [entry["title"] for entry in entries] == [article.title for article in picked]
    assert all(entry.get("abstract") for entry in entries) and ris["X-Export-Total"] == "3"
    bib = client.get(f"/api/articles/export?ids={ids}&format=bibtex")
    parsed = bibtexparser.parse_string(b"".join(bib.streaming_content).decode())
    assert [entry["title"].strip("{}") for entry in parsed.entries] == [article.title for article in picked]
    # CSL-JSON, as citeproc and Zotero read it: one array, in order
    csl = client.get(f"/api/articles/export?ids={ids}&format=csljson")
    items = json.loads(b"".join(csl.streaming_content))
    assert [item["title"] for item in items] == [article.title for article in picked]
    # CSV: the search export's columns, one row each, in order
    text = b"".join(client.get(f"/api/articles/export?ids={ids}&format=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(row["id"]) for row in rows] == [article.pk for article in picked]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ids=1,x&format=csv", "is not an article number"),
        ("ids=&format=csv", "No articles are selected"),
        ("ids=1&format=docx", "Unknown format"),
        ("ids=1&format=csv&include=everything", "Unknown include"),
    ],
)
def test_an_export_that_cannot_be_made_is_a_json_400(client, archive, query, message):
    response = client.get(f"/api/articles/export?{query}")
    assert response.status_code == 400 and message in response.json()["error"]


def test_an_unpublished_article_is_not_exported(client, picked):
    Article.objects.filter(pk=picked[0].pk).update(is_published=False)
    response = client.get(f"/api/articles/export?ids={ids_of(picked)}&format=jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2 and response["X-Export-Total"] == "2"


def test_the_article_page_offers_to_select_it_where_script_runs(client, picked):
    page = client.get(picked[0].get_absolute_url()).content.decode()
    assert f'data-select-label hidden><input type="checkbox" value="{picked[0].pk}" data-select>' in page


def test_the_list_ends_with_its_reference_list_in_the_style_chosen(client, picked):
    ids = ids_of(picked)
    page = client.get(f"/selected/?ids={ids}").content.decode()
    references = page[page.index('id="references-heading"') :]
    # THEN APA by default: one entry per article, each with its permalink; the other styles a link away
    entries = re.findall(r"<li>(.*?)</li>", references[: references.index("</ul>")], re.S)
    assert len(entries) == 3 and all(any(a.get_absolute_url() in e for e in entries) for a in picked)
    assert f'<a href="/selected/?ids={ids}&amp;style=apa" aria-current="true">APA (7th edition)</a>' in page
    assert f'href="/selected/?ids={ids}&amp;style=mla">MLA (9th edition)</a>' in page
    assert 'data-copy="reference-list"' in page
    # WHEN MLA is chosen THEN the entries are MLA's (the date unknown: no "n.d." as APA writes it)
    mla = client.get(f"/selected/?ids={ids}&style=mla").content.decode()
    assert 'aria-current="true">MLA (9th edition)' in mla and "Accessed" in mla
    # AND a removal keeps the style chosen; an unknown style is said, and APA given
    assert (
        f'href="/selected/?ids={ids_of(picked[1:])}&amp;style=mla&amp;removed={picked[0].pk}" data-selection-remove='
        in mla
    )
    odd = client.get(f"/selected/?ids={ids}&style=harvard").content.decode()
    assert "“harvard” is not a citation style here: the list is in APA." in odd
    assert client.get(f"/selected/?ids={picked[0].pk}&ids={picked[1].pk}&style=mla")["Location"] == (
        f"/selected/?ids={picked[0].pk},{picked[1].pk}&style=mla"
    )


def test_an_editor_can_take_the_list_to_the_admin_to_edit_it_together(client, picked, django_user_model):
    ids = ids_of(picked)
    # GIVEN a reader: no admin link
    assert "in the admin" not in client.get(f"/selected/?ids={ids}").content.decode()
    # GIVEN an editor WHEN the list is shown THEN it links to the admin's article list holding just these
    editor = django_user_model.objects.create_user("ed", password="x", is_staff=True, is_superuser=True)
    client.force_login(editor)
    page = client.get(f"/selected/?ids={ids}").content.decode()
    link = re.search(r'<a href="([^"]+)">Open these 3 in the admin</a>', page).group(1)
    assert link == f"/admin/archive/article/?id__in={ids}"
    admin_list = client.get(link).content.decode()
    shown = set(re.findall(r'href="/admin/archive/article/(\d+)/change/', admin_list))
    assert shown == {str(article.pk) for article in picked}


def test_a_removal_says_what_was_removed(client, archive):
    # GIVEN a list of two WHEN the reader follows the first's "Remove" link
    first, second = Article.objects.order_by("pk")[:2]
    page = client.get("/selected/", {"ids": f"{first.pk},{second.pk}"}).content.decode()
    link = unescape(re.search(rf'<a href="([^"]+)" data-selection-remove="{first.pk}"', page).group(1))
    after = client.get(link).content.decode()
    # THEN the list holds the other one, and says which was removed where the focus goes (selection.js)
    assert f'data-selection-remove="{second.pk}"' in after and f'data-selection-remove="{first.pk}"' not in after
    assert f"Removed “{escape(first.title)}” from the list." in after and "data-focus-on-load" in after
    # AND a removal named in the address of an article still listed, or of none, says nothing
    assert "Removed “" not in client.get("/selected/", {"ids": str(second.pk), "removed": second.pk}).content.decode()
    assert "Removed “" not in client.get("/selected/", {"ids": str(second.pk), "removed": "x"}).content.decode()

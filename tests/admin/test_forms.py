"""Standfirst bullets, captions and source aliases are edited one per line, not as raw JSON; the language is a code."""

import json

import pytest

from archive.ingest import parse_jsonl
from archive.models import Source
from tests.admin.helpers import ARMY_CHIEF, CONSULTATIONS, form_data

pytestmark = pytest.mark.django_db


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


def test_standfirst_and_captions_show_and_save_one_item_per_line(editor_client, seeded, article):
    # GIVEN an article with two standfirst bullets and no captions
    army = article(ARMY_CHIEF)
    army.standfirst, army.captions = ["Talks in Rawalpindi", "Visit to Washington next"], []
    army.save()
    # WHEN its change form is opened THEN each list shows one item per line, not JSON
    page = editor_client.get(change_url(army.pk))
    form = page.context["adminform"].form
    assert form["standfirst"].value() == "Talks in Rawalpindi\nVisit to Washington next"
    assert form["captions"].value() == ""
    # WHEN the editor types plain lines, as the browser posts them (CRLF, a blank line, stray spaces)
    data = form_data(page)
    data["standfirst"] = "Talks in Rawalpindi\r\n\r\n  A third bullet  \r\n"
    data["captions"] = "The army chief (ISPR)\r\nFile photo of GHQ"
    response = editor_client.post(change_url(army.pk), data)
    # THEN the form is accepted and each line is one item
    assert response.status_code == 302, response.context["adminform"].form.errors
    army.refresh_from_db()
    assert army.standfirst == ["Talks in Rawalpindi", "A third bullet"]
    assert army.captions == ["The army chief (ISPR)", "File photo of GHQ"]


def test_emptying_a_list_stores_an_empty_list(editor_client, seeded, article):
    # GIVEN an article with captions
    army = article(ARMY_CHIEF)
    army.captions = ["The army chief (ISPR)"]
    army.save()
    data = form_data(editor_client.get(change_url(army.pk)))
    # WHEN the editor clears the captions box
    data["captions"] = ""
    assert editor_client.post(change_url(army.pk), data).status_code == 302
    # THEN no caption is left (an empty list, not an error or a blank item)
    army.refresh_from_db()
    assert army.captions == []


def test_source_aliases_are_edited_one_per_line(editor_client):
    # GIVEN a source with an alias
    dawn = Source.objects.create(name="Dawn", slug="dawn", aliases=["Dawn News"])
    url = f"/admin/archive/source/{dawn.pk}/change/"
    page = editor_client.get(url)
    assert page.context["adminform"].form["aliases"].value() == "Dawn News"
    # WHEN a second alias is typed on its own line
    data = form_data(page)
    data["aliases"] = "Dawn News\r\nDAWN.COM"
    # THEN both are saved
    assert editor_client.post(url, data).status_code == 302
    dawn.refresh_from_db()
    assert dawn.aliases == ["Dawn News", "DAWN.COM"]


def test_the_language_is_checked_as_a_json_lines_import_checks_it(editor_client, seeded, article):
    consultations = article(CONSULTATIONS)
    url = f"/admin/archive/article/{consultations.pk}/change/"
    data = form_data(editor_client.get(url))
    # GIVEN an editor typing a language's name WHEN saving THEN it is refused as an import refuses it (an export of
    # the article would not import again)
    response = editor_client.post(url, {**data, "language": "French"})
    assert response.status_code == 200
    assert "a language code such as 'fr' or 'pt-BR'" in response.context["adminform"].form.errors["language"][0]
    # AND a code with its region is stored as an import stores it
    assert editor_client.post(url, {**data, "language": "pt-BR"}).status_code == 302
    consultations.refresh_from_db()
    assert consultations.language == "pt"
    record = json.dumps({"title": "T", "body": "Body text of the story.", "language": consultations.language})
    assert parse_jsonl(record, ref="x").articles[0].language == "pt"


def test_text_typed_decomposed_is_stored_composed_and_found(editor_client, seeded, article, committed):
    from archive.search import SearchParams, search

    consultations = article(CONSULTATIONS)
    url = change_url(consultations.pk)
    data = form_data(editor_client.get(url))
    # GIVEN an editor's title and byline typed with combining accents (macOS may send "ü" as "u" and a mark)
    title, author = "Bankers meet in Zu\u0308rich", "Jose\u0301 Nu\u0301n\u0303ez"
    # WHEN saved
    with committed():
        assert editor_client.post(url, {**data, "title": title, "author": author}).status_code == 302
    consultations.refresh_from_db()
    # THEN they are stored composed, as an import stores them, and a search with or without the accents finds it
    assert (consultations.title, consultations.author) == ("Bankers meet in Zürich", "José Núñez")
    for q in ("zurich bankers", "Zürich bankers", 'author:"Jose Nunez"'):
        assert consultations.pk in {hit.article.pk for hit in search(SearchParams(q=q)).hits}, q

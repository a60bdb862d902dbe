"""Editing an article's tags and fields on its change form: origins, rejections, and search right after."""

import pytest
from django.test import Client

from archive.models import ArticleCountry, ArticleOrganisation, Country, Organisation, TagOrigin
from archive.tagging import reextract
from tests.admin.helpers import (
    CONSULTATIONS,
    RUSSIA_TIES,
    add_inline_row,
    facet,
    form_data,
    found,
    last_message,
    tag_field,
)

pytestmark = pytest.mark.django_db

COUNTRIES, ORGANISATIONS = "country_tags", "organisation_tags"


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


def test_rejecting_an_extracted_country_keeps_the_row_and_leaves_search(
    editor_client, editor, seeded, article, committed
):
    russia = article(RUSSIA_TIES)
    us = Country.objects.get(code="US")
    assert russia.pk in found(countries=("US",))
    data = form_data(editor_client.get(change_url(russia.pk)))
    data[tag_field(data, us, "rejected")] = "on"
    with committed():
        response = editor_client.post(change_url(russia.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    tag = ArticleCountry.objects.get(article=russia, country=us)
    assert tag.rejected and tag.origin == TagOrigin.EXTRACTED
    assert tag.history.latest("history_date").history_user == editor
    assert russia.pk not in found(countries=("US",))
    api = Client().get("/api/search/", {"country": "US"}).json()  # the public JSON API, anonymously
    assert russia.pk not in [result["id"] for result in api["results"]] and api["count"] == 1

    reextract(type(russia).objects.filter(pk=russia.pk))  # extraction finds the US again but respects the editor
    assert ArticleCountry.objects.get(article=russia, country=us).rejected


def test_adding_an_organisation_tag_makes_it_an_editors_tag_in_search(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    sco = Organisation.objects.get(slug="sco")
    assert facet("organisation").get("sco") is None
    data = form_data(editor_client.get(change_url(russia.pk)))
    add_inline_row(data, ORGANISATIONS, organisation=sco.pk, article=russia.pk)
    with committed():
        response = editor_client.post(change_url(russia.pk), data)
    assert response.status_code == 302
    tag = ArticleOrganisation.objects.get(article=russia, organisation=sco)
    assert tag.origin == TagOrigin.EDITOR and not tag.rejected
    assert found(organisations=("sco",)) == [russia.pk]
    assert facet("organisation")["sco"] == 1
    api = Client().get("/api/search/", {"org": "sco"}).json()
    assert [(r["id"], "sco" in r["organisations"]) for r in api["results"]] == [(russia.pk, True)]


def test_deleting_an_extracted_tag_rejects_it_and_deleting_an_editors_tag_removes_it(
    editor_client, seeded, article, committed
):
    russia = article(RUSSIA_TIES)
    un, sco = Organisation.objects.get(slug="un"), Organisation.objects.get(slug="sco")
    ArticleOrganisation.objects.create(article=russia, organisation=sco, origin=TagOrigin.EDITOR)
    data = form_data(editor_client.get(change_url(russia.pk)))
    data[tag_field(data, un, "DELETE")] = "on"
    data[tag_field(data, sco, "DELETE")] = "on"
    with committed():
        response = editor_client.post(change_url(russia.pk), data)
    assert response.status_code == 302
    assert "rejected rather than deleted" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert ArticleOrganisation.objects.get(article=russia, organisation=un).rejected
    assert not ArticleOrganisation.objects.filter(article=russia, organisation=sco).exists()
    assert russia.pk not in found(organisations=("un",))
    assert russia.pk not in found(organisations=("sco",))


def test_un_rejecting_a_tag_makes_it_the_editors(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    us = Country.objects.get(code="US")
    ArticleCountry.objects.filter(article=russia, country=us).update(rejected=True)
    data = form_data(editor_client.get(change_url(russia.pk)))
    data.pop(tag_field(data, us, "rejected"))
    with committed():
        editor_client.post(change_url(russia.pk), data)
    tag = ArticleCountry.objects.get(article=russia, country=us)
    assert not tag.rejected and tag.origin == TagOrigin.EDITOR
    assert russia.pk in found(countries=("US",))


def test_adding_a_tag_the_article_already_has_is_a_form_error(editor_client, seeded, article):
    russia = article(RUSSIA_TIES)
    data = form_data(editor_client.get(change_url(russia.pk)))
    add_inline_row(data, COUNTRIES, country=Country.objects.get(code="US").pk, article=russia.pk)
    response = editor_client.post(change_url(russia.pk), data)
    assert response.status_code == 200
    assert "Please correct" in response.content.decode()
    assert ArticleCountry.objects.filter(article=russia, country__code="US").count() == 1


def test_tag_autocomplete_offers_only_approved_organisations(editor_client, seeded):
    params = {"app_label": "archive", "model_name": "articleorganisation", "field_name": "organisation"}
    response = editor_client.get("/admin/autocomplete/", {**params, "term": "ASEAN"})
    slugs = {Organisation.objects.get(pk=r["id"]).slug for r in response.json()["results"]}
    assert "asean" in slugs and "apjscc" not in slugs  # apjscc is a proposed organisation
    response = editor_client.get("/admin/autocomplete/", {**params, "term": "Security Council"})  # aliases too
    assert "un" in {Organisation.objects.get(pk=r["id"]).slug for r in response.json()["results"]}


def test_a_title_edit_reaches_search_and_clears_the_generated_flag(editor_client, seeded, article, committed):
    consultations = article(CONSULTATIONS)
    assert consultations.title_generated
    data = form_data(editor_client.get(change_url(consultations.pk)))
    data["title"] = "Pakistan and Russia hold political consultations"
    with committed():
        response = editor_client.post(change_url(consultations.pk), data)
    assert response.status_code == 302
    assert "was changed successfully" in last_message(response)
    consultations.refresh_from_db()
    assert not consultations.title_generated
    assert found(q="title:consultations") == [consultations.pk]


def test_editing_country_aliases_one_per_line_keeps_the_code(editor_client, seeded, committed):
    russia = Country.objects.get(code="RU")
    url = f"/admin/archive/country/{russia.pk}/change/"
    data = form_data(editor_client.get(url))
    data.update(name="Rossiyskaya Federatsiya", aliases="Russia\n  Rossiya \n\nRussia", code="XX")
    with committed():
        response = editor_client.post(url, data)
    assert response.status_code == 302
    russia.refresh_from_db()
    assert russia.code == "RU" and russia.aliases == ["Russia", "Rossiya"]
    tagged = set(ArticleCountry.objects.active().filter(country=russia).values_list("article_id", flat=True))
    assert tagged and set(found(q="Federatsiya")) == tagged  # renamed: its articles were reindexed

"""Each article action, run from the changelist, reaches public search as soon as it commits."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, TagOrigin
from tests.admin.helpers import ARMY_CHIEF, CANADA_TRADE, CONSULTATIONS, RUSSIA_TIES, found, last_message, run_action

pytestmark = pytest.mark.django_db


def test_unpublish_hides_from_public_search_and_api_but_not_from_staff(editor_client, seeded, article, committed):
    public = Client()
    army = article(ARMY_CHIEF)
    assert army.pk in found(q="army")
    with committed():
        response = run_action(editor_client, "article", "unpublish", [army.pk])
    assert response.status_code == 302
    # the message names who still sees it: editors who may view articles, not any staff account (README)
    assert last_message(response) == "Unpublished 1 article(s); only editors can see them now."
    army.refresh_from_db()
    assert not army.is_published
    assert army.pk not in found(q="army")
    assert army.pk not in found(countries=("US",))
    api = public.get("/api/search/", {"q": "army"}).json()  # the JSON API shows what search shows
    assert army.pk not in [hit["id"] for hit in api["results"]]
    assert public.get(f"/articles/{army.pk}/", follow=True).status_code == 404  # the public
    assert editor_client.get(f"/articles/{army.pk}/", follow=True).status_code == 200  # staff still see it
    assert editor_client.get(f"/admin/archive/article/{army.pk}/change/").status_code == 200

    with committed():
        run_action(editor_client, "article", "publish", [army.pk])
    assert army.pk in found(q="army")


def test_publish_actions_count_only_articles_they_change_and_record_history(editor_client, editor, seeded, committed):
    ids = list(Article.objects.values_list("pk", flat=True)[:3])
    with committed():
        response = run_action(editor_client, "article", "unpublish", ids)
    assert "Unpublished 3 article(s)" in last_message(response)
    with committed():
        response = run_action(editor_client, "article", "unpublish", ids)
    assert "Unpublished 0 article(s)" in last_message(response)
    latest = Article.history.filter(id=ids[0]).latest("history_date")
    assert latest.is_published is False and latest.history_user == editor
    assert set(found()) == set(Article.objects.values_list("pk", flat=True)) - set(ids)


def test_mark_reviewed_stamps_the_articles_with_who_and_when(editor_client, editor, seeded, article, committed):
    consultations = article(CONSULTATIONS)
    with committed():
        run_action(editor_client, "article", "mark_reviewed", [consultations.pk])
    consultations.refresh_from_db()
    assert consultations.reviewed_at is not None
    record = Article.history.filter(id=consultations.pk).latest("history_date")
    assert record.reviewed_at == consultations.reviewed_at and record.history_user == editor
    changelist = editor_client.get("/admin/archive/article/", {"review": "reviewed"})
    assert [a.pk for a in changelist.context["cl"].result_list] == [consultations.pk]


def test_reindex_brings_the_index_back_in_step(editor_client, seeded, article, committed):
    canada = article(CANADA_TRADE)
    Article.objects.filter(pk=canada.pk).update(title="Zanzibar spice talks")  # bypasses the signals
    assert found(q="title:zanzibar") == []
    with committed():
        run_action(editor_client, "article", "reindex", [canada.pk])
    assert found(q="title:zanzibar") == [canada.pk]


def test_reextract_keeps_editors_tags_and_rejections(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    us = ArticleCountry.objects.get(article=russia, country__code="US")
    us.rejected = True
    us.save()
    sco = Organisation.objects.get(slug="sco")
    ArticleOrganisation.objects.create(article=russia, organisation=sco, origin=TagOrigin.EDITOR)
    ArticleCountry.objects.filter(article=russia, country__code="RU").delete()  # extraction will add it back
    with committed():
        response = run_action(editor_client, "article", "reextract_entities", [russia.pk])
    assert response.status_code == 302
    tags = {t.country.code: t for t in ArticleCountry.objects.filter(article=russia).select_related("country")}
    assert tags["US"].rejected and tags["RU"].origin == TagOrigin.EXTRACTED and not tags["RU"].rejected
    assert ArticleOrganisation.objects.get(article=russia, organisation=sco).origin == TagOrigin.EDITOR
    assert russia.pk not in found(countries=("US",))
    assert russia.pk in found(countries=("RU",))
    assert russia.pk in found(organisations=("sco",))


# The changelist.


def _listed(client, **params) -> set[int]:
    response = client.get("/admin/archive/article/", params)
    assert response.status_code == 200
    return {a.pk for a in response.context["cl"].result_list}


def test_filters_by_country_organisation_origin_and_review_flag(editor_client, seeded, article):
    russia, army, canada = article(RUSSIA_TIES), article(ARMY_CHIEF), article(CANADA_TRADE)
    assert _listed(editor_client, country="US") == {russia.pk, army.pk}
    ArticleCountry.objects.filter(article=russia, country__code="US").update(rejected=True)
    assert _listed(editor_client, country="US") == {army.pk}
    assert _listed(editor_client, tag_origin="rejected") == {russia.pk}
    assert _listed(editor_client, organisation="imf") == {canada.pk}
    assert _listed(editor_client, tag_origin="editor") == set()
    ArticleOrganisation.objects.create(article=army, organisation=Organisation.objects.get(slug="un"), origin="editor")
    assert _listed(editor_client, tag_origin="editor") == {army.pk}
    assert _listed(editor_client, review="needs") == set(Article.objects.needs_review().values_list("pk", flat=True))
    assert _listed(editor_client, review="date") == set(
        Article.objects.filter(date_unknown=True).values_list("pk", flat=True)
    )
    assert _listed(editor_client, q="Khawaja") == {russia.pk}  # search over title and body


def test_changelist_shows_tags_dates_and_flags(editor_client, seeded):
    page = editor_client.get("/admin/archive/article/").content.decode()
    for expected in ("20 June 2023", "ISPR", "CA, PK", "Needs title and date", "Needs date", "Review queue (5)"):
        assert expected in page


def test_changelist_queries_do_not_grow_with_rows(editor_client, seeded):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/admin/archive/article/").status_code == 200
        return len(captured)

    before = queries()
    pk, us = Country.objects.get(code="PK"), Country.objects.get(code="US")
    for n in range(8):
        extra = Article.objects.create(
            title=f"Extra {n}", body="b", raw_text="b", checksum=f"x{n}", import_ref=f"test:{n}"
        )
        ArticleCountry.objects.create(article=extra, country=pk)
        ArticleCountry.objects.create(article=extra, country=us)
    assert queries() == before


def test_the_lists_visibility_filter_is_named_as_its_column(editor_client, seeded):
    """GIVEN the article list WHEN an editor looks for the unpublished articles THEN the filter is "By public", as
    the column is "Public" (it was "By is published"), and it still lists them by ?is_published__exact=0."""
    page = editor_client.get("/admin/archive/article/").content.decode()
    assert "By public" in page and "By is published" not in page
    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).update(is_published=False)
    listed = editor_client.get("/admin/archive/article/", {"is_published__exact": "0"}).context["cl"].result_list
    assert [a.is_published for a in listed] == [False]

"""Deleting tags as an editor, through the curation service and every admin path that calls it."""

import pytest

from archive.curation import delete_tags
from archive.models import ArticleCountry, ArticleOrganisation, Country, Organisation, TagOrigin
from archive.tagging import reextract
from tests.admin.helpers import RUSSIA_TIES, found

pytestmark = pytest.mark.django_db


def test_deleting_an_extracted_tag_through_the_service_rejects_it_and_re_extraction_keeps_it_out(
    editor, seeded, article, committed
):
    """GIVEN a seed article that extraction tagged with the US, and a tag an editor added (SCO)
    WHEN both are deleted through `curation.delete_tags`, with no admin involved
    THEN the extracted tag stays as a rejected row (out of search), the editor's tag is gone,
    the history names the editor, and re-extraction, which finds the US again, does not bring it back
    """
    russia = article(RUSSIA_TIES)
    us = ArticleCountry.objects.get(article=russia, country__code="US")
    assert us.origin == TagOrigin.EXTRACTED and not us.rejected
    sco = ArticleOrganisation.objects.create(
        article=russia, organisation=Organisation.objects.get(slug="sco"), origin=TagOrigin.EDITOR
    )

    with committed():
        rejected = delete_tags([us, sco], user=editor)

    assert rejected == 1
    us.refresh_from_db()
    assert us.rejected and us.origin == TagOrigin.EXTRACTED
    assert us.history.latest("history_date").history_user == editor
    assert not ArticleOrganisation.objects.filter(pk=sco.pk).exists()
    assert russia.pk not in found(countries=("US",))

    with committed():
        reextract(type(russia).objects.filter(pk=russia.pk))
    assert ArticleCountry.objects.get(article=russia, country__code="US").rejected
    assert russia.pk not in found(countries=("US",))


def test_deleting_an_extracted_tag_on_its_own_delete_page_rejects_it(editor_client, seeded, article, committed):
    """GIVEN an extracted tag WHEN an editor deletes it on the tag's own admin delete page
    THEN it is rejected rather than deleted, as on the article's form, and the editor is told so
    """
    russia = article(RUSSIA_TIES)
    us = ArticleCountry.objects.get(article=russia, country=Country.objects.get(code="US"))

    with committed():
        response = editor_client.post(f"/admin/archive/articlecountry/{us.pk}/delete/", {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert "rejected rather than deleted" in response.content.decode()
    us.refresh_from_db()
    assert us.rejected
    assert russia.pk not in found(countries=("US",))


def test_deleting_selected_tags_from_the_tag_list_rejects_the_extracted_ones(editor_client, seeded, article, committed):
    """GIVEN an extracted organisation tag and an editor's one WHEN an editor runs "Delete selected" on both
    THEN the extracted one is rejected and the editor's one is deleted
    """
    russia = article(RUSSIA_TIES)
    un = ArticleOrganisation.objects.get(article=russia, organisation__slug="un")
    sco = ArticleOrganisation.objects.create(
        article=russia, organisation=Organisation.objects.get(slug="sco"), origin=TagOrigin.EDITOR
    )

    with committed():
        editor_client.post(
            "/admin/archive/articleorganisation/",
            {"action": "delete_selected", "_selected_action": [un.pk, sco.pk], "post": "yes"},
        )

    un.refresh_from_db()
    assert un.rejected
    assert not ArticleOrganisation.objects.filter(pk=sco.pk).exists()

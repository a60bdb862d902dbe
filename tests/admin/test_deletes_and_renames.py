"""Deleting articles or organisations and renaming organisations in the admin reach search at commit."""

import pytest

from archive.models import Article, ArticleOrganisation, IndexChange, Organisation
from tests.admin.helpers import ARMY_CHIEF, CANADA_TRADE, facet, form_data, found, run_action

pytestmark = pytest.mark.django_db


def test_deleting_an_article_removes_it_from_search(editor_client, seeded, article, committed):
    army = article(ARMY_CHIEF)
    with committed():
        response = editor_client.post(f"/admin/archive/article/{army.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert army.pk not in found()
    assert Article.history.filter(id=army.pk, history_type="-").exists()


def test_bulk_deleting_articles_removes_them_from_search(editor_client, seeded, article, committed):
    ids = [article(ARMY_CHIEF).pk, article(CANADA_TRADE).pk]
    with committed():
        run_action(editor_client, "article", "delete_selected", ids, post="yes")
    assert not set(ids) & set(found())
    assert not IndexChange.objects.exists()  # everything queued was applied


def test_deleting_an_organisation_removes_its_facet(editor_client, seeded, committed):
    imf = Organisation.objects.get(slug="imf")
    assert facet("organisation")["imf"] == 1
    with committed():
        editor_client.post(f"/admin/archive/organisation/{imf.pk}/delete/", {"post": "yes"})
    assert "imf" not in facet("organisation")
    assert not ArticleOrganisation.objects.filter(organisation_id=imf.pk).exists()


def test_renaming_an_organisation_reaches_search(editor_client, seeded, article, committed):
    imf = Organisation.objects.get(slug="imf")
    url = f"/admin/archive/organisation/{imf.pk}/change/"
    data = form_data(editor_client.get(url))
    data["name"] = "Internationaler Waehrungsfonds"
    with committed():
        assert editor_client.post(url, data).status_code == 302
    assert found(q="Waehrungsfonds") == [article(CANADA_TRADE).pk]

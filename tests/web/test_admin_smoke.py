"""The admin pages editors use render, and an edit there reaches search after commit."""

import pytest

from archive.models import Article
from archive.search import SearchParams, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/archive/article/",
        "/admin/archive/article/?title_generated__exact=1",
        "/admin/archive/country/",
        "/admin/archive/organisation/",
        "/admin/archive/source/",
    ],
)
def test_admin_pages_render(admin_client, archive, url):
    assert admin_client.get(url).status_code == 200


def test_article_change_page_and_history(admin_client, archive):
    article = Article.objects.first()
    assert admin_client.get(f"/admin/archive/article/{article.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/archive/article/{article.pk}/history/").status_code == 200


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/admin/archive/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_title_edit_in_admin_reaches_search(admin_client, archive, django_capture_on_commit_callbacks):
    article = Article.objects.get(import_ref__endswith="003_5cf35de7a53bf458.txt#1")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Pakistan and Russia hold political consultations"
        article.title_generated = False
        article.save()
    hits = search(SearchParams(q="title:consultations")).hits
    assert [h.article_id for h in hits] == [article.pk]

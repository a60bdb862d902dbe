"""A source URL stored before imports checked it (`javascript:...`) never blocks saving the article's other fields."""

import pytest

from archive.models import Article
from tests.admin.helpers import RUSSIA_TIES, form_data

pytestmark = pytest.mark.django_db

HOSTILE = "javascript:alert(document.cookie)"


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


@pytest.fixture
def hostile_url(seeded, article) -> Article:
    russia = article(RUSSIA_TIES)
    Article.objects.filter(pk=russia.pk).update(url=HOSTILE)  # as an import before the fix stored it
    return Article.objects.get(pk=russia.pk)


def test_an_unchanged_invalid_stored_url_is_cleared_with_a_warning_and_the_rest_saves(
    editor_client, hostile_url, committed
):
    # GIVEN an article whose stored URL is not a web address; its form says so and never links it
    page = editor_client.get(change_url(hostile_url.pk))
    assert "not a web address" in page.content.decode() and f'href="{HOSTILE}"' not in page.content.decode()
    # WHEN an editor changes only the author and saves
    data = form_data(page)
    data["author"] = "Staff Reporter"
    with committed():
        response = editor_client.post(change_url(hostile_url.pk), data)
    # THEN the save goes through, the bad URL is cleared and the editor is told
    assert response.status_code == 302, response.context and response.context["errors"]
    stored = Article.objects.get(pk=hostile_url.pk)
    assert stored.author == "Staff Reporter" and stored.url == ""
    warnings = [str(m) for m in response.wsgi_request._messages if "not a web address" in str(m)]
    assert len(warnings) == 1 and "cleared" in warnings[0] and HOSTILE in warnings[0]


def test_a_new_invalid_url_is_an_error_on_the_url_field_only(editor_client, hostile_url, committed):
    data = form_data(editor_client.get(change_url(hostile_url.pk)))
    data["url"] = "javascript:alert(2)"
    response = editor_client.post(change_url(hostile_url.pk), data)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"url"}
    assert Article.objects.get(pk=hostile_url.pk).url == HOSTILE


def test_the_editor_can_correct_it(editor_client, hostile_url, committed):
    data = form_data(editor_client.get(change_url(hostile_url.pk)))
    data["url"] = "https://www.dawn.com/news/1"
    with committed():
        response = editor_client.post(change_url(hostile_url.pk), data)
    assert response.status_code == 302
    assert Article.objects.get(pk=hostile_url.pk).url == "https://www.dawn.com/news/1"

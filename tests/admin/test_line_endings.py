"""Text posted by a browser (textareas send CRLF) is stored with LF: editing one field changes only that field."""

import pytest

from archive.models import Article
from tests.admin.helpers import ARMY_CHIEF, form_data

pytestmark = pytest.mark.django_db


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


def as_browser_posts(data: dict[str, object]) -> dict[str, object]:
    """A browser sends every line break in a textarea as CRLF (HTML's form submission rules)."""
    return {key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()}


def api_article(client, pk: int) -> dict:
    return client.get(f"/api/articles/{pk}/").json()


def test_a_title_edit_changes_only_the_title(editor_client, seeded, article, committed):
    # GIVEN an article whose body has several lines, and what the API says of it
    army = article(ARMY_CHIEF)
    army.author_bio = "Staff reporter.\nCovers defence."
    army.save()
    assert army.body.count("\n") > 2
    body, api_before = army.body, api_article(editor_client, army.pk)
    versions = army.history.count()
    # WHEN an editor changes only the title, the browser posting the textareas with CRLF
    data = as_browser_posts(form_data(editor_client.get(change_url(army.pk))))
    assert "\r\n" in data["body"]
    data["title"] = "Army chief visits Washington"
    with committed():
        assert editor_client.post(change_url(army.pk), data).status_code == 302
    # THEN the body and the bio are stored as they were, without a single CR
    army.refresh_from_db()
    assert army.title == "Army chief visits Washington"
    assert army.body == body and "\r" not in army.author_bio
    # AND the API output differs only by the title (and the page URL's slug and the time of the edit, which follow)
    api_after = api_article(editor_client, army.pk)
    assert {key for key in api_before if api_before[key] != api_after.get(key)} == {
        "title",
        "url",
        "permalink",
        "updated_at",
    }
    # AND history records one version whose only change is the title, on the record and on the page
    assert army.history.count() == versions + 1
    newest, previous = army.history.order_by("-history_date")[:2]
    assert newest.diff_against(previous, excluded_fields=["updated_at"]).changed_fields == ["title"]
    page = editor_client.get(f"/admin/archive/article/{army.pk}/history/")
    shown = page.context["page_obj"].object_list[0].history_delta_changes
    assert [change["field"] for change in shown] == ["Title"]


def test_line_endings_are_normalised_whatever_path_saves_the_text(seeded, article):
    # GIVEN text with CRLF and lone CR line breaks, as pasted or posted
    army = article(ARMY_CHIEF)
    # WHEN it is saved outside any form (a script, the shell, a service)
    army.body = "First line.\r\nSecond line.\rThird line."
    army.author_bio = "Staff reporter.\r\n"
    army.save()
    # THEN it is stored with LF only; the raw text stays exactly as received
    army.refresh_from_db()
    assert army.body == "First line.\nSecond line.\nThird line."
    assert army.author_bio == "Staff reporter.\n"
    Article.objects.filter(pk=army.pk).update(raw_text="as\r\nreceived")
    army.refresh_from_db()
    army.save()
    army.refresh_from_db()
    assert army.raw_text == "as\r\nreceived"

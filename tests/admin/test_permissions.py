"""The Editors group can curate and nothing more; `create_editor` makes editors; strangers go to login."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.editors import EDITORS_GROUP, editor_permission_codenames

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "curate-the-archive-2024"


def test_the_migration_made_the_editors_group_with_exactly_the_curation_permissions():
    group = Group.objects.get(name=EDITORS_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert granted == editor_permission_codenames()
    assert all(perm.startswith("archive.") for perm in granted)
    assert "archive.add_country" not in granted and "archive.delete_country" not in granted
    assert not any("indexchange" in perm for perm in granted)


def test_editor_has_curation_permissions_and_none_on_users(editor):
    assert editor.has_perms(["archive.change_article", "archive.change_articlecountry", "archive.delete_organisation"])
    assert not editor.has_perm("auth.view_user")
    assert not editor.has_perm("auth.change_group")
    assert not editor.is_superuser


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/archive/article/",
        "/admin/archive/article/?review=needs",
        "/admin/archive/article/?title_generated__exact=1",
        "/admin/archive/article/?country=PK&organisation=asean&tag_origin=extracted",
        "/admin/archive/article/import/",
        "/admin/archive/organisation/",
        "/admin/archive/organisation/?status__exact=proposed",
        "/admin/archive/country/",
        "/admin/archive/source/",
    ],
)
def test_editor_can_open_the_curation_pages(editor_client, seeded, url):
    assert editor_client.get(url).status_code == 200


def test_editor_can_open_an_article_its_history_and_edit_a_country(editor_client, seeded, article):
    from tests.admin.helpers import RUSSIA_TIES

    pk = article(RUSSIA_TIES).pk
    assert editor_client.get(f"/admin/archive/article/{pk}/change/").status_code == 200
    assert editor_client.get(f"/admin/archive/article/{pk}/history/").status_code == 200
    assert editor_client.get("/admin/archive/country/1/change/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/", "/admin/archive/country/add/"]
)
def test_editor_cannot_manage_users_groups_or_add_countries(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_the_index_shows_curation_models_and_not_users(editor_client):
    page = editor_client.get("/admin/").content.decode()
    assert "/admin/archive/article/" in page and "/admin/archive/organisation/" in page
    assert "/admin/auth/" not in page


def test_editor_cannot_add_articles_by_hand_only_import(editor_client):
    assert editor_client.get("/admin/archive/article/add/").status_code == 403
    page = editor_client.get("/admin/archive/article/").content.decode()
    assert "Import files" in page


def test_staff_without_the_group_cannot_curate(client):
    user = get_user_model().objects.create_user("visitor", password=STRONG_PASSWORD, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/archive/article/").status_code == 403
    assert client.get("/admin/archive/article/import/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/archive/article/",
        "/admin/archive/article/import/",
        "/admin/archive/organisation/",
        "/admin/archive/article/1/history/",
    ],
)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_anonymous_post_to_an_action_or_import_changes_nothing(client, seeded):
    from archive.models import Article

    response = client.post("/admin/archive/article/", {"action": "unpublish", "_selected_action": ["1"]})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post("/admin/archive/article/import/", {})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Article.objects.filter(is_published=False).count() == 0


# The command.


def test_create_editor_reads_the_password_from_stdin():
    out = io.StringIO()
    call_command(
        "create_editor",
        "alice",
        "--password-stdin",
        "--email=a@example.org",
        stdin=io.StringIO(STRONG_PASSWORD + "\n"),
        stdout=out,
    )
    user = get_user_model().objects.get(username="alice")
    assert user.is_staff and not user.is_superuser and user.email == "a@example.org"
    assert user.check_password(STRONG_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert "alice" in out.getvalue()


def test_create_editor_prompts_twice(monkeypatch):
    answers = iter([STRONG_PASSWORD, STRONG_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    tty = io.StringIO()
    tty.isatty = lambda: True
    call_command("create_editor", "bob", stdin=tty, stdout=io.StringIO())
    assert get_user_model().objects.get(username="bob").check_password(STRONG_PASSWORD)


def test_create_editor_refuses_mismatched_weak_or_missing_passwords(monkeypatch):
    answers = iter([STRONG_PASSWORD, "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    tty = io.StringIO()
    tty.isatty = lambda: True
    with pytest.raises(CommandError, match="do not match"):
        call_command("create_editor", "carol", stdin=tty, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_editor", "carol", "--password-stdin", stdin=io.StringIO("123\n"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="use --password-stdin"):
        call_command("create_editor", "carol", stdin=io.StringIO(""), stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="carol").exists()


def test_create_editor_refuses_an_existing_user_and_recreates_a_missing_group():
    Group.objects.filter(name=EDITORS_GROUP).delete()  # e.g. a flushed database
    call_command("create_editor", "dave", "--password-stdin", stdin=io.StringIO(STRONG_PASSWORD), stdout=io.StringIO())
    group = Group.objects.get(name=EDITORS_GROUP)
    assert group.permissions.count() == len(editor_permission_codenames())
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_editor", "dave", "--password-stdin", stdin=io.StringIO(STRONG_PASSWORD), stdout=io.StringIO()
        )

"""Editors split and join copy groups in the admin (history, reindex); the article page lists the other versions."""

from __future__ import annotations

import pytest
from django.test import Client

from archive.importers import import_paths
from archive.models import Article, CopyFingerprint, IndexChange
from tests.admin.helpers import last_message, run_action
from tests.copies import stories

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverton(tmp_path, django_capture_on_commit_callbacks):
    """GIVEN three outlets' versions of one story and another story on its subject, imported and indexed."""
    path = stories.write_jsonl(
        tmp_path / "riverton.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(3, "Budget approved", stories.OUTLET_COPY, "Evening Post", "2024-05-03"),
        stories.record(4, "A long night at the council", stories.SAME_SUBJECT),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])
    return {a.title: a for a in Article.objects.all()}


def versions_section(page: str) -> str:
    """The page's "Other versions" section, or "" (other sections, e.g. related articles, may name the same titles)."""
    start = page.find('aria-labelledby="versions-heading"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_article_page_lists_the_other_versions_with_outlet_date_and_link(riverton):
    article = riverton["Riverton passes budget"]
    page = versions_section(Client().get(article.get_absolute_url()).content.decode())
    assert "Other versions" in page
    wire = riverton["Council backs budget"]
    assert f'href="{wire.get_absolute_url()}"' in page
    assert "Northern Wire" in page and "Evening Post" in page
    assert "1 May 2024" in page
    # AND an article without copies has no such section
    alone = Client().get(riverton["A long night at the council"].get_absolute_url()).content.decode()
    assert "Other versions" not in alone


def test_the_article_api_gives_the_other_versions_as_the_page_lists_them(riverton):
    # GIVEN a story with two other versions WHEN a client reads it through the API THEN it gets its group and them,
    # earliest first, as the page lists them (only a search's results gave them)
    article = riverton["Riverton passes budget"]
    body = Client().get(f"/api/articles/{article.pk}/").json()
    assert body["copy_group"] == article.copy_group_id is not None
    assert [(v["title"], v["source"], v["published"]) for v in body["other_versions"]] == [
        ("Council backs budget", "Northern Wire", "2024-05-01"),
        ("Budget approved", "Evening Post", "2024-05-03"),
    ]
    assert body["other_versions"][0]["url"].endswith(riverton["Council backs budget"].get_absolute_url())
    # AND an article without copies has none
    alone = Client().get(f"/api/articles/{riverton['A long night at the council'].pk}/").json()
    assert alone["copy_group"] is None and alone["other_versions"] == []


def test_split_action_records_history_reindexes_and_is_remembered(editor_client, editor, riverton, monkeypatch):
    post = riverton["Budget approved"]
    IndexChange.objects.all().delete()
    # WHEN the editor splits it out from the changelist
    response = run_action(editor_client, "article", "split_copies", [post.pk])
    assert "Split 1 article(s) out of their copy groups" in last_message(response)
    post.refresh_from_db()
    assert post.copy_group_id is None
    # THEN the article's history says who and why, and the index is told (an IndexChange row, applied after commit)
    latest = Article.history.filter(id=post.pk).latest("history_date")
    assert latest.copy_group_id is None and latest.history_user == editor
    assert latest.history_change_reason == "Split out of its copy group by an editor"
    assert IndexChange.objects.filter(article_id=post.pk).exists()
    assert CopyFingerprint.objects.get(article=post).detached
    # AND its page no longer lists the others, theirs no longer list it
    assert "Other versions" not in Client().get(post.get_absolute_url()).content.decode()
    courier = versions_section(Client().get(riverton["Riverton passes budget"].get_absolute_url()).content.decode())
    assert "Northern Wire" in courier and "Budget approved" not in courier


def test_join_action_merges_into_one_group_with_history(editor_client, editor, riverton):
    other = riverton["A long night at the council"]
    courier = riverton["Riverton passes budget"]
    response = run_action(editor_client, "article", "join_copies", [other.pk, courier.pk])
    assert "now holds them: 1 article(s) changed group" in last_message(response)
    other.refresh_from_db()
    courier.refresh_from_db()
    assert other.copy_group_id == courier.copy_group_id is not None
    latest = Article.history.filter(id=other.pk).latest("history_date")
    assert latest.history_change_reason.startswith("Joined to copy group") and latest.history_user == editor
    # AND the change form shows the group with links to the others
    form = editor_client.get(f"/admin/archive/article/{other.pk}/change/").content.decode()
    assert "Other versions (copy group)" in form and "Riverton passes budget" in form


def test_the_article_list_finds_the_copies_by_group_and_the_split_ones(editor_client, riverton):
    """GIVEN three versions of one story grouped and one story alone WHEN an editor filters the article list by copies
    THEN "In a copy group" and a row's "Group N" link list the three, and one split out is found under its own choice
    (the list showed three near-identical rows with nothing to say they were one story's copies)."""

    def titles(query: str) -> set[str]:
        return {a.title for a in editor_client.get(f"/admin/archive/article/?{query}").context["cl"].result_list}

    versions = {"Riverton passes budget", "Council backs budget", "Budget approved"}
    assert titles("copies=grouped") == versions
    group = riverton["Budget approved"].copy_group_id
    assert titles(f"copies={group}") == versions
    page = editor_client.get("/admin/archive/article/").content.decode()
    assert f'href="/admin/archive/article/?copies={group}"' in page and f"Group {group}</a>" in page

    run_action(editor_client, "article", "split_copies", [riverton["Budget approved"].pk])
    assert titles("copies=split") == {"Budget approved"}
    assert titles(f"copies={group}") == versions - {"Budget approved"}
    assert titles("copies=nonsense") == set()


def test_the_delete_confirmation_lists_the_article_and_its_tags_not_copy_detections_rows(editor_client, riverton):
    """GIVEN an article in a copy group WHEN an editor asks to delete it, alone or from the list
    THEN the confirmation names the article and its tags, not its fingerprint and 16 "Band 0 bucket …" rows."""
    article = riverton["Budget approved"]
    page = editor_client.get(f"/admin/archive/article/{article.pk}/delete/").content.decode()
    assert "Budget approved" in page and "Summary" in page
    assert "Copy bucket" not in page and "Copy fingerprint" not in page and "Band 0 bucket" not in page
    listed = run_action(editor_client, "article", "delete_selected", [article.pk]).content.decode()
    assert "Are you sure" in listed and "Copy bucket" not in listed and "Band 0" not in listed
    # AND deleting still takes them with it
    editor_client.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not CopyFingerprint.objects.filter(article_id=article.pk).exists()


def test_join_of_one_ungrouped_article_explains_itself(editor_client, riverton):
    response = run_action(editor_client, "article", "join_copies", [riverton["A long night at the council"].pk])
    assert "Select at least two articles" in last_message(response)
    response = run_action(editor_client, "article", "split_copies", [riverton["A long night at the council"].pk])
    assert "None of the selected articles is in a copy group" in last_message(response)

"""No lost edits: a save from a form opened before someone else's save is refused, shown, and nothing typed is lost."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from archive.editors import ensure_editors_group
from archive.models import Article, ArticleOrganisation, Organisation, TagOrigin
from tests.admin.helpers import CONSULTATIONS, RUSSIA_TIES, add_inline_row, form_data, run_action

pytestmark = pytest.mark.django_db

ORGANISATIONS = "organisation_tags"


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


@pytest.fixture
def second_editor(db) -> Client:
    user = get_user_model().objects.create_user("second", "second@example.org", "another-password", is_staff=True)
    user.groups.add(ensure_editors_group())
    client = Client()
    client.force_login(user)
    return client


def errors_of(response) -> str:
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def title_then_stale_author(editor_client, second_editor, article, committed, title: str):
    """Two editors open the consultations story; the first saves `title`, then the second sets the author from
    the form opened before. The article, the first editor's form data and the second's response."""
    consultations = article(CONSULTATIONS)
    first = form_data(editor_client.get(change_url(consultations.pk)))
    second = form_data(second_editor.get(change_url(consultations.pk)))
    first["title"] = title
    with committed():
        assert editor_client.post(change_url(consultations.pk), first).status_code == 302
    second["author"] = "Staff Reporter"
    with committed():
        response = second_editor.post(change_url(consultations.pk), second)
    return consultations, first, response


def test_a_stale_save_is_refused_with_what_changed_and_keeps_what_the_editor_typed(
    editor_client, second_editor, seeded, article, committed
):
    # GIVEN two editors open the same article
    # WHEN the first saves a new title, then the second saves a new author from the form opened before
    consultations, first, response = title_then_stale_author(
        editor_client, second_editor, article, committed, "Pakistan and Russia hold <b>talks</b> on Samarkand"
    )
    # THEN the second save is refused: the first editor's title stays, nothing of the second is stored
    assert response.status_code == 200
    stored = Article.objects.get(pk=consultations.pk)
    assert stored.title == first["title"] and stored.author == ""
    # ... the message names who changed what, and the new value (escaped like everything else)
    message = errors_of(response)
    assert "editor" in message and "Title" in message and "talks" in message and "not saved" in message
    page = response.content.decode()
    assert "&lt;b&gt;talks&lt;/b&gt;" in page and "<b>talks</b>" not in page
    # ... and the form shows what the second editor typed
    form = response.context["adminform"].form
    assert form["author"].value() == "Staff Reporter"

    # WHEN the second editor, having seen that, saves the redisplayed form again
    again = form_data(response)
    again["title"] = stored.title  # keeps the first editor's title this time
    with committed():
        response = second_editor.post(change_url(consultations.pk), again)
    # THEN it is saved: both changes are in
    assert response.status_code == 302
    stored = Article.objects.get(pk=consultations.pk)
    assert stored.title == first["title"] and stored.author == "Staff Reporter"


def test_a_refused_form_shows_their_value_where_the_editor_changed_nothing(
    editor_client, second_editor, seeded, article, committed
):
    """GIVEN two editors on one article WHEN the first corrects the title and the second, from the form opened
    before, sets the author THEN the refused form shows the first one's title (the second had not touched it), and
    saving it again keeps both (it put the old title back, unless the editor retyped the new one)."""
    consultations, first, response = title_then_stale_author(
        editor_client, second_editor, article, committed, "Pakistan and Russia hold talks on Samarkand"
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["title"].value() == first["title"] and form["author"].value() == "Staff Reporter"
    assert "The form now shows their title and title generated, which you had not changed." in errors_of(response)
    with committed():
        assert second_editor.post(change_url(consultations.pk), form_data(response)).status_code == 302
    stored = Article.objects.get(pk=consultations.pk)
    assert (stored.title, stored.author) == (first["title"], "Staff Reporter")


def test_a_bulk_action_after_opening_makes_the_form_stale(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    # GIVEN an editor opens an article, then it is unpublished from the list
    data = form_data(editor_client.get(change_url(russia.pk)))
    assert data["is_published"] == "on"
    with committed():
        run_action(editor_client, "article", "unpublish", [russia.pk])
    # WHEN the form opened before is saved
    data["author"] = "Staff Reporter"
    with committed():
        response = editor_client.post(change_url(russia.pk), data)
    # THEN it does not silently publish the article again
    assert response.status_code == 200
    assert "Is published" in errors_of(response)
    assert not Article.objects.get(pk=russia.pk).is_published


@pytest.mark.parametrize("action", ["remove", "add"])
def test_a_bulk_tag_change_after_opening_makes_the_form_stale(
    editor_client, second_editor, seeded, article, committed, action
):
    from archive.curation import add_tag, remove_tag
    from archive.models import ArticleCountry, Country

    russia = article(RUSSIA_TIES)
    us = Country.objects.get(code="US")
    # GIVEN an editor opens an article, then another takes a country off it (or puts one on) from the list
    data = form_data(editor_client.get(change_url(russia.pk)))
    with committed():
        if action == "remove":
            assert remove_tag(Article.objects.filter(pk=russia.pk), us).changing == [russia.pk]
        else:
            add_tag(Article.objects.filter(pk=russia.pk), Country.objects.get(code="JP"))
    # WHEN the form opened before is saved with another field changed
    data["author"] = "Staff Reporter"
    with committed():
        response = editor_client.post(change_url(russia.pk), data)
    # THEN it is refused, saying what happened to the tags, and the other editor's change stands
    assert response.status_code == 200, response.content[:300]
    assert "not saved" in errors_of(response) and "Tags:" in errors_of(response)
    if action == "remove":
        assert not ArticleCountry.objects.active().filter(article=russia, country=us).exists()
    else:
        assert ArticleCountry.objects.active().filter(article=russia, country__code="JP").exists()
    assert Article.objects.get(pk=russia.pk).author == ""


def test_a_form_saved_in_turn_is_not_stale(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    for author in ("First Reporter", "Second Reporter"):
        data = form_data(editor_client.get(change_url(russia.pk)))
        data["author"] = author
        with committed():
            assert editor_client.post(change_url(russia.pk), data).status_code == 302
    assert Article.objects.get(pk=russia.pk).author == "Second Reporter"


def test_two_stale_forms_adding_the_same_organisation_tag_end_with_one_tag_not_a_500(
    editor_client, second_editor, seeded, article, committed
):
    russia = article(RUSSIA_TIES)
    sco = Organisation.objects.get(slug="sco")
    # GIVEN two editors open the same article and both add the SCO tag; the second also edits the author
    first = form_data(editor_client.get(change_url(russia.pk)))
    second = form_data(second_editor.get(change_url(russia.pk)))
    for data in (first, second):
        add_inline_row(data, ORGANISATIONS, organisation=sco.pk, article=russia.pk)
    second["author"] = "Staff Reporter"
    with committed():
        assert editor_client.post(change_url(russia.pk), first).status_code == 302
    # WHEN the second saves (refused as stale), then saves the redisplayed form
    with committed():
        refused = second_editor.post(change_url(russia.pk), second)
    assert refused.status_code == 200 and "SCO" in errors_of(refused)
    with committed():
        response = second_editor.post(change_url(russia.pk), form_data(refused))
    # THEN the duplicate tag is merged into the one there, and the second editor's other changes are saved
    assert response.status_code == 302
    tag = ArticleOrganisation.objects.get(article=russia, organisation=sco)
    assert tag.origin == TagOrigin.EDITOR and not tag.rejected
    assert Article.objects.get(pk=russia.pk).author == "Staff Reporter"


def test_a_tag_added_meanwhile_by_another_path_is_merged_with_the_editors(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    sco = Organisation.objects.get(slug="sco")
    # GIVEN an editor opens an article, and extraction tags it SCO meanwhile (tags do not change the article)
    data = form_data(editor_client.get(change_url(russia.pk)))
    ArticleOrganisation.objects.create(article=russia, organisation=sco, origin=TagOrigin.EXTRACTED, mentions=2)
    # WHEN the editor adds SCO too
    add_inline_row(data, ORGANISATIONS, organisation=sco.pk, article=russia.pk)
    with committed():
        response = editor_client.post(change_url(russia.pk), data)
    # THEN one tag, now the editor's decision, with the mentions kept
    assert response.status_code == 302
    tag = ArticleOrganisation.objects.get(article=russia, organisation=sco)
    assert tag.origin == TagOrigin.EDITOR and tag.mentions == 2 and not tag.rejected


def test_a_form_without_a_known_version_is_refused_once_then_saves(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    # GIVEN a form whose version is missing (opened before this check existed) or unknown
    data = form_data(editor_client.get(change_url(russia.pk)))
    data["version"] = "not-a-version"
    data["author"] = "Staff Reporter"
    # WHEN it is saved THEN it is refused, without details it cannot know
    refused = editor_client.post(change_url(russia.pk), data)
    assert refused.status_code == 200 and "after you opened it" in errors_of(refused)
    assert Article.objects.get(pk=russia.pk).author == ""
    # AND the redisplayed form saves
    with committed():
        assert editor_client.post(change_url(russia.pk), form_data(refused)).status_code == 302
    assert Article.objects.get(pk=russia.pk).author == "Staff Reporter"

"""A deleted article is found on the admin's list of deleted articles and restored from its history, tags and all."""

from __future__ import annotations

import pytest

from archive import curation
from archive.importers import import_paths
from archive.models import Article, ArticleCountry, ArticleOrganisation, CopyGroup, Country, Organisation, TagOrigin
from tests.admin.helpers import ARMY_CHIEF, RUSSIA_TIES, form_data, found, last_message
from tests.copies import stories

pytestmark = pytest.mark.django_db


def delete(client, committed, article: Article) -> None:
    with committed():
        response = client.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()


def restore(client, committed, article_id: int):
    """Revert the deleted article's last version (the one its deletion recorded), as its history page offers."""
    version = Article.history.filter(id=article_id).latest("history_date")
    url = f"/admin/archive/article/{article_id}/history/{version.history_id}/"
    page = client.get(url)
    assert page.status_code == 200, url
    with committed():
        return client.post(url, form_data(page))


@pytest.fixture
def copy_pair(tmp_path, django_capture_on_commit_callbacks) -> dict[str, Article]:
    """GIVEN two outlets' versions of one story, grouped as copies at import."""
    path = stories.write_jsonl(
        tmp_path / "pair.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])
    articles = {a.title: a for a in Article.objects.all()}
    assert len({a.copy_group_id for a in articles.values()} - {None}) == 1
    return articles


def test_a_deleted_copy_comes_back_and_is_grouped_again_as_an_import_would(
    editor_client, copy_pair, committed, settings
):
    wire, courier = copy_pair["Council backs budget"], copy_pair["Riverton passes budget"]
    # GIVEN one article of the pair deleted in the admin (which dissolves the group)
    delete(editor_client, committed, wire)
    assert CopyGroup.objects.count() == 0
    # WHEN an editor reverts its last version from its history
    response = restore(editor_client, committed, wire.pk)
    # THEN it is back (no server error on the group that no longer exists), and copy detection groups it with
    # its copy again, as an import of its body would
    assert response.status_code == 302
    wire.refresh_from_db()
    courier.refresh_from_db()
    assert wire.copy_group_id is not None and wire.copy_group_id == courier.copy_group_id
    assert last_message(response) == "Restored “Council backs budget”. Grouped again with 1 copy of its story."
    restored = wire.history.filter(history_type="+").latest("history_date")
    assert restored.history_change_reason == "Restored from its history"


def test_with_detection_off_a_restored_copy_comes_back_outside_any_group(editor_client, copy_pair, committed, settings):
    # GIVEN copy detection off, and one article of a pair deleted
    settings.ARCHIVE_COPY_DETECTION = False
    wire = copy_pair["Council backs budget"]
    delete(editor_client, committed, wire)
    # WHEN it is restored from its history
    response = restore(editor_client, committed, wire.pk)
    # THEN it is back in no group (group_copies finds it later: it has no fingerprint)
    assert response.status_code == 302
    wire.refresh_from_db()
    assert wire.copy_group_id is None
    assert wire.pk in found()  # AND search has it again


def tag_states(article_id: int) -> set[tuple]:
    countries = ArticleCountry.objects.filter(article_id=article_id).values_list("country__code", "origin", "rejected")
    orgs = ArticleOrganisation.objects.filter(article_id=article_id).values_list(
        "organisation__slug", "origin", "rejected"
    )
    return {*countries, *orgs}


def test_a_restored_article_gets_back_the_tags_its_deletion_took_as_they_were(
    editor_client, seeded, article, committed
):
    # GIVEN an article with extracted tags, one of them rejected by an editor, a tag an editor added, and a tag an
    # editor added and deleted again
    russia = article(RUSSIA_TIES)
    us, sco, asean = (
        Country.objects.get(code="US"),
        Organisation.objects.get(slug="sco"),
        Organisation.objects.create(name="Association of Southeast Asian Nations", acronym="ASEAN", slug="asean-test"),
    )
    with committed():
        curation.delete_tags(ArticleCountry.objects.filter(article=russia, country=us))  # rejected: extracted
        ArticleOrganisation.objects.create(article=russia, organisation=sco, origin=TagOrigin.EDITOR)
        gone = ArticleOrganisation.objects.create(article=russia, organisation=asean, origin=TagOrigin.EDITOR)
        curation.delete_tags([gone])  # an editor's own tag: deleted
    before = tag_states(russia.pk)
    assert ("US", TagOrigin.EXTRACTED, True) in before and ("sco", TagOrigin.EDITOR, False) in before
    assert not any(slug == "asean-test" for slug, _, _ in before)
    # WHEN the article is deleted in the admin
    delete(editor_client, committed, russia)
    assert found(countries=("PK",)).count(russia.pk) == 0
    # THEN the list of deleted articles names it, with a link restoring it
    listing = editor_client.get("/admin/archive/article/deleted/")
    assert listing.status_code == 200
    [row] = [version for version in listing.context["page_obj"] if version.id == russia.pk]
    assert row.title == russia.title and row.history_user.username == "editor"
    assert f'href="{row.restore_url}"' in listing.content.decode()
    # WHEN an editor restores it from there
    response = restore(editor_client, committed, russia.pk)
    # THEN it has the tags it had when it was deleted, origin and rejection as they were, the deleted one still gone,
    # and search has it with them
    assert response.status_code == 302
    assert tag_states(russia.pk) == before
    assert last_message(response).startswith(f"Restored “{russia.title}”. {len(before)} tags restored")
    assert russia.pk in found(countries=("PK",)) and russia.pk in found(organisations=("sco",))
    assert russia.pk not in found(countries=("US",))
    # AND it has left the list of deleted articles
    listing = editor_client.get("/admin/archive/article/deleted/")
    assert russia.pk not in [version.id for version in listing.context["page_obj"]]


def test_the_deleted_list_is_linked_from_the_article_list_and_searchable_by_title(
    editor_client, seeded, article, committed
):
    army = article(ARMY_CHIEF)
    delete(editor_client, committed, army)
    # GIVEN a deleted article WHEN an editor opens the article list THEN it links the deleted articles
    assert 'href="/admin/archive/article/deleted/"' in editor_client.get("/admin/archive/article/").content.decode()
    # AND searching them by a word of the title finds it, another word nothing
    word = army.title.split()[-1]
    assert [v.id for v in editor_client.get("/admin/archive/article/deleted/", {"q": word}).context["page_obj"]] == [
        army.pk
    ]
    page = editor_client.get("/admin/archive/article/deleted/", {"q": "zzzz-not-a-title"})
    assert list(page.context["page_obj"]) == [] and "No deleted article" in page.content.decode()


def test_tags_come_back_after_delete_selected_too(editor_client, seeded, article, committed):
    # GIVEN an article deleted with the list's "Delete selected" (a queryset's delete, not the article's)
    army = article(ARMY_CHIEF)
    before = tag_states(army.pk)
    with committed():
        editor_client.post(
            "/admin/archive/article/",
            {"action": "delete_selected", "_selected_action": [str(army.pk)], "post": "yes"},
        )
    assert not Article.objects.filter(pk=army.pk).exists()
    # WHEN it is restored THEN its tags are back
    restore(editor_client, committed, army.pk)
    assert before and tag_states(army.pk) == before


def test_a_tag_on_an_organisation_merged_since_comes_back_on_the_one_kept(editor_client, seeded, article, committed):
    # GIVEN an article an editor tagged with the EMS, deleted, then the EMS merged into the EMCF
    army = article(ARMY_CHIEF)
    ems, emcf = Organisation.objects.get(slug="ems"), Organisation.objects.get(slug="emcf")
    with committed():
        ArticleOrganisation.objects.create(article=army, organisation=ems, origin=TagOrigin.EDITOR, mentions=2)
    delete(editor_client, committed, army)
    with committed():
        curation.merge_organisations(keep=emcf, merge=[ems])
    # WHEN it is restored
    response = restore(editor_client, committed, army.pk)
    # THEN the tag is back on the organisation kept, as it was, and the message says where it went
    tag = ArticleOrganisation.objects.get(article=army, organisation=emcf)
    assert (tag.origin, tag.mentions, tag.rejected) == (TagOrigin.EDITOR, 2, False)
    message = last_message(response)
    assert "European Monetary System → European Monetary Cooperation Fund (EMCF)" in message
    assert "Not restored" not in message
    assert army.pk in found(organisations=("emcf",))


def test_the_tag_the_article_had_on_the_one_kept_wins_over_the_merged_ones(editor_client, seeded, article, committed):
    # GIVEN an article tagged with both the EMS (rejected) and the EMCF, deleted, then the EMS merged into the EMCF
    army = article(ARMY_CHIEF)
    ems, emcf = Organisation.objects.get(slug="ems"), Organisation.objects.get(slug="emcf")
    with committed():
        ArticleOrganisation.objects.create(article=army, organisation=ems, origin=TagOrigin.EDITOR, rejected=True)
        ArticleOrganisation.objects.create(article=army, organisation=emcf, origin=TagOrigin.EDITOR, mentions=3)
    delete(editor_client, committed, army)
    with committed():
        curation.merge_organisations(keep=emcf, merge=[ems])
    # WHEN it is restored
    restore(editor_client, committed, army.pk)
    # THEN it has one tag for the EMCF: its own
    [tag] = ArticleOrganisation.objects.filter(article=army, organisation=emcf)
    assert (tag.mentions, tag.rejected) == (3, False)


def test_a_tag_whose_organisation_is_gone_is_named_by_its_last_name(editor_client, seeded, article, committed):
    # GIVEN an article tagged with an organisation, deleted, then the organisation deleted too
    army = article(ARMY_CHIEF)
    ems = Organisation.objects.get(slug="ems")
    with committed():
        ArticleOrganisation.objects.create(article=army, organisation=ems, origin=TagOrigin.EDITOR)
    delete(editor_client, committed, army)
    with committed():
        ems.delete()
    # WHEN it is restored
    response = restore(editor_client, committed, army.pk)
    # THEN the message names the organisation as it was called, not by its number
    assert "Not restored, their entry deleted or merged since: European Monetary System." in last_message(response)
    assert not ArticleOrganisation.objects.filter(article=army, organisation_id=ems.pk).exists()


def test_the_restore_form_says_the_tags_come_back_with_the_article(editor_client, seeded, article, committed):
    """GIVEN a deleted article WHEN an editor opens the version its deletion recorded
    THEN the form says the article comes back with its tags, not a revert's "its tags … stay as they are now"."""
    russia = article(RUSSIA_TIES)
    delete(editor_client, committed, russia)
    version = Article.history.filter(id=russia.pk).latest("history_date")
    page = editor_client.get(f"/admin/archive/article/{russia.pk}/history/{version.history_id}/").content.decode()
    assert "restoring brings it back as this version, with the tags its deletion took" in page
    assert "stay as they are now" not in page

"""Every change records who, when and what; versions are viewable per object and reverting reaches search."""

import pytest
from django.utils.formats import date_format
from django.utils.timezone import localtime

from archive import curation
from archive.curation import BASELINE_REASON, TAGS_CHANGED, merge_organisations
from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation
from tests.admin.helpers import (
    ARMY_CHIEF,
    CONSULTATIONS,
    RUSSIA_TIES,
    add_inline_row,
    form_data,
    found,
    run_action,
    tag_field,
)

pytestmark = pytest.mark.django_db


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


def revert(client, committed, url: str):
    """Open a version's revert form and submit it as shown."""
    page = client.get(url)
    assert page.status_code == 200, url
    with committed():
        return client.post(url, form_data(page))


def test_an_article_edit_is_recorded_and_reverting_it_reaches_search(editor_client, editor, seeded, article, committed):
    consultations = article(CONSULTATIONS)
    original_title = consultations.title
    data = form_data(editor_client.get(change_url(consultations.pk)))
    data["title"] = "Pakistan and Russia hold talks on Samarkand"
    with committed():
        editor_client.post(change_url(consultations.pk), data)
    assert found(q="title:samarkand") == [consultations.pk]
    latest = consultations.history.latest("history_date")
    assert latest.history_user == editor and latest.title.endswith("Samarkand")
    page = editor_client.get(f"/admin/archive/article/{consultations.pk}/history/").content.decode()
    assert "editor" in page and "Samarkand" in page
    # An edit without a reason, an import without a user: a dash, not the word "None"
    assert ">None<" not in "".join(page.split()) and "<td>—</td>" in "".join(page.split())

    before = consultations.history.filter(title=original_title).latest("history_date")
    response = revert(
        editor_client, committed, f"/admin/archive/article/{consultations.pk}/history/{before.history_id}/"
    )
    assert response.status_code == 302
    consultations.refresh_from_db()
    assert consultations.title == original_title
    assert found(q="title:samarkand") == []
    assert found(q="title:consultations") == [consultations.pk]
    assert consultations.history.latest("history_date").history_user == editor


def test_a_revert_names_the_version_it_restored_and_its_form_says_the_tags_stay(
    editor_client, editor, seeded, article, committed
):
    """GIVEN an article whose title an editor changed WHEN they revert to the version before
    THEN the revert form says the tags are not reverted, and the new version's reason and the message name the
    version restored (the reason was blank and the message "changed successfully", like any edit)."""
    consultations = article(CONSULTATIONS)
    data = form_data(editor_client.get(change_url(consultations.pk)))
    data["title"] = "Pakistan and Russia hold talks on Samarkand"
    with committed():
        editor_client.post(change_url(consultations.pk), data)
    before = consultations.history.order_by("history_date").first()
    url = f"/admin/archive/article/{consultations.pk}/history/{before.history_id}/"
    form = editor_client.get(url).content.decode()
    assert "Its tags are not part of a version and stay as they are now" in form
    assert "Historical articles" not in form and '<a href="/admin/archive/article/">Articles</a>' in form

    response = revert(editor_client, committed, url)
    when = date_format(localtime(before.history_date), "DATETIME_FORMAT")
    # (found by its reason: a historical model's pk is its history_id, and the version was looked up by pk=the
    # article's id, which matched only where the two ids happened to be equal, as on SQLite here, not PostgreSQL)
    reverted = consultations.history.filter(history_change_reason=f"Reverted to the version of {when}")
    assert [version.history_user for version in reverted] == [editor]
    shown = [str(m) for m in editor_client.get(response["Location"]).context["messages"]]
    assert shown == [f"Reverted “{consultations.title}” to its version of {when}"]  # not also "changed successfully"


def test_reverting_an_unpublish_brings_the_article_back(editor_client, seeded, article, committed):
    army = article(ARMY_CHIEF)
    published_version = army.history.latest("history_date")
    with committed():
        run_action(editor_client, "article", "unpublish", [army.pk])
    assert army.pk not in found()
    revert(editor_client, committed, f"/admin/archive/article/{army.pk}/history/{published_version.history_id}/")
    assert army.pk in found()


def reject_us_tag(editor_client, article, committed) -> tuple[Article, Country]:
    """An editor rejects the extracted United States tag of the Russia story, in the article's form."""
    russia = article(RUSSIA_TIES)
    us = Country.objects.get(code="US")
    data = form_data(editor_client.get(change_url(russia.pk)))
    data[tag_field(data, us, "rejected")] = "on"
    with committed():
        editor_client.post(change_url(russia.pk), data)
    return russia, us


def test_a_tag_rejection_is_recorded_listed_on_the_article_and_revertible(
    editor_client, editor, seeded, article, committed
):
    russia, us = reject_us_tag(editor_client, article, committed)
    tag = ArticleCountry.objects.get(article=russia, country=us)
    versions = list(tag.history.order_by("history_date"))
    # The extracted tag had no history (bulk_create): its state before the change was recorded first.
    assert [(v.rejected, v.history_user, v.history_change_reason) for v in versions] == [
        (False, None, BASELINE_REASON),
        (True, editor, None),
    ]
    page = editor_client.get(f"/admin/archive/article/{russia.pk}/history/")
    rows = page.context["tag_history"]
    assert rows[0]["label"] == "United States" and "rejected" in rows[0]["state"] and rows[0]["user"] == editor
    assert "Tag changes" in page.content.decode()
    assert russia.pk not in found(countries=("US",))

    response = revert(editor_client, committed, rows[1]["revert_url"])  # back to before the rejection
    # THEN the editor is back on the article's history, where the tag changes are listed (not on the tag list,
    # which the admin does not show)
    assert response.status_code == 302 and response["Location"] == f"/admin/archive/article/{russia.pk}/history/"
    tag.refresh_from_db()
    assert not tag.rejected
    assert russia.pk in found(countries=("US",))


def test_an_imported_tags_first_recorded_state_is_not_listed_as_added_at_the_editors_change(
    editor_client, seeded, article, committed
):
    """GIVEN an extracted tag stored without history (bulk) WHEN an editor rejects it
    THEN its tag changes list its state before as such, not as "Added" by nobody at the moment of the rejection."""
    russia, _ = reject_us_tag(editor_client, article, committed)
    rows = editor_client.get(f"/admin/archive/article/{russia.pk}/history/").context["tag_history"]
    assert [(row["label"], row["change"]) for row in rows] == [
        ("United States", "Changed"),
        ("United States", "As it was before (first recorded)"),
    ]


def test_a_deleted_editor_tag_can_be_restored_from_history(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    sco = Organisation.objects.get(slug="sco")
    with committed():
        tag = ArticleOrganisation.objects.create(article=russia, organisation=sco, origin="editor")
    data = form_data(editor_client.get(change_url(russia.pk)))
    data[tag_field(data, sco, "DELETE")] = "on"
    with committed():
        editor_client.post(change_url(russia.pk), data)
    assert russia.pk not in found(organisations=("sco",))
    created = tag.history.get(history_type="+")
    revert(editor_client, committed, f"/admin/archive/articleorganisation/{tag.pk}/history/{created.history_id}/")
    assert ArticleOrganisation.objects.filter(article=russia, organisation=sco, origin="editor").exists()
    assert found(organisations=("sco",)) == [russia.pk]


def test_reverting_a_tag_of_a_merged_organisation_is_refused_cleanly(editor_client, seeded, article, committed):
    russia = article(RUSSIA_TIES)
    sco, dup = Organisation.objects.get(slug="sco"), Organisation.objects.create(name="SCO again", slug="sco-again")
    tag = ArticleOrganisation.objects.create(article=russia, organisation=dup, origin="editor")
    version = tag.history.get(history_type="+")
    merge_organisations(keep=sco, merge=[dup])
    # The tag moved to SCO; its old version names the deleted organisation.
    response = revert(
        editor_client, committed, f"/admin/archive/articleorganisation/{tag.pk}/history/{version.history_id}/"
    )
    assert response.status_code == 200 and "deleted or merged" in response.content.decode()
    assert ArticleOrganisation.objects.get(pk=tag.pk).organisation == sco
    assert editor_client.get(f"/admin/archive/articleorganisation/{tag.pk}/history/").status_code == 200

    # A tag deleted along with its organisation still has a history page.
    gone = ArticleOrganisation.objects.create(article=russia, organisation=dup_again(), origin="editor")
    gone.organisation.delete()
    page = editor_client.get(f"/admin/archive/articleorganisation/{gone.pk}/history/")
    assert page.status_code == 200 and "deleted or merged" in page.content.decode()


def dup_again() -> Organisation:
    return Organisation.objects.create(name="Short-lived", slug="short-lived")


def test_merged_organisations_keep_a_viewable_history_and_the_kept_one_its_aliases_change(
    editor_client, editor, seeded, committed
):
    un = Organisation.objects.get(slug="un")
    dup = Organisation.objects.create(name="UNO", slug="uno")
    with committed():
        run_action(editor_client, "organisation", "merge", [un.pk, dup.pk], keep=str(un.pk), confirm_merge="yes")
    assert editor_client.get(f"/admin/archive/organisation/{dup.pk}/history/").status_code == 200
    assert Organisation.history.filter(id=dup.pk, history_type="-").get().history_user == editor
    versions = list(un.history.order_by("history_date"))
    assert versions[0].history_change_reason == BASELINE_REASON  # loaded by a migration: no history until now
    assert "UNO" not in versions[0].aliases and "UNO" in versions[-1].aliases
    assert versions[-1].history_user == editor


def test_a_merge_says_so_in_the_history_of_both_organisations(editor_client, seeded, committed):
    """GIVEN the UN and a duplicate WHEN an editor merges the duplicate into it
    THEN the kept one's version says what was merged into it and the merged one's deletion where it went (both
    reasons were blank: the UN's history showed its aliases changing for no stated reason)."""
    un = Organisation.objects.get(slug="un")
    dup = Organisation.objects.create(name="UNO", slug="uno")
    with committed():
        run_action(editor_client, "organisation", "merge", [un.pk, dup.pk], keep=str(un.pk), confirm_merge="yes")
    assert un.history.latest("history_date").history_change_reason == "Merged UNO into it"
    deleted = Organisation.history.filter(id=dup.pk, history_type="-").get()
    assert deleted.history_change_reason == f"Merged into {un}"


def test_bulk_actions_record_the_state_before_them(editor_client, seeded, committed):
    ids = list(Article.objects.values_list("pk", flat=True))
    with committed():
        run_action(editor_client, "article", "unpublish", ids)
    for pk in ids:
        states = list(Article.history.filter(id=pk).order_by("history_date").values_list("is_published", flat=True))
        assert states[0] is True and states[-1] is False


def ancestor_ids(html: str, element_id: str) -> list[str]:
    """The ids of the elements enclosing the element with `element_id`, outermost first."""
    from django.test.html import Element, parse_html

    def walk(node, trail):
        if not isinstance(node, Element):
            return None
        if dict(node.attributes).get("id") == element_id:
            return trail
        own = dict(node.attributes).get("id")
        for child in node.children:
            found = walk(child, [*trail, own] if own else trail)
            if found is not None:
                return found
        return None

    return walk(parse_html(html), []) or []


def test_the_tag_changes_sit_in_the_page_s_main_column_not_under_it(editor_client, seeded, article, committed):
    # GIVEN an article with a tag change WHEN its history is opened
    russia = article(RUSSIA_TIES)
    with committed():
        curation.delete_tags(ArticleCountry.objects.filter(article=russia, country__code="US"))
    page = editor_client.get(f"/admin/archive/article/{russia.pk}/history/").content.decode()
    # THEN the tag list is inside the floated main column with the versions: beside it, its heading's blue band
    # slid under the column, behind "Choose a date…" (2.53:1 contrast) and as an empty band above "Tag changes"
    assert "content-main" in ancestor_ids(page, "tag-history")
    assert page.count('id="content-main"') == 1


def test_changed_by_links_to_the_account_only_for_who_may_change_accounts(
    editor_client, editor, seeded, article, committed, admin_client
):
    # GIVEN a version saved by an editor
    army = article(ARMY_CHIEF)
    data = form_data(editor_client.get(change_url(army.pk)))
    with committed():
        editor_client.post(change_url(army.pk), {**data, "title": "Army chief meets US lawmakers"})
    account = f'href="/admin/auth/user/{editor.pk}/change/"'
    # WHEN an editor opens the history THEN their name is plain text (the account page is a 403 to them)
    assert account not in editor_client.get(f"/admin/archive/article/{army.pk}/history/").content.decode()
    # AND a superuser's history page links it
    assert account in admin_client.get(f"/admin/archive/article/{army.pk}/history/").content.decode()


def test_a_version_made_by_a_tag_change_says_so(editor_client, seeded, article, committed):
    russia, army = article(RUSSIA_TIES), article(ARMY_CHIEF)
    sco = Organisation.objects.get(slug="sco")
    # GIVEN a tag added on the article's form (nothing else changed), and a tag added to another by the bulk action
    data = form_data(editor_client.get(change_url(russia.pk)))
    add_inline_row(data, "organisation_tags", organisation=sco.pk)
    with committed():
        editor_client.post(change_url(russia.pk), data)
        run_action(editor_client, "article", "add_tag", [army.pk], target="org:sco", confirm="yes")
    # WHEN their histories are opened THEN those versions say their tags changed (their Changes column is empty)
    for pk in (russia.pk, army.pk):
        latest = Article.history.filter(id=pk).latest("history_date")
        assert latest.history_change_reason == TAGS_CHANGED, pk
        assert "Its tags changed" in editor_client.get(f"/admin/archive/article/{pk}/history/").content.decode()

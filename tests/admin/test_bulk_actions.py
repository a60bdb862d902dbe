"""Bulk actions on selected articles (add a tag, remove a tag, set the source): a page names what will change,
nothing changes until the editor confirms, and then history, search and editors' decisions follow; a bulk tag
change's message offers its undo, which puts back only what it changed, and never over a later change."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from archive.models import Article, ArticleCountry, ArticleOrganisation, Organisation, Source, TagOrigin
from tests.admin.helpers import ARMY_CHIEF, CANADA_TRADE, CONSULTATIONS, RUSSIA_TIES, found, last_message, run_action

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def ids_of(article, *refs) -> list[int]:
    return [article(ref).pk for ref in refs]


def test_add_tag_previews_then_tags_only_articles_without_it(editor_client, editor, seeded, article, committed):
    # GIVEN three articles, one of which (Canada trade) already has the IMF
    ids = ids_of(article, RUSSIA_TIES, ARMY_CHIEF, CANADA_TRADE)
    assert article(RUSSIA_TIES).pk not in found(organisations=("imf",))
    # WHEN the editor chooses "Add a tag…" THEN a page asks which tag, and nothing has changed
    page = run_action(editor_client, "article", "add_tag", ids)
    assert page.status_code == 200 and "Review the changes" in page.content.decode()
    # WHEN they choose the IMF THEN the preview names the two articles that change and the one that stays
    preview = run_action(editor_client, "article", "add_tag", ids, target="org:imf").content.decode()
    assert "2 of the 3 selected articles will change; 1 stays as it is." in preview
    assert article(RUSSIA_TIES).title in preview and article(CANADA_TRADE).title not in preview
    assert not ArticleOrganisation.objects.filter(article_id=article(RUSSIA_TIES).pk, organisation__slug="imf").exists()
    # WHEN they confirm THEN both are tagged by the editor, with history, and search follows at once
    with committed():
        done = run_action(editor_client, "article", "add_tag", ids, target="org:imf", confirm="yes")
    assert done.status_code == 302
    assert last_message(done) == "Tagged “International Monetary Fund (IMF)” on 2 article(s); 1 already had it."
    tag = ArticleOrganisation.objects.get(article_id=article(RUSSIA_TIES).pk, organisation__slug="imf")
    assert tag.origin == TagOrigin.EDITOR and not tag.rejected
    assert tag.history.first().history_user == editor
    assert set(ids) <= set(found(organisations=("imf",)))


def test_add_tag_brings_back_a_rejected_tag_as_the_editors(editor_client, seeded, article, committed):
    # GIVEN an extracted tag an editor rejected
    tag = ArticleCountry.objects.get(article_id=article(RUSSIA_TIES).pk, country__code="US")
    tag.rejected = True
    tag.save()
    # WHEN the editor adds the country to that article in bulk THEN the same row is active again, as the editor's
    with committed():
        run_action(editor_client, "article", "add_tag", [tag.article_id], target="country:US", confirm="yes")
    tag.refresh_from_db()
    assert not tag.rejected and tag.origin == TagOrigin.EDITOR
    assert ArticleCountry.objects.filter(article_id=tag.article_id, country__code="US").count() == 1


def test_remove_tag_rejects_extracted_tags_and_deletes_editors(editor_client, editor, seeded, article, committed):
    # GIVEN two Pakistan articles: one tagged by extraction, one whose tag an editor added
    extracted = ArticleCountry.objects.get(article_id=article(ARMY_CHIEF).pk, country__code="PK")
    by_editor = ArticleCountry.objects.get(article_id=article(CONSULTATIONS).pk, country__code="PK")
    by_editor.origin = TagOrigin.EDITOR
    by_editor.save()
    ids = [extracted.article_id, by_editor.article_id]
    # WHEN the editor opens "Remove a tag…" THEN only the selection's tags are offered, with counts
    choose = run_action(editor_client, "article", "remove_tag", ids).content.decode()
    assert "Pakistan (2)" in choose and "Canada" not in choose
    preview = run_action(editor_client, "article", "remove_tag", ids, target="country:PK").content.decode()
    assert "1 of these tags were found by extraction or given by a file: they are rejected" in preview
    # WHEN they confirm THEN the extracted tag is rejected (kept), the editor's is gone, and search follows
    with committed():
        done = run_action(editor_client, "article", "remove_tag", ids, target="country:PK", confirm="yes")
    assert last_message(done) == "Removed “Pakistan” from 2 article(s); 1 extracted or imported tag(s) rejected."
    extracted.refresh_from_db()
    assert extracted.rejected
    assert not ArticleCountry.objects.filter(pk=by_editor.pk).exists()
    assert not set(ids) & set(found(countries=("PK",)))
    # AND each tag's history ends with the editor's change: the rejection, and the deletion with the tag as it was
    rejection = extracted.history.latest("history_date")
    assert (rejection.history_type, rejection.rejected, rejection.history_user) == ("~", True, editor)
    deletion = ArticleCountry.history.filter(id=by_editor.pk).latest("history_date")
    assert (deletion.history_type, deletion.history_user, deletion.country_id) == ("-", editor, by_editor.country_id)
    assert deletion.prev_record is not None and deletion.prev_record.history_date < deletion.history_date


def test_set_source_previews_and_records_history(editor_client, editor, seeded, article, committed):
    # GIVEN a new source and two articles
    source = Source.objects.create(name="Dawn")
    ids = ids_of(article, ARMY_CHIEF, CANADA_TRADE)
    preview = run_action(editor_client, "article", "set_source", ids, source=source.pk).content.decode()
    assert "2 of the 2 selected articles will change" in preview
    assert Article.objects.filter(source=source).count() == 0  # nothing changed yet
    # WHEN the editor confirms THEN both articles have it, with a history row each, and the source facet follows
    with committed():
        done = run_action(editor_client, "article", "set_source", ids, source=source.pk, confirm="yes")
    assert last_message(done) == "Set the source of 2 article(s) to “Dawn”."
    assert set(Article.objects.filter(source=source).values_list("pk", flat=True)) == set(ids)
    assert Article.history.filter(id=ids[0], source=source, history_user=editor).exists()
    assert set(found(sources=(source.slug,))) == set(ids)


def test_an_unknown_tag_value_asks_again_and_changes_nothing(editor_client, seeded, article):
    ids = ids_of(article, ARMY_CHIEF)
    before = ArticleCountry.objects.count()
    page = run_action(editor_client, "article", "add_tag", ids, target="country:XX", confirm="yes")
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert ArticleCountry.objects.count() == before


def hidden_fields(page) -> list[tuple[str, str]]:
    """What the page's form sends back as it is: its hidden inputs, in order."""
    html = page.content.decode()
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)


def test_select_all_is_carried_to_the_confirmation_as_such_not_as_every_id(editor_client, seeded, settings, committed):
    """GIVEN "Select all" over a list (every article), and a request limit under the selection's size (Django
    refuses more than 1,000 fields a request: a selection of 3,000 was a 400 page) WHEN the editor adds a tag
    through the two pages, sending back what each page holds THEN every article is tagged."""
    # The confirmation's own fields (CSRF twice, the action, select_across, one id, the tag, confirm) and one more:
    # with the six articles' ids it would be twelve
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 8
    first = Article.objects.order_by("pk").first().pk
    page = run_action(editor_client, "article", "add_tag", [first], select_across="1")
    sent = hidden_fields(page)
    assert ("select_across", "1") in sent and len([name for name, _ in sent if name == "_selected_action"]) == 1
    assert f"{Article.objects.count()} articles selected (all that the list" in page.content.decode()
    data = [*sent, ("target", "org:imf")]
    preview = editor_client.post("/admin/archive/article/", urlencode(data), content_type=FORM)
    assert f"of the {Article.objects.count()} selected articles will change" in preview.content.decode()
    with committed():
        done = editor_client.post("/admin/archive/article/", urlencode(hidden_fields(preview)), content_type=FORM)
    assert done.status_code == 302, done.content[:300]
    assert set(found(organisations=("imf",))) == set(Article.objects.values_list("pk", flat=True))


def test_deleting_all_that_the_list_finds_is_carried_as_such_and_its_page_stays_short(
    admin_client, seeded, settings, committed
):
    """GIVEN "Select all" over the list and a request limit under the selection's size WHEN Django's "Delete
    selected" is asked for THEN its confirmation carries the selection as such (one id, not every one: a 400
    page over 1,000 articles), says how many go, and lists the first of them only; confirming deletes them all."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 6
    total = Article.objects.count()
    first = Article.objects.order_by("pk").first().pk
    page = run_action(admin_client, "article", "delete_selected", [first], select_across="1")
    sent = hidden_fields(page)
    assert ("select_across", "1") in sent and len([name for name, _ in sent if name == "_selected_action"]) == 1
    assert f"delete the {total} selected articles (all that the list" in page.content.decode()
    with committed():
        done = admin_client.post("/admin/archive/article/", urlencode(sent), content_type=FORM)
    assert done.status_code == 302, done.content[:300]
    assert not Article.objects.exists()


def test_a_change_to_more_articles_than_a_request_waits_for_is_indexed_in_the_background(
    editor_client, seeded, article, committed, settings, monkeypatch
):
    from archive.models import IndexChange
    from archive.search import apply_pending

    # GIVEN a change too big to index before answering (tens of thousands of articles; two here)
    settings.ARCHIVE_INDEX_IN_REQUEST_MAX = 1
    started = []
    monkeypatch.setattr("archive.search.writer._apply_queue_until_empty", lambda: started.append("thread"))
    ids = ids_of(article, RUSSIA_TIES, ARMY_CHIEF)
    # WHEN the editor confirms a tag on them
    with committed():
        done = run_action(editor_client, "article", "add_tag", ids, target="org:imf", confirm="yes")
    # THEN the answer comes at once (the change is committed, its index update started on a thread of its own),
    # and says when search shows it (a bulk tag over "Select all 67,518" outlasted the worker's timeout)
    assert done.status_code == 302 and started
    assert last_message(done) == (
        "Tagged “International Monetary Fund (IMF)” on 2 article(s). Search shows it once the index has taken in "
        "the 2 articles, in the background (minutes)."
    )
    assert set(IndexChange.objects.values_list("article_id", flat=True)) >= set(ids)
    # AND once the queue is applied, search follows
    apply_pending()
    assert set(ids) <= set(found(organisations=("imf",)))


# --- Undo of a bulk tag change ---------------------------------------------------------------------------------------

UNDO_URL = "/admin/archive/article/undo-bulk-change/"


def undo_form(client, done) -> dict[str, str]:
    """The Undo form the page after a bulk tag change shows in its message: its hidden fields, as a browser sends."""
    page = client.get(done["Location"]).content.decode()
    form = re.search(rf'<form method="post" action="{UNDO_URL}" class="undo-bulk-change">(.*?)</form>', page, re.S)
    assert form and ">Undo</button>" in form.group(1), page[:2000]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))


def undo(client, done):
    with_csrf = type(client)(enforce_csrf_checks=True)  # the form's own token, as a browser sends it
    with_csrf.cookies = client.cookies
    return with_csrf.post(UNDO_URL, undo_form(client, done))


def test_undo_of_an_add_takes_off_only_the_tags_it_added(editor_client, editor, seeded, article, committed):
    """GIVEN three articles: one without the IMF, one whose extracted IMF tag was rejected, one (Canada trade) with it
    from extraction, all tagged "IMF" in bulk WHEN the editor presses Undo in the change's message THEN the new tag is
    gone, the rejected one is rejected again as it was, the one that had it keeps it, with history saying why, and
    search follows."""
    fresh, rejected_id, had = ids_of(article, RUSSIA_TIES, ARMY_CHIEF, CANADA_TRADE)
    rejected = ArticleOrganisation.objects.create(
        article_id=rejected_id, organisation=Organisation.objects.get(slug="imf"), mentions=2, rejected=True
    )
    with committed():
        done = run_action(
            editor_client, "article", "add_tag", [fresh, rejected_id, had], target="org:imf", confirm="yes"
        )
    assert {fresh, rejected_id, had} <= set(found(organisations=("imf",)))
    with committed():
        undone = undo(editor_client, done)
    assert undone.status_code == 302 and undone["Location"] == "/admin/archive/article/"
    assert last_message(undone) == (
        "Undone: “International Monetary Fund (IMF)” is off the 2 article(s) the bulk change had tagged "
        "(1 rejected again, as before); the articles that had it before keep it."
    )
    assert not ArticleOrganisation.objects.filter(article_id=fresh, organisation__slug="imf").exists()
    rejected.refresh_from_db()
    assert (rejected.origin, rejected.rejected, rejected.mentions) == (TagOrigin.EXTRACTED, True, 2)
    kept = ArticleOrganisation.objects.get(article_id=had, organisation__slug="imf")
    assert (kept.origin, kept.rejected) == (TagOrigin.EXTRACTED, False)
    assert not kept.history.exists()  # untouched by the change and by its undo
    for tag_id, kind in (
        (rejected.pk, "~"),
        (ArticleOrganisation.history.get(article_id=fresh, history_type="+").id, "-"),
    ):
        last = ArticleOrganisation.history.filter(id=tag_id).latest("history_id")
        assert (last.history_type, last.history_user) == (kind, editor)
        assert last.history_change_reason.startswith("Undid the bulk change of ")
    imf = set(found(organisations=("imf",)))
    assert had in imf and not {fresh, rejected_id} & imf


def test_undo_of_a_remove_puts_each_tag_back_as_it_was(editor_client, editor, seeded, article, committed):
    """GIVEN "Pakistan" removed in bulk from an article that had it by extraction (rejected) and one an editor had
    given it (deleted) WHEN the editor undoes the change THEN both are back as they were (the deleted one with its
    id, origin and mentions), and search finds both under Pakistan again."""
    extracted = ArticleCountry.objects.get(article_id=article(ARMY_CHIEF).pk, country__code="PK")
    by_editor = ArticleCountry.objects.get(article_id=article(CONSULTATIONS).pk, country__code="PK")
    by_editor.origin = TagOrigin.EDITOR
    by_editor.save()
    ids = [extracted.article_id, by_editor.article_id]
    with committed():
        done = run_action(editor_client, "article", "remove_tag", ids, target="country:PK", confirm="yes")
    assert not set(ids) & set(found(countries=("PK",)))
    with committed():
        undone = undo(editor_client, done)
    assert last_message(undone) == "Undone: “Pakistan” is back on the 2 article(s) the bulk change took it from."
    extracted.refresh_from_db()
    assert (extracted.origin, extracted.rejected) == (TagOrigin.EXTRACTED, False)
    back = ArticleCountry.objects.get(pk=by_editor.pk)
    assert (back.article_id, back.origin, back.rejected, back.mentions) == (
        by_editor.article_id,
        TagOrigin.EDITOR,
        False,
        by_editor.mentions,
    )
    last = back.history.latest("history_id")
    assert (last.history_type, last.history_user) == ("+", editor)
    assert last.history_change_reason.startswith("Undid the bulk change of ")
    assert set(ids) <= set(found(countries=("PK",)))
    # AND the article's history lists the tag's changes with their reasons
    page = editor_client.get(f"/admin/archive/article/{back.article_id}/history/").content.decode()
    assert "Deleted: Removed in bulk (change " in page and "Added: Undid the bulk change of " in page


def test_undo_is_refused_when_a_tag_of_the_change_was_changed_since(editor_client, seeded, article, committed):
    """GIVEN the IMF added in bulk to two articles, then one of those tags rejected by someone (a later version)
    WHEN the editor presses Undo THEN it is refused, naming how many changed, and nothing changes."""
    ids = ids_of(article, RUSSIA_TIES, ARMY_CHIEF)
    with committed():
        done = run_action(editor_client, "article", "add_tag", ids, target="org:imf", confirm="yes")
    later = ArticleOrganisation.objects.get(article_id=ids[0], organisation__slug="imf")
    later.rejected = True
    later.save()
    with committed():
        refused = undo(editor_client, done)
    assert refused.status_code == 302
    assert last_message(refused).startswith(
        "Not undone: 1 of the 2 tag(s) this bulk change changed were changed again since"
    )
    assert "Nothing was changed" in last_message(refused)
    assert ArticleOrganisation.objects.filter(article_id__in=ids, organisation__slug="imf").count() == 2
    assert ids[1] in found(organisations=("imf",))


def test_undo_of_a_remove_is_refused_once_the_tag_is_given_again(editor_client, seeded, article, committed):
    """GIVEN "Pakistan" removed from an editor's tag in bulk, then added again in bulk (a new tag) WHEN the first
    change is undone THEN it is refused (bringing the old tag back would clash with the new one)."""
    tag = ArticleCountry.objects.get(article_id=article(CONSULTATIONS).pk, country__code="PK")
    tag.origin = TagOrigin.EDITOR
    tag.save()
    with committed():
        removed = run_action(
            editor_client, "article", "remove_tag", [tag.article_id], target="country:PK", confirm="yes"
        )
        run_action(editor_client, "article", "add_tag", [tag.article_id], target="country:PK", confirm="yes")
    refused = undo(editor_client, removed)
    assert last_message(refused).startswith("Not undone: 1 of the 1 tag(s)")
    assert ArticleCountry.objects.filter(article_id=tag.article_id, country__code="PK").count() == 1


def test_a_second_undo_of_the_same_change_is_refused(editor_client, seeded, article, committed):
    """GIVEN a bulk add undone WHEN its Undo is pressed again (another tab, the back button) THEN it is refused,
    saying who undid it, and nothing changes."""
    ids = ids_of(article, RUSSIA_TIES)
    with committed():
        done = run_action(editor_client, "article", "add_tag", ids, target="org:imf", confirm="yes")
    form = undo_form(editor_client, done)
    with committed():
        editor_client.post(UNDO_URL, form)
        again = editor_client.post(UNDO_URL, form)
    assert last_message(again).startswith("This bulk change was undone already by editor (")
    assert not ArticleOrganisation.objects.filter(article_id=ids[0], organisation__slug="imf").exists()
    assert ArticleOrganisation.history.filter(history_change_reason__startswith="Undid").count() == 1


def test_only_who_may_change_articles_can_undo_and_only_by_post(editor_client, seeded, article, committed, client):
    """GIVEN a bulk add WHEN a staff user who may only view articles posts its Undo, or it is opened as a link, or
    posted without the form's token (from another site) THEN it is refused (403, 405, 403) and the tags stay."""
    ids = ids_of(article, RUSSIA_TIES)
    with committed():
        done = run_action(editor_client, "article", "add_tag", ids, target="org:imf", confirm="yes")
    form = undo_form(editor_client, done)
    viewer = get_user_model().objects.create_user("viewer", password="a-viewer-password", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.post(UNDO_URL, form).status_code == 403
    assert editor_client.get(UNDO_URL, form).status_code == 405
    forged = type(editor_client)(enforce_csrf_checks=True)
    forged.cookies = editor_client.cookies
    assert forged.post(UNDO_URL, {"batch": form["batch"]}).status_code == 403
    assert ArticleOrganisation.objects.filter(article_id=ids[0], organisation__slug="imf").exists()

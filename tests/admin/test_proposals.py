"""Triage of proposed organisations (archive/proposals_triage.py and its admin screens): mention counts and
their article list, approve / merge / reject, and a rejected or deleted proposal never coming back."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from archive.curation import merge_organisations
from archive.importers import import_paths
from archive.models import Article, ArticleOrganisation, Organisation, TagOrigin
from archive.proposals_triage import (
    articles_mentioning,
    blocked_keys,
    name_key,
    reject_organisations,
)
from tests.admin.helpers import facet, form_data, last_message, run_action

pytestmark = pytest.mark.django_db

STORY = "{name} ({acronym}) met in Jakarta on Monday.\n\nThe {acronym} said talks would go on.\n"


def proposals() -> dict[str, str]:
    return dict(Organisation.objects.filter(status=Organisation.Status.PROPOSED).values_list("acronym", "status"))


def write_story(path, fmt: str, name: str, acronym: str, n: int = 1):
    """One story naming `name (acronym)` in a .txt, .jsonl or Reuters .sgm file."""
    body = STORY.format(name=name, acronym=acronym)
    if fmt == "txt":
        path = path / f"story{n}.txt"
        path.write_text(f"Talks in Jakarta {n}\n\n{body}")
    elif fmt == "jsonl":
        path = path / f"story{n}.jsonl"
        path.write_text(json.dumps({"id": f"s{n}", "title": f"Talks in Jakarta {n}", "body": body}) + "\n")
    else:
        path = path / f"story{n}.sgm"
        path.write_text(
            f'<REUTERS NEWID="{900 + n}"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>TALKS {n}</TITLE>'
            f"<DATELINE>    JAKARTA, Feb 26 - </DATELINE><BODY>{body} Reuter</BODY></TEXT></REUTERS>\n"
        )
    return path


@pytest.fixture
def proposed(seeded) -> Organisation:
    """The seeds' one proposal: "ASEAN-Pakistan Joint Sectoral Cooperation Committee (APJSCC)"."""
    return Organisation.objects.get(slug="apjscc", status=Organisation.Status.PROPOSED)


# --- Rejecting --------------------------------------------------------------------------------------


def test_reject_action_records_who_and_keeps_the_row(editor_client, editor, proposed):
    # GIVEN a proposal WHEN an editor rejects it from the organisation list
    response = run_action(editor_client, "organisation", "reject", [proposed.pk])
    # THEN it is rejected (not deleted), the history says who did it, and the message says what it means
    assert "Rejected 1 proposed organisation(s); they will not be proposed again" in last_message(response)
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.REJECTED
    latest = proposed.history.latest()
    assert latest.history_user == editor and latest.status == Organisation.Status.REJECTED
    # AND an approved organisation in the same selection is left alone
    imf = Organisation.objects.get(slug="imf")
    assert reject_organisations(Organisation.objects.filter(pk=imf.pk)).skipped == 1
    imf.refresh_from_db()
    assert imf.status == Organisation.Status.APPROVED


def test_a_rejected_proposal_is_not_proposed_again_by_reextraction(proposed):
    reject_organisations(Organisation.objects.filter(pk=proposed.pk))
    # WHEN every article is re-extracted (the command editors run)
    call_command("extract_entities", "--reextract", "--all", "--no-progress")
    # THEN the proposal stays rejected and nothing new stands for it
    assert Organisation.objects.filter(acronym="APJSCC").count() == 1
    assert "APJSCC" not in proposals()


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "sgm"])
def test_a_rejected_name_is_not_proposed_again_by_any_importer(proposed, tmp_path, fmt):
    """GIVEN a rejected proposal WHEN a new file of any format names it, in other forms too
    THEN no import proposes it again: not its acronym, not its name with a possessive or another acronym."""
    reject_organisations(Organisation.objects.filter(pk=proposed.pk))
    write_story(tmp_path, fmt, "The ASEAN-Pakistan Joint Sectoral Cooperation Committee", "APJSCC", 1)
    write_story(tmp_path, fmt, "The ASEAN-Pakistan Joint Sectoral Cooperation Committee's", "APJSC", 2)
    # a control: a new name in the same files is proposed, so the import did run extraction
    write_story(tmp_path, fmt, "The Jakarta Rubber Traders Association", "JRTA", 3)
    report = import_paths([tmp_path])
    assert report.total("new") == 3
    assert "JRTA" in proposals()
    assert Organisation.objects.filter(acronym="APJSCC").count() == 1
    assert Organisation.objects.get(acronym="APJSCC").status == Organisation.Status.REJECTED
    assert not Organisation.objects.filter(acronym="APJSC").exists()  # blocked by its name alone


def test_normalised_forms_of_a_rejected_name_are_blocked(proposed):
    reject_organisations(Organisation.objects.filter(pk=proposed.pk))
    names, acronyms = blocked_keys()
    assert name_key("the ASEAN-Pakistan Joint Sectoral Cooperation Committee's") in names
    assert name_key("asean pakistan joint sectoral cooperation committee") in names
    assert "APJSCC" in acronyms


def test_deleting_a_proposal_in_the_admin_rejects_it(editor_client, proposed):
    # WHEN an editor asks to delete the proposal THEN the confirmation says it will be rejected (it said "deleted")
    confirm = editor_client.get(f"/admin/archive/organisation/{proposed.pk}/delete/").content.decode()
    assert "it will be <strong>rejected</strong>, not deleted" in confirm and "Yes, reject it" in confirm
    imf = Organisation.objects.get(slug="imf")
    assert (
        "Are you sure you want to delete"
        in editor_client.get(f"/admin/archive/organisation/{imf.pk}/delete/").content.decode()
    )
    # WHEN an editor deletes the proposal from its own page
    response = editor_client.post(f"/admin/archive/organisation/{proposed.pk}/delete/", {"post": "yes"}, follow=True)
    # THEN it is rejected instead, and the message says so
    assert "rejected instead of deleted" in " ".join(str(m) for m in response.context["messages"])
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.REJECTED
    # AND the next re-extraction does not bring it back
    call_command("extract_entities", "--reextract", "--all", "--no-progress")
    assert "APJSCC" not in proposals()


def test_deleting_selected_rejects_proposals_and_deletes_approved_ones_after_confirmation(editor_client, proposed):
    spare = Organisation.objects.create(name="Spare Body", slug="spare", status=Organisation.Status.APPROVED)
    response = run_action(editor_client, "organisation", "delete_selected", [proposed.pk, spare.pk])
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.REJECTED
    assert response.status_code == 200 and b"Are you sure" in response.content  # the approved one asks first
    run_action(editor_client, "organisation", "delete_selected", [spare.pk], post="yes")
    assert not Organisation.objects.filter(pk=spare.pk).exists()


def test_rejecting_takes_tags_a_file_gave_off_the_articles(proposed, committed):
    article = Article.objects.order_by("pk").first()
    tag = ArticleOrganisation.objects.create(article=article, organisation=proposed, origin=TagOrigin.IMPORTED)
    with committed():
        report = reject_organisations(Organisation.objects.filter(pk=proposed.pk))
    assert report.tags_rejected == 1
    tag.refresh_from_db()
    assert tag.rejected
    assert proposed.pk not in [t.organisation_id for t in article.active_organisation_tags()]


def test_approving_a_rejected_organisation_undoes_the_rejection(editor_client, proposed):
    reject_organisations(Organisation.objects.filter(pk=proposed.pk))
    run_action(editor_client, "organisation", "approve", [proposed.pk])
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.APPROVED


def decide_on_the_form(client, org: Organisation, status: str):
    """The organisation's change form sent back as rendered, with another status chosen."""
    url = f"/admin/archive/organisation/{org.pk}/change/"
    data = {**form_data(client.get(url)), "status": status}
    return client.post(url, data, follow=True)


def test_approving_on_the_form_tags_the_articles_that_name_it_as_the_action_does(editor_client, proposed, committed):
    """GIVEN the seeds' proposal, which their articles name WHEN an editor sets its status to Approved on its form
    THEN its articles are re-extracted and tagged, as the list's action does (the form saved the status alone)."""
    with committed():
        page = decide_on_the_form(editor_client, proposed, "approved")
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.APPROVED
    assert ArticleOrganisation.objects.filter(organisation=proposed, rejected=False).exists()
    assert page.status_code == 200 and facet("organisation").get("apjscc", 0) >= 1


def test_a_name_added_to_an_approved_organisation_on_its_form_tags_the_articles_holding_it(
    editor_client, seeded, committed
):
    # GIVEN an approved organisation no article names, and an article holding "Congressional delegation"
    congress = Organisation.objects.create(name="United States Congress", slug="us-congress")
    (naming,) = {a.pk for a in Article.objects.all() if "Congressional delegation" in a.body}
    url = f"/admin/archive/organisation/{congress.pk}/change/"
    data = form_data(editor_client.get(url))
    # WHEN an editor adds that as an alias on its form (as a browser posts the textarea)
    with committed():
        response = editor_client.post(url, {**data, "aliases": "Congressional delegation\r\nUS Congress"})
    # THEN the article holding it is re-extracted and tagged, as approving does, and the message says how many
    assert ArticleOrganisation.objects.filter(article_id=naming, organisation=congress, rejected=False).exists()
    assert facet("organisation").get("us-congress") == 1
    assert "re-extracted 1 article(s)" in last_message(response)


def test_rejecting_on_the_form_is_the_reject_action_and_an_approved_one_is_refused(editor_client, proposed, committed):
    # GIVEN a proposal WHEN rejected on its form THEN it is rejected as the action rejects (never proposed again)
    with committed():
        decide_on_the_form(editor_client, proposed, "rejected")
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.REJECTED and proposed.history.first().history_user is not None
    # GIVEN an approved organisation with tags WHEN an editor makes it rejected on its form THEN the form refuses and
    # says what to do instead (the tags stayed active while its page was a 404)
    imf = Organisation.objects.get(slug="imf")
    page = decide_on_the_form(editor_client, imf, "rejected")
    assert "is merged into another or deleted, not made a proposal or rejected" in page.content.decode()
    imf.refresh_from_db()
    assert imf.status == Organisation.Status.APPROVED


# --- Merging -----------------------------------------------------------------------------------------


def test_merging_a_proposal_into_an_organisation_keeps_its_name_from_coming_back(editor_client, proposed):
    """GIVEN a proposal that is another name of an organisation there WHEN the editor merges it into that one
    THEN the proposal is gone, its names are the organisation's aliases, and re-extraction proposes nothing."""
    asean = Organisation.objects.get(slug="asean")
    response = run_action(
        editor_client, "organisation", "merge", [asean.pk, proposed.pk], confirm_merge="1", keep=str(asean.pk)
    )
    assert "Merged" in last_message(response)
    assert not Organisation.objects.filter(pk=proposed.pk).exists()
    asean.refresh_from_db()
    assert "APJSCC" in asean.aliases
    call_command("extract_entities", "--reextract", "--all", "--no-progress")
    assert "APJSCC" not in proposals()


def test_merge_service_moves_a_proposal_into_an_approved_organisation(proposed):
    asean = Organisation.objects.get(slug="asean")
    merge_organisations(keep=asean, merge=[proposed])
    assert asean.status == Organisation.Status.APPROVED


def test_merging_a_proposal_tags_the_articles_that_name_it_with_the_one_kept(proposed, committed):
    """GIVEN the seeds' proposal, named by an article that has no IMF tag WHEN it is merged into the IMF THEN its
    names are the IMF's and that article is re-extracted and tagged IMF, as approving it would have tagged it (its
    articles stayed untagged: "0 articles reindexed")."""
    imf = Organisation.objects.get(slug="imf")
    (naming,) = {a.pk for a in Article.objects.all() if "APJSCC" in a.body}
    assert not ArticleOrganisation.objects.filter(article_id=naming, organisation=imf, rejected=False).exists()
    with committed():
        report = merge_organisations(keep=imf, merge=[proposed])
    assert report.reextracted >= 1 and "naming it re-extracted" in report.summary()
    assert ArticleOrganisation.objects.filter(article_id=naming, organisation=imf, rejected=False).exists()


# --- Mentions ----------------------------------------------------------------------------------------


def test_the_proposal_list_shows_mentions_linked_to_the_articles(editor_client, proposed):
    seed_mentions = articles_mentioning(proposed)
    assert seed_mentions  # the seed that proposed it names it
    # GIVEN two more articles: one names it by acronym only, one by its name in other letter case;
    # and one with the acronym inside a longer word or in lower case, which does not count
    make = Article.objects.create
    by_acronym = make(title="Committee meets", body="The APJSCC met again.", raw_text="x", import_ref="t:1")
    lower = "the asean-pakistan joint sectoral cooperation committee met"
    by_name = make(title="Talks", body=lower, raw_text="x", import_ref="t:2")
    make(title="Noise", body="XAPJSCC and apjscc are not it.", raw_text="x", import_ref="t:3")
    # WHEN the editor opens the proposals
    response = editor_client.get("/admin/archive/organisation/", {"status__exact": "proposed"})
    assert response.status_code == 200
    row = next(o for o in response.context["cl"].result_list if o.pk == proposed.pk)
    # THEN its mention count counts every article naming it, and links to exactly those articles
    expected = sorted({*seed_mentions, by_acronym.pk, by_name.pk})
    row.refresh_from_db()
    assert row.mention_count == len(expected)
    link = f'href="/admin/archive/article/?mentions={proposed.pk}"'
    assert link in response.content.decode()
    articles = editor_client.get("/admin/archive/article/", {"mentions": proposed.pk})
    assert articles.status_code == 200
    assert sorted(a.pk for a in articles.context["cl"].result_list) == expected
    assert f"{len(expected)} article" in articles.content.decode()


def test_mention_counts_follow_new_articles(editor_client, proposed):
    editor_client.get("/admin/archive/organisation/")
    proposed.refresh_from_db()
    before = proposed.mention_count
    Article.objects.create(title="Again", body="The APJSCC met.", raw_text="x", import_ref="t:9")
    editor_client.get("/admin/archive/organisation/")
    proposed.refresh_from_db()
    assert proposed.mention_count == before + 1


def test_a_big_archive_recounts_mentions_in_the_background_and_says_so(editor_client, proposed, monkeypatch):
    from archive.admin import proposals

    # GIVEN an archive past the size whose texts a request reads (100,000 articles: 8 to 12 s a list)
    monkeypatch.setattr(proposals, "RECOUNT_IN_REQUEST_MAX", 1)
    started = []
    monkeypatch.setattr(proposals, "_recount_quietly", lambda: started.append("recount"))
    editor_client.get("/admin/archive/organisation/")  # counted once (never counted: stale)
    Article.objects.create(title="Again", body="The APJSCC met.", raw_text="x", import_ref="t:9")
    # WHEN the list is opened after an article came THEN it answers at once, the recount started beside it, and
    # says so
    response = editor_client.get("/admin/archive/organisation/")
    assert response.status_code == 200 and started
    assert "being counted again: reload in a minute" in response.content.decode()


def test_the_mentions_filter_refuses_an_unknown_organisation_quietly(editor_client, seeded):
    response = editor_client.get("/admin/archive/article/", {"mentions": "999999"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    response = editor_client.get("/admin/archive/article/", {"mentions": "not-a-number"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []

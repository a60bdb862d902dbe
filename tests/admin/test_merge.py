"""Merging organisations and sources moves everything onto the one kept, leaves nothing dangling, reindexes."""

import pytest
from django.db.models import Count

from archive.curation import CurationError, approve_organisations, merge_organisations, merge_sources
from archive.models import Article, ArticleOrganisation, Organisation, Source, TagOrigin
from tests.admin.helpers import (
    ARMY_CHIEF,
    CANADA_TRADE,
    CONSULTATIONS,
    RUSSIA_TIES,
    facet,
    found,
    last_message,
    run_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(seeded, article, committed):
    """A second IMF with its own tags: one combines with an existing IMF tag, two move."""
    with committed():
        dup = Organisation.objects.create(
            name="Intl Monetary Fund", slug="intl-monetary-fund", aliases=["The Fund", "IMF"]
        )
        tag = ArticleOrganisation.objects.create
        tag(article=article(CANADA_TRADE), organisation=dup, origin=TagOrigin.EDITOR, mentions=1)  # IMF extracted too
        tag(article=article(ARMY_CHIEF), organisation=dup, origin=TagOrigin.EXTRACTED, mentions=4)
        tag(article=article(RUSSIA_TIES), organisation=dup, origin=TagOrigin.EXTRACTED, mentions=1, rejected=True)
    return dup


def assert_no_dangling_or_double_tags(*deleted: Organisation) -> None:
    assert not ArticleOrganisation.objects.filter(organisation_id__in=[o.pk for o in deleted]).exists()
    assert not Organisation.objects.filter(pk__in=[o.pk for o in deleted]).exists()
    doubles = ArticleOrganisation.objects.values("article", "organisation").annotate(n=Count("id")).filter(n__gt=1)
    assert not doubles.exists()


def test_merge_moves_tags_and_aliases_deletes_the_rest_and_reindexes(duplicate, article, editor, committed):
    imf = Organisation.objects.get(slug="imf")
    canada, army, russia = article(CANADA_TRADE), article(ARMY_CHIEF), article(RUSSIA_TIES)
    assert set(found(organisations=("intl-monetary-fund",))) == {army.pk, canada.pk}
    assert found(organisations=("imf",)) == [canada.pk]

    with committed():
        report = merge_organisations(keep=imf, merge=[duplicate], user=editor)

    assert_no_dangling_or_double_tags(duplicate)
    assert (report.moved, report.combined) == (2, 1)
    assert set(report.article_ids) == {canada.pk, army.pk, russia.pk}
    imf.refresh_from_db()
    assert imf.aliases == ["I.M.F.", "Intl Monetary Fund", "The Fund"]  # "IMF" is its acronym already
    tags = {t.article_id: t for t in ArticleOrganisation.objects.filter(organisation=imf)}
    assert (tags[canada.pk].origin, tags[canada.pk].mentions) == (TagOrigin.EDITOR, 3)  # editor's wins, summed
    assert (tags[army.pk].origin, tags[army.pk].mentions, tags[army.pk].rejected) == (TagOrigin.EXTRACTED, 4, False)
    assert tags[russia.pk].rejected  # an editor's rejection travels with the tag
    assert Organisation.history.filter(id=duplicate.pk, history_type="-").get().history_user == editor

    assert set(found(organisations=("imf",))) == {canada.pk, army.pk}
    assert "intl-monetary-fund" not in facet("organisation")


@pytest.mark.parametrize(
    ("kept", "merged", "expected"),
    [
        # (origin, rejected, mentions) of the kept organisation's tag and the merged one's -> the result
        (("extracted", True, 2), ("extracted", False, 3), ("extracted", True, 5)),  # a rejection beats extraction
        (("extracted", False, 2), ("editor", True, 0), ("editor", True, 2)),
        (("extracted", False, 2), ("imported", False, 1), ("imported", False, 3)),
        (("editor", False, 0), ("editor", True, 1), ("editor", False, 1)),  # tie: the kept one's decision
        (("imported", False, 1), ("extracted", False, 7), ("imported", False, 8)),
    ],
)
def test_combining_tags_keeps_the_editors_decision_and_sums_mentions(seeded, article, kept, merged, expected):
    consultations = article(CONSULTATIONS)
    keep = Organisation.objects.get(slug="sco")
    other = Organisation.objects.create(name="SCO duplicate", slug="sco-dup")
    for org, (origin, rejected, mentions) in ((keep, kept), (other, merged)):
        ArticleOrganisation.objects.create(
            article=consultations, organisation=org, origin=origin, rejected=rejected, mentions=mentions
        )
    merge_organisations(keep=keep, merge=[other])
    tag = ArticleOrganisation.objects.get(article=consultations, organisation=keep)
    assert (tag.origin, tag.rejected, tag.mentions) == expected
    assert_no_dangling_or_double_tags(other)


def test_merging_several_that_tag_the_same_article_leaves_one_tag(seeded, article, committed):
    consultations = article(CONSULTATIONS)
    keep = Organisation.objects.get(slug="sco")
    dups = [Organisation.objects.create(name=f"SCO {n}", slug=f"sco-{n}", acronym="SCO") for n in range(3)]
    for n, dup in enumerate(dups):
        ArticleOrganisation.objects.create(article=consultations, organisation=dup, mentions=n + 1)
    with committed():
        report = merge_organisations(keep=keep, merge=dups)
    assert (report.moved, report.combined) == (1, 2)
    assert ArticleOrganisation.objects.get(article=consultations, organisation=keep).mentions == 6
    assert_no_dangling_or_double_tags(*dups)
    assert found(organisations=("sco",)) == [consultations.pk]


def test_a_proposed_organisation_kept_over_an_approved_one_becomes_approved(seeded, committed):
    proposed = Organisation.objects.get(slug="apjscc")
    asean = Organisation.objects.get(slug="asean")
    with committed():
        report = merge_organisations(keep=proposed, merge=[asean])
    proposed.refresh_from_db()
    assert report.approved and proposed.status == Organisation.Status.APPROVED
    assert facet("organisation").get("apjscc") == 2 and "asean" not in facet("organisation")


def test_merge_refuses_nonsense(seeded):
    imf = Organisation.objects.get(slug="imf")
    with pytest.raises(CurationError):
        merge_organisations(keep=imf, merge=[imf])
    with pytest.raises(CurationError):
        merge_organisations(keep=imf, merge=[])


def test_merge_action_asks_which_to_keep_then_merges(editor_client, duplicate, article, committed):
    imf = Organisation.objects.get(slug="imf")
    ids = [imf.pk, duplicate.pk]
    confirm = run_action(editor_client, "organisation", "merge", ids)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert 'name="keep"' in page and "Intl Monetary Fund" in page
    assert confirm.context["suggested"] == duplicate  # approved, and more articles
    with committed():
        response = run_action(editor_client, "organisation", "merge", ids, keep=str(imf.pk), confirm_merge="yes")
    assert response.status_code == 302
    assert "Merged Intl Monetary Fund into International Monetary Fund (IMF)" in last_message(response)
    assert_no_dangling_or_double_tags(duplicate)
    assert set(found(organisations=("imf",))) == {article(CANADA_TRADE).pk, article(ARMY_CHIEF).pk}


def test_merge_action_needs_two_and_a_choice(editor_client, duplicate):
    imf = Organisation.objects.get(slug="imf")
    response = run_action(editor_client, "organisation", "merge", [imf.pk])
    assert "at least two" in last_message(response)
    response = run_action(editor_client, "organisation", "merge", [imf.pk, duplicate.pk], confirm_merge="yes")
    assert response.status_code == 200 and "Choose the one to keep" in response.content.decode()
    assert "A merge cannot be undone in one step" in response.content.decode()  # the editor is told before
    assert Organisation.objects.filter(pk=duplicate.pk).exists()


def test_organisation_list_counts_active_tags_and_sorts_by_them(editor_client, seeded):
    response = editor_client.get("/admin/archive/organisation/", {"o": "-7"})  # article count, descending
    rows = list(response.context["cl"].result_list)
    assert rows[0].slug == "asean" and rows[0].article_count == 2
    ArticleOrganisation.objects.filter(organisation__slug="asean").update(rejected=True)
    rows = list(editor_client.get("/admin/archive/organisation/", {"o": "-7"}).context["cl"].result_list)
    assert next(o for o in rows if o.slug == "asean").article_count == 0


def test_approving_a_proposed_organisation_tags_the_articles_that_name_it(editor_client, seeded, committed):
    proposed = Organisation.objects.get(slug="apjscc")
    assert "apjscc" not in facet("organisation")
    with committed():
        response = run_action(editor_client, "organisation", "approve", [proposed.pk])
    assert "Approved 1 organisation(s)" in last_message(response)
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.APPROVED
    assert facet("organisation").get("apjscc", 0) >= 1
    assert approve_organisations(Organisation.objects.filter(pk=proposed.pk)).approved == 0  # already approved


def test_approving_reextracts_the_articles_that_name_it_not_those_that_only_hold_its_letters(seeded, committed):
    """GIVEN a proposed organisation whose acronym's letters are in every seed ("PAK" in "Pakistan", which SQLite's
    `contains` matched, ignoring case) and one article that names it WHEN approved THEN that article alone is
    re-extracted, and tagged."""
    org = Organisation.objects.create(
        name="Pacific Kelp Board", acronym="PAK", slug="pak", status=Organisation.Status.PROPOSED
    )
    named = Article.objects.filter(body__icontains="pakistan").first()
    named.body += "\n\nThe Pacific Kelp Board (PAK) said the PAK would meet in May."
    with committed():
        named.save()
    with committed():
        report = approve_organisations(Organisation.objects.filter(pk=org.pk))
    assert report.reextracted == 1 < Article.objects.filter(body__icontains="pak").count()
    assert ArticleOrganisation.objects.filter(organisation=org, article=named, rejected=False).exists()


# Sources.


@pytest.fixture
def sources(seeded, article, committed):
    with committed():
        dawn = Source.objects.create(name="Dawn", domain="dawn.com")
        dawn_dup = Source.objects.create(name="DAWN News", slug="dawn-news")
        Article.objects.filter(import_ref__in=[RUSSIA_TIES, ARMY_CHIEF]).update(source=dawn_dup)
        Article.objects.filter(import_ref=CANADA_TRADE).update(source=dawn)
        for assigned in Article.objects.filter(source__isnull=False):
            assigned.save()  # index the assignment (update() sends no signal)
    return dawn, dawn_dup


def test_merge_sources_moves_articles_and_reindexes(editor_client, sources, editor, committed):
    dawn, dawn_dup = sources
    assert facet("source") == {"dawn": 1, "dawn-news": 2}
    with committed():
        response = run_action(
            editor_client, "source", "merge", [dawn.pk, dawn_dup.pk], keep=str(dawn.pk), confirm_merge="yes"
        )
    assert "Merged DAWN News into Dawn: 2 articles moved" in last_message(response)
    assert not Source.objects.filter(pk=dawn_dup.pk).exists()
    assert facet("source") == {"dawn": 3}
    moved = Article.objects.filter(source=dawn).exclude(import_ref=CANADA_TRADE).first()
    assert moved.history.latest("history_date").history_user == editor


def test_merge_sources_service_refuses_merging_into_itself(sources):
    with pytest.raises(CurationError):
        merge_sources(keep=sources[0], merge=[sources[0]])


def test_deleting_a_source_reindexes_its_articles(editor_client, sources, committed):
    dawn, dawn_dup = sources
    with committed():
        response = editor_client.post(f"/admin/archive/source/{dawn_dup.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert facet("source") == {"dawn": 1}
    with committed():
        run_action(editor_client, "source", "delete_selected", [dawn.pk], post="yes")
    assert facet("source") == {}
    assert Article.objects.filter(source__isnull=True).count() == Article.objects.count()


def test_merged_source_names_become_aliases_and_imports_follow_them(tmp_path):
    """GIVEN two sources merged WHEN a file names the merged-away one THEN its article lands on the one kept."""
    import json

    from archive.curation import merge_sources
    from archive.importers import import_paths
    from archive.models import Article, Source

    keep = Source.objects.create(name="Dawn", slug="dawn")
    gone = Source.objects.create(name="Dawn News", slug="dawn-news")
    report = merge_sources(keep=keep, merge=[gone])
    keep.refresh_from_db()
    assert "Dawn News" in keep.aliases and report.aliases_added == ["Dawn News"]
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"title": "T", "body": "Pakistan and Canada met.", "source": "Dawn News"}), "utf-8")
    import_paths([path])
    assert Article.objects.get().source == keep
    assert not Source.objects.filter(name="Dawn News").exists()


def test_approving_says_how_many_of_the_articles_naming_it_it_tags(editor_client, seeded, committed):
    """GIVEN a proposal one article opens with and another names once at its end WHEN an editor approves it
    THEN the message says both were re-extracted and one tagged, and why (it said "re-extracted 2 article(s)" alone,
    while the organisation's list showed 1 article: the editor could not tell whether the tagging had failed)."""
    org = Organisation.objects.create(
        name="Pacific Kelp Board", acronym="PKB", slug="pkb", status=Organisation.Status.PROPOSED
    )
    about, passing = Article.objects.order_by("pk")[:2]
    about.body = (
        "The Pacific Kelp Board (PKB) said on Monday it would meet.\n\nThe PKB said talks went on.\n\n" + about.body
    )
    passing.body += "\n\n" + "The talks went on. " * 40 + "\n\nThe Pacific Kelp Board was not asked."
    with committed():
        about.save()
        passing.save()
    with committed():
        response = run_action(editor_client, "organisation", "approve", [org.pk])
    assert set(ArticleOrganisation.objects.filter(organisation=org).values_list("article_id", flat=True)) == {about.pk}
    assert last_message(response) == (
        "Approved 1 organisation(s); re-extracted the 2 article(s) that name them: 1 tagged now (one that names it "
        "only in passing is not tagged: tag it on the article if it is about it)."
    )

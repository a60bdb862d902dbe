"""Re-extraction replaces extracted tags, keeps editors' tags, never re-adds a rejected one;
the gazetteer editors change is the one extraction uses; proposals wait for approval."""

import io

import pytest
from django.core.management import call_command

from archive.importers import import_paths
from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, TagOrigin
from archive.search import SearchParams, search
from archive.tagging import retag

pytestmark = pytest.mark.django_db


@pytest.fixture
def canada_article(seeds_dir) -> Article:
    import_paths([seeds_dir])
    return Article.objects.get(import_ref__endswith="004_466a4c17d71ee6e5.txt#2")


def codes(article: Article) -> set[str]:
    return {t.country.code for t in ArticleCountry.objects.active().filter(article=article).select_related("country")}


def test_seed_expectations_through_the_database(seeds_dir):
    import_paths([seeds_dir])

    def tags(suffix):
        article = Article.objects.get(import_ref__endswith=suffix)
        orgs = {t.organisation.slug for t in ArticleOrganisation.objects.active().filter(article=article)}
        return codes(article), orgs

    assert {"PK", "RU"} <= tags("002_663fb898ec153f75.txt#1")[0]
    assert "un" in tags("002_663fb898ec153f75.txt#1")[1]
    assert not tags("002_663fb898ec153f75.txt#1")[0] & {"IR", "IL", "AZ"}
    assert {"PK", "RU"} <= tags("003_5cf35de7a53bf458.txt#1")[0]
    first = tags("004_466a4c17d71ee6e5.txt#1")
    assert {"PK", "US"} <= first[0] and "ispr" in first[1] and "IT" not in first[0]
    second = tags("004_466a4c17d71ee6e5.txt#2")
    assert {"PK", "CA"} <= second[0] and "imf" in second[1]
    for suffix in ("000_728eb46f56e5de8d.txt#1", "001_040a18596ef5fdee.txt#1"):
        assert "PK" in tags(suffix)[0] and "asean" in tags(suffix)[1]


def test_reextraction_keeps_editor_tags_and_rejections(canada_article):
    # GIVEN an editor rejected Canada and added Japan by hand
    canada = ArticleCountry.objects.get(article=canada_article, country__code="CA")
    canada.rejected = True
    canada.save()
    ArticleCountry.objects.create(
        article=canada_article, country=Country.objects.get(code="JP"), origin=TagOrigin.EDITOR
    )
    # WHEN extraction runs again
    retag(canada_article)
    # THEN Canada stays rejected and Japan stays
    assert "CA" not in codes(canada_article) and "JP" in codes(canada_article)
    assert ArticleCountry.objects.get(article=canada_article, country__code="CA").rejected


def test_reextraction_removes_extracted_tags_the_text_no_longer_supports(canada_article):
    ArticleCountry.objects.create(article=canada_article, country=Country.objects.get(code="FR"))  # extracted origin
    retag(canada_article)
    assert "FR" not in codes(canada_article)


def test_reextract_command_keeps_editors_decisions(canada_article):
    tag = ArticleCountry.objects.get(article=canada_article, country__code="CA")
    tag.rejected = True
    tag.save()
    out = io.StringIO()
    call_command("extract_entities", "--reextract", "--all", "--no-progress", stdout=out)
    assert "Re-extracted 6 articles" in out.getvalue()
    assert "CA" not in codes(canada_article)


def test_an_alias_editors_add_is_used_at_once(canada_article):
    # GIVEN a text naming a place the gazetteer does not know
    canada_article.body += "\n\nOfficials from Ruritania attended. Ruritania said the Ruritania talks went well."
    canada_article.save()
    retag(canada_article)
    assert "NO" not in codes(canada_article)
    # WHEN an editor adds it as an alias of Norway THEN the next extraction uses it
    norway = Country.objects.get(code="NO")
    norway.aliases = ["Ruritania"]
    norway.save()
    retag(canada_article)
    assert "NO" in codes(canada_article)


def test_proposed_organisations_are_not_facets_until_approved(seeds_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([seeds_dir])
    proposed = Organisation.objects.filter(status=Organisation.Status.PROPOSED)
    assert proposed.exists()  # e.g. "ASEAN-Pakistan Joint Sectoral Cooperation Committee (APJSCC)"
    facet_slugs = {f.value for f in search(SearchParams()).facets["organisation"]}
    assert not facet_slugs & set(proposed.values_list("slug", flat=True))

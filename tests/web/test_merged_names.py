"""A value that names an organisation or a source another way (after a merge, in other letters or accents) is read
as what it names, on the search page, the API, entity pages and alerts; one that names nothing never widens an
alert."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from archive.alerts.searches import params_of
from archive.curation import merge_organisations
from archive.forms import params_from_query
from archive.models import Organisation, Source
from archive.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(archive, django_capture_on_commit_callbacks):
    """The seeds, their IMF merged into the UN (as an editor's "Merge into one…" does)."""
    keep, gone = Organisation.objects.get(slug="un"), Organisation.objects.get(slug="imf")
    with django_capture_on_commit_callbacks(execute=True):
        merge_organisations(keep=keep, merge=[gone])
    return keep


def test_a_merged_organisations_slug_is_read_as_the_one_kept(client, merged):
    # GIVEN a search, a feed and an alert saved with the merged organisation's slug
    params, notices, _ = params_from_query(QueryDict("org=imf"))
    # THEN each reads it as the organisation kept, and says so (it was dropped: every article, for an alert too)
    assert params.organisations == ("un",) and notices == ["Read the organisation “imf” as “un”."]
    assert params_of("org=imf").organisations == ("un",)
    assert client.get("/api/search/", {"org": "imf"}).json()["count"] == search(params).count > 0
    # AND its page leads to the kept one's
    page = client.get("/organisations/imf/")
    assert page.status_code == 301 and page["Location"] == "/organisations/un/"


def test_a_merged_organisations_slug_that_is_none_of_its_names_leads_to_the_one_kept(
    client, archive, django_capture_on_commit_callbacks
):
    # GIVEN an organisation whose slug is no name of it, merged into another
    keep = Organisation.objects.get(slug="un")
    gone = Organisation.objects.create(
        name="Cocoa Producers Alliance", slug="cpa-test", status=Organisation.Status.APPROVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        merge_organisations(keep=keep, merge=[gone])
    # WHEN its old address, a search and an alert name it by its slug THEN each reads it as the one kept
    page = client.get("/organisations/cpa-test/")
    assert page.status_code == 301 and page["Location"] == "/organisations/un/"
    params, notices, _ = params_from_query(QueryDict("org=cpa-test"))
    assert params.organisations == ("un",) and notices == ["Read the organisation “cpa-test” as “un”."]
    assert params_of("org=CPA-test").organisations == ("un",)
    # AND a slug no organisation ever had names nothing, as before
    assert client.get("/organisations/cpa-none/").status_code == 404


def test_an_alert_whose_filter_names_nothing_any_more_finds_nothing(archive):
    # GIVEN an alert saved with an organisation since deleted
    params = params_of("org=no-such-organisation&q=pakistan")
    # THEN its search keeps the filter, and finds nothing (not every article with the words)
    assert params.organisations == ("no-such-organisation",)
    assert search(params).count == 0


def test_a_source_is_found_by_its_name_in_any_case_and_accents(client, archive):
    # GIVEN a source named with an accent (SQLite's case-insensitive match folds ASCII letters only)
    Source.objects.create(name="Le Quotidien Économique", slug="le-quotidien-economique")
    # THEN a search names it in any letter case, with or without the accent, as `source:` does in a query
    for typed in ("le quotidien économique", "LE QUOTIDIEN ÉCONOMIQUE", "Le Quotidien Economique"):
        data = QueryDict(mutable=True)
        data["source"] = typed
        params, _, _ = params_from_query(data)
        assert params.sources == ("le-quotidien-economique",), typed

"""Entity pages kept until the next change (archive/entity_views.py, archive/api/entities.py): asked again, a page is
answered from what was kept, and a reload gets 304, until the index or the countries', organisations' and sources'
records change (archive/conditional.py, `archive.models.records_version`): an alias, a link or the name of an
organisation with no articles changes no index generation, yet shows on the next request."""

from __future__ import annotations

import json

import pytest

from archive import profiles
from archive.models import Article, Country, Organisation, Source, records_version
from archive.search import apply_pending, index_version

pytestmark = pytest.mark.django_db

PATHS = [
    "/countries/",
    "/organisations/",
    "/countries/?q=testistan",
    "/countries/PK/",
    "/organisations/testistan-bureau/",
    "/api/countries/PK/",
    "/api/organisations/testistan-bureau/",
    "/sources/",
    "/api/countries/?sort=count",
    "/api/organisations/",
]
# What the entity views and API operations compute a page with.
COMPUTE = {
    "archive.entity_views.list_rows": profiles.list_rows,
    "archive.entity_views.profile_page": profiles.profile_page,
    "archive.api.entities.profile_page": profiles.profile_page,
    "archive.api.entities.list_rows": profiles.list_rows,
}


@pytest.fixture
def bureau(archive) -> Organisation:
    """An approved organisation no article names: editing it reindexes nothing."""
    return Organisation.objects.create(name="Testistan Statistics Bureau", acronym="TSB", slug="testistan-bureau")


@pytest.fixture
def computed(monkeypatch) -> list[str]:
    """The entity pages, lists and profiles computed, in order."""
    calls: list[str] = []
    for target, function in COMPUTE.items():

        def counted(*args, _target=target, _function=function, **kwargs):
            calls.append(_target)
            return _function(*args, **kwargs)

        monkeypatch.setattr(target, counted)
    return calls


def _asked(client, path: str, computed: list[str]) -> tuple[object, int]:
    """The answer to `path` (a 200) and how many pages were computed for it."""
    before = len(computed)
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response, len(computed) - before


@pytest.mark.parametrize("path", PATHS)
def test_an_entity_page_asked_again_is_the_kept_one(client, bureau, computed, path):
    # GIVEN an entity page one reader has had
    first, made = _asked(client, path, computed)
    assert made == 1 and first["ETag"].startswith('W/"')
    # WHEN another reader asks for it THEN the same answer, not computed again
    again, made = _asked(client, path, computed)
    assert made == 0 and again.content == first.content and again["ETag"] == first["ETag"]
    # AND a reader with the page in their cache gets 304 Not Modified
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def _alias_for_pakistan() -> str:
    country = Country.objects.get(code="PK")
    country.aliases = [*country.aliases, "Testistan Republic"]
    country.save()
    return "Testistan Republic"


def _rename_the_bureau() -> str:
    bureau = Organisation.objects.get(slug="testistan-bureau")
    bureau.name = "Testistan Bureau of Figures"
    bureau.save()
    return "Testistan Bureau of Figures"


# (path, the edit, what the next answer shows that the kept one did not; None: what the edit returns)
CHANGES = [
    ("/countries/PK/", _alias_for_pakistan, None),
    ("/api/countries/PK/", _alias_for_pakistan, None),
    ("/countries/?q=testistan", _alias_for_pakistan, 'href="/countries/PK/"'),  # the list's filter reads aliases
    ("/organisations/testistan-bureau/", _rename_the_bureau, None),
    ("/api/organisations/testistan-bureau/", _rename_the_bureau, None),
    ("/organisations/", _rename_the_bureau, None),
    ("/api/organisations/", _rename_the_bureau, None),
]


@pytest.mark.parametrize(("path", "change", "shown"), CHANGES)
def test_an_edit_to_an_entitys_record_is_in_the_next_answer(client, bureau, computed, path, change, shown):
    # GIVEN an entity page kept, and the index's state when it was made
    kept, _ = _asked(client, path, computed)
    version = index_version()
    # WHEN an editor changes what only the database holds (no article changes: the index stays as it was)
    edited = change()
    shown = shown or edited
    apply_pending()
    assert index_version() == version
    # THEN the next reader gets the page made again, with the change, under new validators
    after, made = _asked(client, path, computed)
    text = json.dumps(after.json()) if path.startswith("/api/") else after.content.decode()
    assert made == 1 and shown in text and shown not in kept.content.decode()
    assert after["ETag"] != kept["ETag"]
    # AND a reader holding the old page gets the new one, not 304
    assert client.get(path, HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 200


def test_a_source_link_and_a_deleted_organisation_are_seen_at_once(client, bureau):
    source = Source.objects.create(name="Testistan Daily News")
    page = f"/sources/{source.slug}/"
    assert client.get(page).status_code == 200
    assert "Testistan Daily News" in client.get("/sources/").content.decode()
    # WHEN an editor gives the source its homepage and domain THEN its kept page and the list give way
    source.homepage = "https://testistan-news.example.org/"
    source.domain = "testistan-news.example.org"
    source.save()
    assert "testistan-news.example.org" in client.get(page).content.decode()
    assert "<td>testistan-news.example.org</td>" in client.get("/sources/").content.decode()
    # WHEN an editor deletes an organisation whose page was kept THEN the page is gone for the next reader
    assert client.get("/organisations/testistan-bureau/").status_code == 200
    bureau.delete()
    assert client.get("/organisations/testistan-bureau/").status_code == 404


def test_an_article_change_moves_the_entity_pages_too(client, bureau, computed):
    # GIVEN Pakistan's page kept
    _asked(client, "/countries/PK/", computed)
    # WHEN an editor retitles one of its articles and the index takes it
    article = Article.objects.published().filter(countries__code="PK").first()
    article.title = "A retitled Pakistan story"
    article.save()
    apply_pending()
    # THEN the next reader sees the new title among its latest articles
    after, made = _asked(client, "/countries/PK/", computed)
    assert made == 1 and "A retitled Pakistan story" in after.content.decode()


def test_without_history_no_entity_page_is_kept(client, bureau, computed, settings):
    # GIVEN an operator who turned django-simple-history off: an edit to a record would leave no trace
    settings.SIMPLE_HISTORY_ENABLED = False
    # WHEN a page is asked for twice THEN it is made twice, and sent without validators
    first, made_first = _asked(client, "/countries/PK/", computed)
    _, made_again = _asked(client, "/countries/PK/", computed)
    assert (made_first, made_again) == (1, 1) and "ETag" not in first


def test_the_records_version_moves_with_every_save_and_delete(bureau):
    # GIVEN the records' version
    before = records_version()
    # WHEN a record is saved THEN the tag moves and the time does not go back
    bureau.aliases = ["TSB Testistan"]
    bureau.save()
    saved = records_version()
    assert saved[0] != before[0] and saved[1] >= before[1]
    # WHEN one is deleted THEN it moves again
    bureau.delete()
    assert records_version()[0] not in (before[0], saved[0])

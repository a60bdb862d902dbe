"""Answers kept until the next change (archive/conditional.py `kept_until_change`): the search page, the search API,
the feeds and the article pages, asked again by anyone, are answered without a search while the index, the
entities' records and the code are unchanged; never across a change, a session, a host, or for an answer cut
short. (The entity pages: tests/web/test_kept_entity_pages.py.)"""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from archive.models import Article
from archive.search import IndexUnavailable, apply_pending, related_articles
from tests.web.search_answers import ANSWERS, cut_short, searcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch):
    """Counts the searches each view runs: {path: count}."""
    counts: dict[str, int] = {}
    for path, target in ANSWERS:
        searched = searcher(target)

        def counted(*args, _path=path, _searched=searched, **kwargs):
            counts[_path] = counts.get(_path, 0) + 1
            return _searched(*args, **kwargs)

        monkeypatch.setattr(target, counted)
    return counts


@pytest.mark.parametrize(("path", "target"), ANSWERS)
def test_the_same_search_asked_again_is_answered_without_searching(client, archive, path, target, searches):
    # GIVEN an answer one reader has had
    first = client.get(path, {"q": "Pakistan"})
    assert first.status_code == 200 and searches[path] == 1
    # WHEN another reader, with no copy of their own, asks for the same URL
    again = client.get(path, {"q": "Pakistan"})
    # THEN the same answer, with the same validators, and no second search
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]
    assert searches[path] == 1
    # AND another search is one of its own
    client.get(path, {"q": "Nigeria"})
    assert searches[path] == 2


@pytest.mark.parametrize(("path", "target"), ANSWERS)
def test_a_change_to_the_archive_is_in_the_next_answer(client, archive, path, target, searches):
    # GIVEN an answer kept
    before = client.get(path, {"q": "Pakistan"})
    # WHEN an editor corrects a title it lists and the index takes it
    article = Article.objects.published().filter(countries__code="PK").first()
    article.title = "Pakistan corrected title"
    article.save()
    apply_pending()
    # THEN the next reader of the same URL gets the search run again, with the new title and new validators
    after = client.get(path, {"q": "Pakistan"})
    assert "Pakistan corrected title" in after.content.decode() and after["ETag"] != before["ETag"]
    assert searches[path] == 2


@pytest.mark.parametrize(("path", "target"), ANSWERS)
def test_a_name_given_to_a_country_is_in_the_next_answer(client, archive, path, target, searches):
    # GIVEN an answer kept for a name nothing is known as
    query = {"q": 'country:"Testistan Republic"'}
    before = client.get(path, query)
    article = Article.objects.published().filter(countries__code="PK").first()
    assert article.get_absolute_url() not in before.content.decode()
    # WHEN an editor gives Pakistan that name as an alias (no article changes: the index stays as it was)
    pakistan = article.countries.get(code="PK")
    pakistan.aliases = [*pakistan.aliases, "Testistan Republic"]
    pakistan.save()
    # THEN the next reader's answer is searched again and finds Pakistan's articles, under new validators
    after = client.get(path, query)
    assert article.get_absolute_url() in after.content.decode() and after["ETag"] != before["ETag"]
    assert searches[path] == 2


def test_an_editors_pages_are_neither_kept_nor_given_a_kept_one(client, editor, archive, searches):
    # GIVEN a page kept for a reader (no Admin link: not signed in)
    assert "Admin</a>" not in client.get("/", {"q": "Pakistan"}).content.decode()
    # WHEN an editor (a session) asks for the same page
    client.force_login(editor)
    # THEN the page is rendered for them, with the link to the admin
    assert "Admin</a>" in client.get("/", {"q": "Pakistan"}).content.decode() and searches["/"] == 2
    # AND the editor's page is not kept for the next reader
    client.logout()
    assert "Admin</a>" not in client.get("/", {"q": "Pakistan"}).content.decode()
    assert searches["/"] == 2  # the reader's page kept first


@pytest.mark.parametrize(("path", "target"), ANSWERS)
def test_an_answer_cut_short_by_the_time_limit_is_not_kept(client, archive, path, target, monkeypatch):
    # GIVEN searches that run out of time (partial)
    calls: list = []
    monkeypatch.setattr(target, cut_short(target, calls))
    # WHEN the same URL is asked for twice
    first = client.get(path, {"q": "Pakistan"})
    client.get(path, {"q": "Pakistan"})
    # THEN each is searched: the answer says not to store it, and carries no validators
    assert len(calls) == 2
    assert "no-store" in first["Cache-Control"] and "ETag" not in first


def test_answers_for_another_host_are_kept_apart(client, archive, settings):
    settings.ALLOWED_HOSTS = ["testserver", "archive.example.org"]
    # GIVEN an API answer kept for one host name (its article URLs are absolute)
    here = client.get("/api/search/", {"q": "Pakistan"}).json()
    # WHEN the same search comes in for another name of the server
    there = client.get("/api/search/", {"q": "Pakistan"}, HTTP_HOST="archive.example.org").json()
    # THEN its URLs name that host
    assert here["results"][0]["url"].startswith("http://testserver/")
    assert there["results"][0]["url"].startswith("http://archive.example.org/")


def test_a_kept_answer_is_the_same_as_a_computed_one(client, archive):
    # GIVEN a page computed (and kept) and the same page given again from what was kept
    computed = client.get("/", {"q": "Pakistan", "country": "PK"})
    kept = client.get("/", {"q": "Pakistan", "country": "PK"})
    # THEN body and headers agree: the middleware's headers are added to both
    assert kept.content == computed.content
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary", "Cache-Control", "ETag"):
        assert kept.get(header) == computed.get(header), header


def test_archive_answer_cache_0_keeps_no_answer(client, archive, settings, searches):
    # GIVEN an operator who turned kept answers off
    settings.CACHES = {**settings.CACHES, "answers": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # WHEN a search is asked for twice THEN it runs twice (and conditional GET still answers 304)
    etag = client.get("/api/search/", {"q": "Pakistan"})["ETag"]
    client.get("/api/search/", {"q": "Pakistan"})
    assert searches["/api/search/"] == 2
    assert client.get("/api/search/", {"q": "Pakistan"}, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(("value", "backend"), [("0", "DummyCache"), ("25", "LocMemCache")])
def test_the_setting_reads_archive_answer_cache(value, backend):
    # GIVEN ARCHIVE_ANSWER_CACHE in the environment WHEN the settings load THEN the "answers" cache follows it
    code = (
        "from django.conf import settings as s; c = s.CACHES['answers']; "
        "print(c['BACKEND'], c.get('OPTIONS'), c.get('TIMEOUT'))"
    )
    env = {**os.environ, "ARCHIVE_ANSWER_CACHE": value, "DJANGO_SETTINGS_MODULE": "archive.settings"}
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    assert backend in shown
    if value != "0":  # at most that many, each at most ten minutes (an edit the validators miss shows by then)
        assert f"'MAX_ENTRIES': {value}}} 600" in shown


def test_an_article_page_read_again_is_the_kept_one_until_the_article_changes(client, archive, monkeypatch):
    # GIVEN an article page one reader has opened (its related articles asked of the index once)
    asked = []

    def related(*args, **kwargs):
        asked.append(1)
        return related_articles(*args, **kwargs)

    monkeypatch.setattr("archive.views.related_articles", related)
    article = Article.objects.published().first()
    first = client.get(article.get_absolute_url())
    # WHEN the next reader opens it THEN the same page, and no second search for related articles
    again = client.get(article.get_absolute_url())
    assert again.status_code == 200 and again.content == first.content and len(asked) == 1
    # AND once an editor corrects its title and the index takes it, the next reader gets the page made again
    article.title = "A corrected headline"
    article.save()
    apply_pending()
    response = client.get(Article.objects.get(pk=article.pk).get_absolute_url())
    assert "A corrected headline" in response.content.decode() and len(asked) == 2


def test_an_article_page_without_its_related_articles_is_not_kept(client, archive, monkeypatch):
    # GIVEN an index that cannot be read for related articles just now
    def unreadable(*args, **kwargs):
        raise IndexUnavailable("OSError: Input/output error")

    monkeypatch.setattr("archive.views.related_articles", unreadable)
    article = Article.objects.published().first()
    # WHEN the page is opened THEN it says so, and is neither kept nor sent with validators
    response = client.get(article.get_absolute_url())
    assert "Related articles cannot be shown right now." in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "ETag" not in response
    # AND once the index can be read again, the next reader gets the related articles
    monkeypatch.setattr("archive.views.related_articles", related_articles)
    assert "Related articles cannot be shown right now." not in client.get(article.get_absolute_url()).content.decode()


def test_an_editor_sees_an_unpublished_article_that_readers_never_get(client, editor, archive):
    # GIVEN an article an editor has unpublished, whose page the editor opens
    article = Article.objects.published().first()
    article.is_published = False
    article.save()
    apply_pending()
    client.force_login(editor)
    assert client.get(article.get_absolute_url()).status_code == 200
    # WHEN a reader asks for the same URL THEN it is not found: the editor's page was not kept
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404

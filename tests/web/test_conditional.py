"""Conditional GET on the search page, the search API and the feeds: 304 while the answer is current, the whole
answer once the archive or the code has changed, never validators on an answer cut short."""

import os

import pytest

from archive import conditional
from archive.models import Article
from archive.search import apply_pending, index_version
from tests.web.search_answers import ANSWERS, cut_short

pytestmark = pytest.mark.django_db

PATHS = pytest.mark.parametrize("path", [path for path, _ in ANSWERS])


@PATHS
def test_a_client_holding_the_present_answer_gets_304_and_no_search_runs(client, archive, path, monkeypatch):
    # GIVEN an answer a client has kept: a weak ETag, and "revalidate before reuse" for caches
    first = client.get(path, {"q": "Pakistan"})
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"') and first["Cache-Control"] == "no-cache"
    # WHEN it asks again with it and nothing has changed (and a search would fail)
    target = dict(ANSWERS)[path]
    monkeypatch.setattr(target, lambda *args, **kwargs: pytest.fail("searched for a 304"))
    again = client.get(path, {"q": "Pakistan"}, HTTP_IF_NONE_MATCH=etag)
    # THEN 304 with no body, and the same validators
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "no-cache"


@PATHS
def test_a_change_to_the_archive_gives_the_client_the_new_answer(client, archive, path):
    # GIVEN a client's copy of an answer
    etag = client.get(path, {"q": "Pakistan"})["ETag"]
    # WHEN an editor corrects a title that answer lists and the index takes it
    article = Article.objects.published().filter(countries__code="PK").first()
    article.title = "Pakistan corrected title"
    article.save()
    apply_pending()
    # THEN the client's If-None-Match no longer matches: the whole answer, with the new title and a new ETag
    response = client.get(path, {"q": "Pakistan"}, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "Pakistan corrected title" in response.content.decode()


def test_last_modified_is_sent_once_the_second_of_the_change_has_passed(client, archive, monkeypatch):
    changed = int(max(index_version().committed_at, conditional._code_state()[1]))
    clock = {"now": changed + 0.5}
    monkeypatch.setattr(conditional, "time", type("Clock", (), {"time": staticmethod(lambda: clock["now"])}))
    # GIVEN the last change in the present second: a later one could share it, so no Last-Modified
    assert "Last-Modified" not in client.get("/api/search/")
    # WHEN that second has passed
    clock["now"] = changed + 2
    modified = client.get("/api/search/")["Last-Modified"]
    # THEN the date is sent and a client sending it back (without an ETag) gets 304
    assert client.get("/api/search/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


@pytest.mark.parametrize(("path", "target"), ANSWERS)
def test_an_answer_cut_short_by_the_time_limit_carries_no_validators(client, archive, path, target, monkeypatch):
    # GIVEN a search that ran out of time (partial)
    monkeypatch.setattr(target, cut_short(target))
    # WHEN it is asked for THEN it is answered, without validators a client would keep until the next change
    response = client.get(path, {"q": "Pakistan"})
    assert response.status_code == 200 and "ETag" not in response and "Last-Modified" not in response


@PATHS
def test_without_a_whoosh_index_every_request_is_answered_in_full(client, archive, path, monkeypatch):
    # GIVEN searches served by another engine (no index version to compare)
    monkeypatch.setattr(conditional, "index_version", lambda: None)
    # WHEN a client sends a validator THEN it gets the whole answer, and no ETag
    response = client.get(path, HTTP_IF_NONE_MATCH='W/"anything"')
    assert response.status_code == 200 and "ETag" not in response


def test_a_failed_if_match_is_a_412_in_the_apis_shape(client, archive):
    # GIVEN a client that asks for the answer only if it is still the version it names, which it is not
    response = client.get("/api/search/", HTTP_IF_MATCH='"another"')
    # THEN 412, in the API's error shape
    body = response.json()
    assert response.status_code == 412 and set(body) == {"error", "status"}
    assert body["status"] == 412 and "If-Match" in body["error"]


def test_a_deploy_changes_the_validators(settings, tmp_path):
    # GIVEN the code the answers are rendered by
    for name in ("archive", "templates"):
        (tmp_path / name).mkdir()
    template = tmp_path / "templates" / "search.html"
    template.write_text("<p>old</p>")
    (tmp_path / "archive" / "views.py").write_text("")
    settings.BASE_DIR = tmp_path
    conditional._code_state.cache_clear()
    try:
        digest, newest = conditional._code_state()
        # WHEN a deploy changes a template (a restart reads the code again)
        template.write_text("<p>new page</p>")
        os.utime(template, ns=(int((newest + 5) * 1e9),) * 2)
        conditional._code_state.cache_clear()
        # THEN the digest the ETags carry changes, and the time Last-Modified is taken from moves with it
        assert conditional._code_state()[0] != digest
        assert conditional._code_state()[1] == pytest.approx(newest + 5)
        # AND an operator switching the search path (which the API's answer names) changes it too
        digest = conditional._code_state()[0]
        settings.ARCHIVE_SEARCH_PATH = "portable"
        conditional._code_state.cache_clear()
        assert conditional._code_state()[0] != digest
    finally:
        conditional._code_state.cache_clear()

"""Faults degrade, never crash: a read-only index is still searched, saves on it are queued (not a 500), a
damaged index gives a clear 503 and the commands report the cause in one line and recover."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from archive.models import Article, IndexChange
from archive.search import (
    IndexUnavailable,
    SearchParams,
    batch_search,
    consistency,
    entity_profile,
    matching_ids,
    snapshot,
    storage,
)

pytestmark = pytest.mark.django_db


def restart() -> None:
    """Forget every open index object, as a freshly started worker would."""
    from haystack import connections

    connections.reload("default")
    snapshot.clear()


def _writable(path: Path) -> bool:
    probe = path / ".probe"
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


def make_read_only(path: Path) -> Callable[[], None]:
    """Make a directory unwritable and return what undoes it: chmod, or as root (where chmod is no obstacle)
    `chattr +i`. Skips the test where neither works."""
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0

        def undo() -> None:
            subprocess.run(["chattr", "-i", str(path)], check=False)
    else:
        path.chmod(0o555)
        made = True

        def undo() -> None:
            path.chmod(0o755)

    if not made or _writable(path):
        if made:
            undo()
        pytest.skip("this file system cannot make a directory read-only")
    return undo


@pytest.fixture
def read_only_index(archive) -> Iterator[Callable[[], None]]:
    """The live index directory made unwritable, seen by a freshly started worker; yields what undoes it."""
    undo = make_read_only(storage.live_path().resolve())
    restart()
    try:
        yield undo
    finally:
        undo()
        restart()


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, "--no-progress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_read_only_index_is_searched_by_the_page_the_api_and_the_feed(read_only_index):
    # GIVEN a worker started on an index directory it cannot write
    client = Client(raise_request_exception=False)
    # WHEN the page, the API and the feed search it
    page = client.get("/", {"q": "Russia"})
    api = client.get("/api/search/", {"q": "Russia"})
    feed = client.get("/feeds/search/", {"q": "Russia"})
    # THEN each answers from the index as usual
    assert page.status_code == api.status_code == feed.status_code == 200
    assert api.json()["count"] >= 2
    assert "Russia" in page.content.decode() and b"<item>" in feed.content


def test_healthz_reports_a_read_only_index_at_once(read_only_index):
    # GIVEN a worker started on an index directory it cannot write, and no edit queued yet
    # WHEN a monitor polls /healthz
    response = Client().get("/healthz")
    # THEN it answers 503 at once (edits would wait in the queue), while searches still answer
    assert response.status_code == 503
    data = response.json()
    assert data["index_writable"] is False and data["index"] is True and data["queue"] == 0
    read_only_index()
    assert Client().get("/healthz").json()["index_writable"] is True


def test_a_save_on_a_read_only_index_stays_queued_and_is_applied_once_writable(
    read_only_index, django_capture_on_commit_callbacks, caplog
):
    # GIVEN an article saved while the index cannot be written
    article = Article.objects.published().first()
    article.title = "Quartzite negotiations resume"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()  # THEN the after-commit writer does not raise
    # AND the change waits in the queue, and the failure is logged with its cause
    assert IndexChange.objects.filter(article_id=article.pk).exists()
    assert any("queued" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
    # WHEN the directory is writable again THEN the next writer applies it
    read_only_index()
    restart()
    from archive.search.writer import apply_pending

    assert apply_pending() >= 1
    assert Client().get("/api/search/", {"q": "quartzite"}).json()["count"] == 1


def test_commands_report_a_read_only_index_in_one_line_and_recover(read_only_index):
    live = storage.live_path().resolve()
    # GIVEN drift on a read-only index
    Article.objects.filter(pk=Article.objects.published().first().pk).update(title="Behind the index's back")
    # WHEN check_index runs THEN it reads the index and reports the drift (exit 1)
    with pytest.raises(SystemExit):
        run("check_index")
    # WHEN --repair must write THEN it fails with the cause in one line (a CommandError: exit status 1)
    with pytest.raises(CommandError) as failure:
        run("check_index", "--repair")
    message = str(failure.value)
    assert "\n" not in message and f"the index directory {live} is not writable" in message
    # WHEN the cause is gone THEN --repair recovers
    read_only_index()
    restart()
    assert "Repaired" in run("check_index", "--repair")
    assert consistency.check().clean


def test_build_index_replaces_a_read_only_index_or_says_in_one_line_why_it_cannot(read_only_index):
    live = storage.live_path().resolve()
    # GIVEN the index directory and the directory builds go in both read-only
    undo_root = make_read_only(storage.indexes_root().resolve())
    try:
        # WHEN build_index runs THEN it fails with the cause in one line
        with pytest.raises(CommandError) as failure:
            run("build_index")
        assert "\n" not in str(failure.value)
        assert f"the index directory {storage.indexes_root().resolve()} is not writable" in str(failure.value)
    finally:
        undo_root()
    # WHEN only the live directory is read-only THEN build_index builds a new one beside it and switches to it
    assert "Indexed" in run("build_index")
    restart()
    assert storage.live_path().resolve() != live
    # AND edits reach the index again
    article = Article.objects.published().first()
    article.title = "Quartzite negotiations resume"
    article.save()
    from archive.search.writer import apply_pending

    apply_pending()
    assert Client().get("/api/search/", {"q": "quartzite"}).json()["count"] == 1


@pytest.fixture
def damaged_index(archive) -> Path:
    """The live index with one segment file deleted, seen by a freshly started worker."""
    segments = sorted(storage.live_path().resolve().glob("*.seg"))
    assert segments, "the seed index has segment files"
    segments[0].unlink()
    restart()
    return segments[0]


def forbid_opening_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, opening the index (the fast path's snapshot or Whoosh's searcher) fails the test."""

    def must_not_open(*args, **kwargs):
        raise AssertionError("the damaged index was opened again")

    monkeypatch.setattr(snapshot, "current", must_not_open)
    monkeypatch.setattr("archive.search.reader.searcher", must_not_open)


def test_a_damaged_index_is_a_clear_503_on_the_page_the_api_and_the_feed(damaged_index):
    client = Client(raise_request_exception=False)
    # WHEN a worker started on a damaged index is searched
    page = client.get("/", {"q": "Russia"})
    api = client.get("/api/search/", {"q": "Russia"})
    feed = client.get("/feeds/search/", {"q": "Russia"})
    # THEN each says the search is unavailable (503), in the site layout or as JSON, never a 500
    assert page.status_code == api.status_code == feed.status_code == 503
    html = page.content.decode()
    assert 'class="site-header"' in html and "search index" in html
    assert api.json()["status"] == 503 and "search index" in api.json()["error"]
    # AND a search's key words in context, their file and their JSON say so too
    for path in ("/concordance/", "/concordance/export.csv", "/api/concordance/"):
        assert client.get(path, {"q": "Russia"}).status_code == 503, path
    # AND the article pages, which need no index, still answer
    article = Article.objects.published().first()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_damaged_index_once_seen_is_not_opened_again_by_each_search(damaged_index, monkeypatch):
    client = Client(raise_request_exception=False)
    assert client.get("/", {"q": "Russia"}).status_code == 503

    # WHEN searched again THEN the answer comes without opening the index again (Whoosh retries for 0.5 s)
    forbid_opening_the_index(monkeypatch)
    assert client.get("/api/search/", {"q": "Russia"}).status_code == 503


@pytest.mark.parametrize(
    "ask",
    [
        lambda: batch_search(["Russia", "Pakistan"]),
        lambda: matching_ids(SearchParams(q="Russia"), limit=10),
        lambda: entity_profile("country", "RU"),
    ],
    ids=["batch", "export", "entity"],
)
def test_batches_exports_and_entity_pages_on_a_damaged_index_say_so_and_remember_it(damaged_index, monkeypatch, ask):
    # WHEN a batch, an export's ids or an entity's counts are asked of a damaged index THEN it is said so
    with pytest.raises(IndexUnavailable):
        ask()

    # AND asked again, the answer comes without opening the index again
    forbid_opening_the_index(monkeypatch)
    with pytest.raises(IndexUnavailable):
        ask()


def test_check_index_reports_a_damaged_index_and_repair_rebuilds_it(damaged_index):
    # WHEN check_index runs on the damaged index THEN it names the damage and the way out in one line
    with pytest.raises(CommandError) as failure:
        run("check_index")
    message = str(failure.value)
    assert message.startswith("index damaged: ") and "\n" not in message
    assert "run build_index (or check_index --repair)" in message
    # WHEN repaired THEN the index is rebuilt and searches answer again
    out = run("check_index", "--repair")
    assert "Rebuilt" in out
    assert consistency.check().clean
    assert Client().get("/api/search/", {"q": "Russia"}).json()["count"] >= 2


def test_build_index_rebuilds_a_damaged_index(damaged_index):
    assert Client(raise_request_exception=False).get("/", {"q": "Russia"}).status_code == 503
    run("build_index")
    restart()
    assert consistency.check().clean
    assert Client().get("/", {"q": "Russia"}).status_code == 200


def test_an_admin_save_on_a_read_only_index_is_saved_and_says_the_index_is_behind(
    read_only_index, admin_client, django_capture_on_commit_callbacks
):
    from tests.admin.helpers import form_data

    # GIVEN an editor's change form, while the index cannot be written
    article = Article.objects.published().first()
    url = f"/admin/archive/article/{article.pk}/change/"
    data = form_data(admin_client.get(url))
    data["title"] = "Quartzite negotiations resume"
    # WHEN it is saved
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    # THEN the save is kept (a redirect, not a 500), the change is queued, and the editor is told
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Quartzite negotiations resume"
    assert IndexChange.objects.filter(article_id=article.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("search index is behind" in m and "not writable" in m for m in messages), messages


def test_an_admin_save_on_a_writable_index_says_nothing_about_the_index(archive, admin_client):
    from tests.admin.helpers import form_data

    article = Article.objects.published().first()
    url = f"/admin/archive/article/{article.pk}/change/"
    data = form_data(admin_client.get(url))
    data["title"] = "Quartzite negotiations resume"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert not any("search index" in str(m) for m in response.wsgi_request._messages)

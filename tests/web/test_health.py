"""/healthz: the database, the live index's build and generation, the pending index queue; 200 or 503."""

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from archive.models import IndexChange

pytestmark = pytest.mark.django_db


def test_healthy_archive_answers_200_with_the_index_and_queue(client, archive, django_assert_max_num_queries):
    # GIVEN the seeded archive, indexed
    # WHEN a monitor polls /healthz (after its first poll, which also looks for the rate limits' table)
    client.get("/healthz")
    # cheap enough to poll every second: one tiny query, no search (PostgreSQL: one more, whether it may be written)
    with django_assert_max_num_queries(1 if connection.vendor == "sqlite" else 2):
        response = client.get("/healthz")
    # THEN it answers 200 with what it checked
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["status"] == "ok" and data["database"] is True and data["index"] is True
    assert data["index_generation"] >= 0 and data["index_build"]
    assert data["queue"] == 0 and data["queue_oldest_age"] is None and data["queue_stalled"] is False


def test_the_queue_length_and_the_age_of_its_oldest_row_are_reported(client, archive, settings):
    # GIVEN two index changes waiting, the oldest 30 s old
    IndexChange.objects.create(article_id=1)
    IndexChange.objects.create(article_id=2)
    IndexChange.objects.filter(article_id=1).update(created_at=timezone.now() - dt.timedelta(seconds=30))
    data = client.get("/healthz").json()
    assert data["queue"] == 2 and data["queue_oldest_age"] >= 30 and data["status"] == "ok"
    # WHEN the oldest waits longer than the documented threshold
    settings.ARCHIVE_HEALTH_MAX_QUEUE_AGE = 20
    response = client.get("/healthz")
    # THEN the writer is stuck: 503
    assert response.status_code == 503 and response.json()["queue_stalled"] is True


def test_a_missing_index_answers_503(client, db):
    # GIVEN a migrated database but no index built in this data dir
    response = client.get("/healthz")
    # THEN the archive is not healthy
    assert response.status_code == 503
    data = response.json()
    assert data["index"] is False and data["database"] is True and data["status"] == "unhealthy"


def test_a_data_disk_nearly_full_answers_503_before_saves_fail(client, archive, settings, monkeypatch):
    import shutil

    # GIVEN the data dir's disk with less free space than the documented floor (200 MB by default)
    settings.ARCHIVE_HEALTH_MIN_FREE_MB = 200
    usage = shutil.disk_usage(settings.ARCHIVE_DATA_DIR)
    monkeypatch.setattr("archive.health.shutil.disk_usage", lambda path: usage._replace(free=50 * 2**20))
    # WHEN a monitor polls THEN it hears of it while there is room (an editor's save answered 500, "ok" said)
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 503 and data["status"] == "unhealthy"
    assert data["disk_free_mb"] == 50 and data["disk_low"] is True
    # AND with room it is healthy
    monkeypatch.setattr("archive.health.shutil.disk_usage", lambda path: usage._replace(free=5 * 2**30))
    assert client.get("/healthz").json()["disk_low"] is False


def test_an_unreachable_database_answers_503(client, archive):
    # GIVEN a database that refuses connections
    with mock.patch("archive.health.IndexChange.objects.aggregate", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    # THEN /healthz says so with a 503 (and still reports the index)
    assert response.status_code == 503
    data = response.json()
    assert data["database"] is False and data["queue"] is None and data["index"] is True


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's files")
def test_a_sqlite_database_that_cannot_be_written_answers_503_saying_so(client, archive, monkeypatch, tmp_path):
    import os

    # GIVEN the server's SQLite database file, writable
    database = tmp_path / "archive.sqlite3"
    database.touch()
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database_read_only"] is None
    # WHEN its disk is remounted read-only (access() says EROFS, to root too): the reads still answer
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: path != database and real_access(path, mode))
    response = client.get("/healthz")
    # THEN /healthz answers 503 naming the file, not "ok" while every login and save fails
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "unhealthy" and data["database"] is True
    assert data["database_read_only"] == f"the SQLite database's {database} cannot be written by this user"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's read-only sessions")
def test_a_postgresql_database_that_cannot_be_written_answers_503_saying_so(client, archive):
    # GIVEN a PostgreSQL database that answers THEN it is healthy
    assert client.get("/healthz").json()["database_read_only"] is None
    # WHEN the session becomes read-only (as on a standby, or default_transaction_read_only set on the server)
    savepoint = transaction.savepoint()  # its rollback ends the read-only mode: the test's teardown writes
    with connection.cursor() as cursor:
        cursor.execute("SET transaction_read_only = on")
    response = client.get("/healthz")
    transaction.savepoint_rollback(savepoint)
    # THEN /healthz answers 503 saying so
    assert response.status_code == 503
    assert "read-only" in response.json()["database_read_only"]


def test_healthz_is_not_rate_limited(client, archive, settings):
    settings.ARCHIVE_RATE_LIMIT = 1
    assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5


def test_a_damaged_index_answers_503_and_names_the_missing_segment(client, archive):
    from archive.search import live_path

    # GIVEN the live index with its segment file deleted (a disk fault, a bad restore)
    segments = sorted(live_path().resolve().glob("*.seg"))
    assert segments, "the seed index has a segment file"
    segments[0].unlink()
    # WHEN a monitor polls /healthz, before any search has tried to read the index
    response = client.get("/healthz")
    # THEN the archive is reported unhealthy, with the cause
    assert response.status_code == 503
    data = response.json()
    assert data["index"] is False and data["database"] is True
    assert segments[0].stem in data["index_damage"]


def test_the_answering_workers_warm_up_is_reported_and_never_unhealthy(client, archive, monkeypatch):
    # GIVEN a process that never warmed up (runserver, a test) THEN /healthz says so, healthy
    data = client.get("/healthz").json()
    assert data["warm_up"] == {"state": "not started"} and data["status"] == "ok"
    # WHEN a worker's warm-up is under way (tests/search/test_startup_warm.py: its states) THEN still 200
    monkeypatch.setattr("archive.health.warm_state", lambda: {"state": "warming"})
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["warm_up"] == {"state": "warming"}


def test_an_empty_index_over_published_articles_answers_503_and_an_empty_archive_200(client, archive):
    from archive.models import Article
    from archive.search import make_live, new_index_dir

    # GIVEN the database's articles and an empty live index (what a first search made when the database was restored
    # on a new host without its index: every search found nothing and /healthz said ok)
    make_live(new_index_dir())
    response = client.get("/healthz")
    # THEN the archive is unhealthy, and says what to run
    assert response.status_code == 503
    assert "holds no article" in response.json()["index_damage"] and "build_index" in response.json()["index_damage"]
    # AND an archive with no article yet (a first run) is healthy with its empty index
    Article.objects.all().delete()
    assert client.get("/healthz").status_code == 200


def test_a_poll_that_finds_the_index_sound_lets_a_failed_warm_up_try_again(client, archive, monkeypatch):
    # GIVEN a worker (tests/search/test_startup_warm.py: what it does with this)
    polled = []
    monkeypatch.setattr("archive.health.warm_again_if_repaired", lambda *index: polled.append(index))
    # WHEN /healthz finds the index sound THEN it hands the worker the index's build and generation
    data = client.get("/healthz").json()
    assert polled == [(data["index_build"], data["index_generation"])]


def test_an_index_directory_this_user_cannot_read_is_said_so(client, archive, monkeypatch):
    import os

    from archive.search import index_problem, live_path

    # GIVEN an index directory the server's user may not list (a build made by another user: mode 700)
    target = os.path.realpath(live_path())
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: os.path.realpath(path) != target and real_access(path, mode))
    monkeypatch.setattr("archive.health.index_generation", lambda path: -1)  # what Whoosh then finds: nothing
    # THEN /healthz and the build's check name the permissions, not a missing index
    said = f"the index directory {target} cannot be read by this user (permission denied)"
    assert client.get("/healthz").json()["index_damage"] == said
    assert index_problem() == said


def test_a_missing_rate_limit_table_answers_503(client, archive, no_counter_table):
    # GIVEN no rate-limit counter table (`createcachetable` not run: no request is limited)
    # WHEN a monitor polls /healthz THEN it answers 503 and says so
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["rate_limit_table"] is False
    assert response.json()["status"] == "unhealthy"

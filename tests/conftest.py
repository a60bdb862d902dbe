"""Every test gets a temporary data dir and its own empty search index."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from hypothesis import settings as hypothesis_settings

# No test asserts on wall-clock time: hypothesis's per-example deadline would fail on a busy machine.
hypothesis_settings.register_profile("archive", deadline=None)
hypothesis_settings.load_profile("archive")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578"


@pytest.fixture(scope="session", autouse=True)
def set_up_templates(tmp_path_factory):
    """tests/processes.py's `set_up` builds each configuration's archive once per session here and copies it;
    the templates (and their PostgreSQL databases) go at the end of the session."""
    from tests.processes import templates

    with templates(tmp_path_factory.mktemp("set-up-templates")):
        yield


@pytest.fixture(autouse=True)
def archive_data_dir(tmp_path_factory):
    """Point the data dir and the index at a fresh temporary directory for this test."""
    from haystack import connections

    from archive import gazetteers

    data_dir = Path(tempfile.mkdtemp(prefix="archive-test-", dir=tmp_path_factory.getbasetemp()))
    saved = (settings.ARCHIVE_DATA_DIR, settings.ARCHIVE_INDEX_PATH, settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    settings.ARCHIVE_DATA_DIR = data_dir
    settings.ARCHIVE_INDEX_PATH = data_dir / "index"
    settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = str(data_dir / "index")
    connections.connections_info["default"]["PATH"] = str(data_dir / "index")
    connections.reload("default")
    gazetteers.clear_cache()
    cache.clear()  # rate-limit counters and the like start afresh
    caches["answers"].clear()  # and no search answer is kept from another test's index
    yield data_dir
    settings.ARCHIVE_DATA_DIR, settings.ARCHIVE_INDEX_PATH, settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = saved
    connections.connections_info["default"]["PATH"] = saved[2]
    connections.reload("default")
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def editor(db):
    """A member of the Editors group, as `create_editor` makes one."""
    from archive.editors import ensure_editors_group

    user = get_user_model().objects.create_user("editor", "editor@example.org", "an-editor-password", is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def reuters_dir() -> Path:
    if not REUTERS.is_dir():
        pytest.skip("../shared/corpora/reuters21578 is not here")
    return REUTERS


@pytest.fixture
def archive(db, seeds_dir, django_capture_on_commit_callbacks):
    """The seed articles imported and indexed, as `make run` leaves them."""
    from archive.importers import import_paths

    with django_capture_on_commit_callbacks(execute=True):
        return import_paths([seeds_dir])


@pytest.fixture
def no_counter_table(db, monkeypatch):
    """The database as `migrate` leaves it without `createcachetable` (the test's transaction puts the table back)."""
    from django.db import connection

    from archive import ratelimit

    monkeypatch.setattr(ratelimit, "_table_seen", False)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name('archive_ratelimit')}")

"""Fixtures the web tests share."""

from __future__ import annotations

import pytest

from archive.importers import import_paths
from tests.search.entity_archive import write_entity_archive


@pytest.fixture
def entities(db, tmp_path, django_capture_on_commit_callbacks):
    """The small archive of known entities, dates, sources and bylines (tests/search/entity_archive.py), indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([write_entity_archive(tmp_path)])

"""Editors, the seeded archive, and helpers to drive admin forms and check what search shows."""

from __future__ import annotations

import pytest

from archive.importers import import_paths
from archive.models import Article


@pytest.fixture
def seeded(seeds_dir, django_capture_on_commit_callbacks):
    """The seed articles, imported and indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([seeds_dir])


@pytest.fixture
def article():
    def get(ref: str) -> Article:
        return Article.objects.get(import_ref=ref)

    return get


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the after-commit index writer, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

"""Ingest tests are pure parsing: no Django, no data dir, no search index.

tests/conftest.py gives every test a temporary data dir through an autouse fixture that
needs Django settings. Overriding it here (same name, nothing to set up) keeps these tests
runnable with ``-p no:django`` and independent of the rest of the project.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def archive_data_dir() -> Iterator[None]:
    yield None

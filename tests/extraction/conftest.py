"""Extraction tests are pure functions: no Django, no data dir, no search index.

tests/conftest.py gives every test a temporary data dir through an autouse fixture that
needs Django settings; overriding it here keeps these tests runnable with ``-p no:django``.
The gazetteer is what a fresh database holds: default_country_rows() plus the shipped
fixtures/organisations.json.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archive.extraction import (
    Extraction,
    Gazetteer,
    build_gazetteer,
    default_country_rows,
    extract,
    load_organisation_fixture,
)
from archive.extraction.fixtures import ORGANISATION_FIXTURE


@pytest.fixture(autouse=True)
def archive_data_dir() -> Iterator[None]:
    yield None


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return build_gazetteer(default_country_rows(), load_organisation_fixture(ORGANISATION_FIXTURE))


@pytest.fixture(scope="session")
def run(gazetteer: Gazetteer):
    """run(body, title=..., dateline=...) -> Extraction, with the shipped gazetteer."""

    def _run(body: str, *, title: str = "", dateline: str = "") -> Extraction:
        return extract(title=title, body=body, dateline=dateline, gazetteer=gazetteer)

    return _run


@pytest.fixture(scope="session")
def countries(run):
    """countries(body, ...) -> set of tagged ISO codes."""
    return lambda body, **kw: {t.key for t in run(body, **kw).countries}


@pytest.fixture(scope="session")
def organisations(run):
    """organisations(body, ...) -> set of tagged organisation slugs."""
    return lambda body, **kw: {t.key for t in run(body, **kw).organisations}

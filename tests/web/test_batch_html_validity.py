"""The Nu HTML Checker finds no error in the batch search page: empty, with results, and refusing a list."""

from __future__ import annotations

import pytest

from tests.checkers import nu

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # one Java start: about 5 s


def test_the_batch_pages_are_valid_html(archive, client, settings, tmp_path):
    settings.ARCHIVE_BATCH_LIMIT = 3
    pages = {
        "batch, empty": client.get("/batch/"),
        "batch, results": client.post("/batch/", {"queries": "Pakistan\n*stan\nASEAN", "country": "PK"}),
        "batch, over the limit": client.post("/batch/", {"queries": "a\nb\nc\nd"}),
    }
    assert [response.status_code for response in pages.values()] == [200, 200, 400]
    found = nu.errors({name: response.content.decode() for name, response in pages.items()}, tmp_path)
    assert not found, "\n".join(f"{page}:\n  " + "\n  ".join(messages) for page, messages in found.items())

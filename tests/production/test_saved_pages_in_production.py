"""Saved web pages under gunicorn with DJANGO_DEBUG=0: an imported page's article renders, and its raw view
sends the page's markup as sandboxed plain text (production's headers and middleware included)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.processes import manage, seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow

PAGE = Path(__file__).resolve().parents[1] / "ingest" / "pages" / "wire_story.html"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A production server over the seeds and one saved web page imported with import_articles."""
    folder = tmp_path_factory.mktemp("web")
    shutil.copy(PAGE, folder / "kenya.html")

    def prepare(env: dict[str, str]) -> None:
        manage(env, "import_articles", str(folder), "--no-progress", timeout=300, check=True)

    with seeded_server(tmp_path_factory.mktemp("production"), prepare=prepare) as running:
        yield running


def test_an_imported_page_renders_and_its_raw_view_is_sandboxed_text(server):
    # GIVEN the page was imported; WHEN its story is searched for
    status, _, html = fetch(server.url + "/?q=Lamu+pipeline")
    assert status == 200
    [link] = set(re.findall(r'href="(/articles/(\d+)/[^"?]+/)[?"]', html))
    # THEN its article page renders under its own headline
    status, _, article = fetch(server.url + link[0])
    assert status == 200 and "Kenya and Uganda sign pipeline deal after two years of talks" in article
    # AND its raw view is the page exactly as received, as plain text that no browser runs
    status, headers, raw = fetch(server.url + f"/articles/{link[1]}/raw/")
    assert status == 200
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert raw == PAGE.read_text(encoding="utf-8")

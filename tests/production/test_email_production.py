"""Issue 19, e-mails: under gunicorn with DJANGO_DEBUG=0, an imported e-mail's article page lists its
attachments and a download answers as a download (nosniff, a generic type), the upload page offers .eml."""

from __future__ import annotations

import re

import pytest

from tests.ingest.mails import mail
from tests.processes import manage, seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow

STORY = "The zirconium mine near Termez reopened on Monday after two years, the Uzbek mining ministry said."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("email-production")
    path = data_dir / "mail" / "brief.eml"
    path.parent.mkdir()
    path.write_bytes(
        mail(
            subject="Zirconium mine reopens", text=STORY, attachments=(("notes.txt", "text/plain", b"Notes."),)
        ).as_bytes()
    )

    def prepare(env):
        manage(env, "import_articles", str(path), "--attachments", "--no-progress", check=True)

    with seeded_server(data_dir, prepare=prepare) as running:
        yield running


def test_an_emails_page_and_attachment_answer_under_gunicorn(server):
    # GIVEN the imported e-mail, found by search
    status, _, html = fetch(server.url + "/?q=zirconium")
    assert status == 200, html[:2000]
    page = re.search(r'href="(/articles/\d+/zirconium-mine-reopens/)', html)
    assert page, html[:3000]
    # WHEN its page is fetched
    status, _, article = fetch(server.url + page[1])
    # THEN it lists its attachment with a download link
    assert status == 200, article[:2000]
    link = re.search(r'href="(/articles/\d+/attachments/1/)" download>notes.txt</a>', article)
    assert link, article[:3000]
    # AND the download answers with the bytes, as an attachment, nosniff
    status, headers, body = fetch(server.url + link[1])
    assert (status, body) == (200, "Notes.")
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    # AND an unknown attachment is a 404 page, not a 500
    assert fetch(server.url + link[1].replace("/1/", "/9/"))[0] == 404

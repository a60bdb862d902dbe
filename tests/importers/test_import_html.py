"""Saved web pages through the importer: stored with their metadata, tagged, searchable, idempotent; bad pages
reported by name while the rest imports; the raw view shows the page as text, never as a page."""

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importers import import_paths
from archive.models import Article, Precision
from tests.admin.helpers import found

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parents[1] / "ingest" / "pages"


@pytest.fixture
def saved_pages(tmp_path):
    """The three hand-written pages (one as .htm), a text file named .html and a page of links only."""
    folder = tmp_path / "web"
    folder.mkdir()
    shutil.copy(PAGES / "wire_story.html", folder / "wire_story.html")
    shutil.copy(PAGES / "local_blog.html", folder / "local_blog.htm")
    (folder / "old_table.html").write_bytes((PAGES / "old_table.html").read_text().encode("iso-8859-1"))
    (folder / "notes.html").write_text("Call the mill's owners back on Monday about the closure.\n")
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>")
    return folder


def test_saved_pages_import_with_their_metadata_and_tags(saved_pages, django_capture_on_commit_callbacks):
    # GIVEN a folder of saved pages, two of them not articles
    # WHEN it is imported
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([saved_pages])
    # THEN the three articles are new, and the two bad files fail with a reason each, named by their file
    assert report.total("new") == 3
    failed = {Path(f.path).name: f.failed for f in report.failed_files}
    assert set(failed) == {"notes.html", "menu.html"}
    assert "not an HTML page" in failed["notes.html"][0]
    assert "no article text" in failed["menu.html"][0]
    # AND the wire story keeps the page's metadata, its reference is the file, its raw text the page as received
    wire = Article.objects.get(import_ref=f"{saved_pages.name}/wire_story.html")
    assert wire.title == "Kenya and Uganda sign pipeline deal after two years of talks"
    assert (wire.published, wire.precision) == (dt.date(2023, 6, 20), Precision.DAY)
    assert (wire.source.name, wire.author, wire.dateline_place) == (
        "Harbour Times",
        "Grace Wanjiru; Samuel Okello",
        "Nairobi",
    )
    assert wire.url == "https://www.harbourtimes.example/world/africa/kenya-uganda-pipeline-2023-06-20/"
    assert wire.raw_text == (PAGES / "wire_story.html").read_text()
    assert wire.captions and "signing ceremony" in wire.captions[0]
    # AND it is tagged through the one text-to-entities path, and searchable at once
    assert {"KE", "UG"} <= set(wire.countries.values_list("code", flat=True))
    assert found(q="Lamu pipeline") == [wire.pk]
    # AND the Latin-1 page was read as such
    mill = Article.objects.get(import_ref=f"{saved_pages.name}/old_table.html")
    assert "Hélène Dufresne" in mill.body and mill.source.name == "The Northern Post"


def test_importing_the_pages_again_changes_nothing(saved_pages):
    first = import_paths([saved_pages])
    second = import_paths([saved_pages])
    assert (first.total("new"), second.total("new"), second.total("updated")) == (3, 0, 0)
    assert second.total("unchanged") == 3
    assert Article.objects.count() == 3


def test_the_command_imports_pages_and_exits_non_zero_for_the_bad_ones(saved_pages):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(saved_pages), "--no-progress", stdout=out, stderr=err)
    assert "notes.html" in out.getvalue() and "not an HTML page" in err.getvalue()
    assert Article.objects.count() == 3


def test_the_raw_view_shows_the_page_as_text_never_rendered(client, tmp_path):
    # GIVEN a saved page with a script in it, imported
    html = (
        (PAGES / "wire_story.html")
        .read_text()
        .replace("</body>", "<script>document.title='owned'</script><img src=x onerror=alert(1)></body>")
    )
    (tmp_path / "page.html").write_text(html)
    assert import_paths([tmp_path]).total("new") == 1
    article = Article.objects.get()
    # WHEN its raw text is asked for
    response = client.get(f"/articles/{article.pk}/raw/")
    # THEN it is the page's markup as plain text, not to be sniffed, in a sandbox that runs nothing
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content.decode() == html
    # AND the article page itself shows the story's text, not the page's scripts
    page = client.get(article.get_absolute_url()).content.decode()
    assert "document.title='owned'" not in page and "onerror=alert" not in page
    assert "Lake Albert" in page


def test_a_page_saved_behind_a_paywall_is_imported_with_a_warning_saying_so(tmp_path):
    """GIVEN a page saved behind a paywall (its free paragraph, then "Subscribe to continue reading")
    WHEN the command imports it THEN the article is stored and the report warns that its text may be the free part
    only; WHEN it is imported again THEN it is unchanged and the warning is not repeated."""
    (tmp_path / "ledger.html").write_text(
        "<html><body><article><h1>Water deal</h1><p>Creditors and ministers spent six weeks negotiating behind "
        "closed doors before agreeing the outline of a rescue.</p><p>Subscribe to continue reading</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", stdout=out)
    assert (
        f"  warning: {tmp_path.name}/ledger.html: a paywall's prompt was in the page: the text may be its free part "
        "only (17 words)"
    ) in out.getvalue()
    assert Article.objects.get().body.endswith("outline of a rescue.")
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", stdout=out)
    assert "warning" not in out.getvalue() and "1 unchanged" in out.getvalue()

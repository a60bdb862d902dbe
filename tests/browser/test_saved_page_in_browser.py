"""A real browser: an imported web page's article reads as a story, and its raw view shows the page's markup
as text: its scripts never run."""

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from archive.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]

PAGES = Path(__file__).resolve().parents[1] / "ingest" / "pages"
TRAP = "<script>document.title='owned';document.body.innerHTML='owned'</script>"


def test_an_imported_page_and_its_raw_view(live_server, browser, tmp_path, screenshot):
    # GIVEN a saved news page with a script in it, imported
    load_gazetteers()  # a transactional test starts from an emptied database
    html = (PAGES / "wire_story.html").read_text().replace("</body>", f"{TRAP}</body>")
    (tmp_path / "kenya.html").write_text(html)
    assert import_paths([tmp_path]).total("new") == 1
    article = Article.objects.get()
    # WHEN a reader opens the article
    browser.get(live_server.url + article.get_absolute_url())
    # THEN it reads as the story, under its own headline, with its date and outlet
    assert (
        browser.find_element(By.TAG_NAME, "h1").text == "Kenya and Uganda sign pipeline deal after two years of talks"
    )
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Lake Albert" in page and "Harbour Times" in page and "owned" not in browser.title
    screenshot("saved-page-article")
    # WHEN the reader opens the raw text
    browser.get(live_server.url + f"/articles/{article.pk}/raw/")
    # THEN the page's markup is shown as text, the script with it, and nothing of it ran
    shown = browser.find_element(By.TAG_NAME, "body").text
    assert TRAP in shown and "<!DOCTYPE html>" in shown
    assert browser.title != "owned"
    screenshot("saved-page-raw")

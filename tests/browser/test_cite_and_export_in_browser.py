"""A real browser: the search page's Export menu downloads the search, the article page's citation block."""

import bibtexparser
import pytest
import rispy
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()
    import_paths([seeds_dir])


def test_the_export_menu_downloads_the_search_in_the_chosen_format(
    live_server, browser, archive, downloads, screenshot
):
    # GIVEN a search with a query, a country filter and an order
    browser.get(live_server.url + "/?q=pakistan&country=RU&sort=oldest")
    count = browser.find_element(By.ID, "results-heading").text.split()[0]
    # WHEN the reader opens Export, picks RIS and asks for the full text
    menu = browser.find_element(By.CSS_SELECTOR, "details.export")
    menu.find_element(By.TAG_NAME, "summary").click()
    Select(menu.find_element(By.NAME, "format")).select_by_value("ris")
    menu.find_element(By.NAME, "include").click()
    screenshot("export-menu")
    # THEN the request the form makes carries the search, the format and the body
    query = browser.execute_script(
        "return new URLSearchParams(new FormData(arguments[0])).toString();",
        menu.find_element(By.TAG_NAME, "form"),
    )
    assert query == "q=pakistan&country=RU&sort=oldest&format=ris&include=body"
    # AND Download saves a RIS file with the search's articles, bodies included
    menu.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    entries = rispy.loads(downloads(".ris").read_text(encoding="utf-8"))
    assert len(entries) == int(count) and all(entry.get("abstract") for entry in entries)
    assert browser.current_url.endswith("/?q=pakistan&country=RU&sort=oldest")  # the page stays


def test_the_citation_block_shows_three_styles_and_downloads_bibtex(
    live_server, browser, archive, downloads, follow, screenshot
):
    browser.get(live_server.url + "/?q=pakistan&sort=oldest")
    follow(browser.find_element(By.CSS_SELECTOR, ".hit h2 a"))
    # the permalink: the page's address without the search it came from (?back=...)
    permalink = browser.current_url.split("?")[0]
    block = browser.find_element(By.CSS_SELECTOR, "section.cite")
    summaries = block.find_elements(By.TAG_NAME, "summary")
    assert [s.text for s in summaries] == ["APA (7th edition)", "Chicago (author-date)", "MLA (9th edition)"]
    # THEN APA is open, the others open on a click (no script needed)
    apa = block.find_element(By.ID, "citation-apa")
    assert apa.is_displayed() and permalink in apa.text
    chicago = block.find_element(By.ID, "citation-chicago")
    assert not chicago.is_displayed()
    summaries[1].click()
    WebDriverWait(browser, 30).until(lambda _: chicago.is_displayed())
    browser.execute_script("arguments[0].scrollIntoView()", block)
    screenshot("cite-block")
    # AND the copy button (static/archive/cite.js, allowed by the CSP) is shown where the clipboard exists
    button = block.find_element(By.CSS_SELECTOR, "button[data-copy=citation-apa]")
    assert button.is_displayed()
    button.click()
    label = button.find_element(By.CLASS_NAME, "copy-label")
    WebDriverWait(browser, 30).until(lambda _: label.text in ("Copied", "Select the text to copy"))
    # (said through the block's live region too)
    status = block.find_element(By.CSS_SELECTOR, "[role=status]")
    assert status.get_attribute("textContent") in ("Copied", "Select the text to copy")
    # AND the BibTeX link downloads an entry whose url is the page's permalink
    block.find_element(By.LINK_TEXT, "BibTeX").click()
    [entry] = bibtexparser.parse_string(downloads(".bib").read_text(encoding="utf-8")).entries
    assert entry["url"] == permalink

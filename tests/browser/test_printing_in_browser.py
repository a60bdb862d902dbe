"""A real browser prints pages (Chromium's print to PDF, read back with pdfminer): the content without the controls."""

import base64
import io
import re
import unicodedata
from collections import Counter

import pytest
from pdfminer.high_level import extract_text
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()
    import_paths([seeds_dir])


def _printed(browser) -> str:
    """The page as Chromium prints it (A4, print media), as the PDF's text without spaces or line breaks (a long
    URL is broken across lines) and with the font's ligatures ("ﬁ") spelled out."""
    return _squeezed(_printed_text(browser))


def _printed_text(browser) -> str:
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    return extract_text(io.BytesIO(pdf))


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_a_printed_article_keeps_its_text_facts_and_citation_without_the_site_controls(
    live_server, browser, archive, follow
):
    # GIVEN an article opened from a search (so it has a back link and highlighted words)
    browser.get(live_server.url + "/?q=pakistan&sort=oldest")
    follow(browser.find_element(By.CSS_SELECTOR, ".hit h2 a"))
    title = browser.find_element(By.TAG_NAME, "h1").text
    permalink = live_server.url + browser.execute_script("return location.pathname")
    assert browser.find_elements(By.CSS_SELECTOR, ".body mark")
    # WHEN the reader prints it
    text = _printed(browser)
    # THEN the paper holds the article, its tags, its facts and the open citation with the permalink
    first_words = " ".join(browser.find_element(By.CSS_SELECTOR, ".body p").text.split()[:6])
    for kept in (title, first_words, "Tagged", "About this article", "Cite this article", permalink):
        assert _squeezed(kept) in text, kept
    # AND the note that says the marked words are the search's, not the article's emphasis
    assert _squeezed("Words from your search “pakistan” are highlighted.") in text
    # AND none of the site's navigation and controls
    for dropped in (
        "Skip to content",
        "Batch search",
        "Back to search",
        "Show without highlighting",
        "Download the reference",
        "Related articles",
        "Copy",
        "Chicago (author-date)",
    ):
        assert _squeezed(dropped) not in text, dropped


def test_a_printed_article_names_its_address_in_the_archive_with_its_citation_closed(live_server, browser, archive):
    # GIVEN an article with no original URL on record, its citation closed by the reader
    from archive.models import Article

    article = Article.objects.filter(url="").order_by("pk").first()
    browser.get(live_server.url + article.get_absolute_url())
    for style in browser.find_elements(By.CSS_SELECTOR, "details.cite-style[open]"):
        browser.execute_script("arguments[0].open = false", style)
    # WHEN it is printed THEN the paper still says where the article is, and that no original address is known
    text = _printed(browser)
    assert _squeezed("In this archive" + live_server.url + article.get_absolute_url()) in text
    assert _squeezed("Original URLNone recorded") in text


def test_a_printed_search_keeps_its_count_filters_and_results_without_the_controls(live_server, browser, archive):
    # GIVEN a filtered search
    browser.get(live_server.url + "/?q=pakistan&country=RU")
    heading = browser.find_element(By.ID, "results-heading").text
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")]
    assert titles
    # WHEN the reader prints it
    text = _printed(browser)
    # THEN the paper holds the count, the active filter and every result on the page
    assert _squeezed(heading) in text and "Russia" in text
    for title in titles:
        assert _squeezed(title) in text, title
    # AND not the search form, the facet lists or the links to feeds, exports and alerts
    for dropped in (
        "Search the archive",
        "How to search",
        "Sort by",
        "This search as a feed",
        "Export these",
        "Get e-mail alerts",
    ):
        assert _squeezed(dropped) not in text, dropped


def test_printed_key_words_in_context_keep_every_line_whole(live_server, browser, archive):
    # GIVEN a search's key words in context, with more words each side than a sheet is wide
    browser.get(live_server.url + "/concordance/?q=pakistan&context=12")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.kwic tbody tr")
    cells = [cell.get_attribute("textContent") for row in rows for cell in row.find_elements(By.TAG_NAME, "td")[:3]]
    assert len(cells) > 9
    # WHEN the reader prints it
    text = _printed_text(browser)
    # THEN every word of every line is on paper (the cells wrap, none is cut; the PDF's text runs line by line
    # across the columns, so the words are counted, not read in order)
    printed = Counter(_words(text))
    assert not Counter(word for cell in cells for word in _words(cell)) - printed
    # AND not the controls
    for dropped in ("Words each side", "Arrange:", "Download every line", "Back to the search"):
        assert _squeezed(dropped) not in _squeezed(text), dropped


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text))

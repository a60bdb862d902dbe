"""A real browser: search, go to page 2, open a result (the search's words are highlighted), go back to the
same search, filters and page."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def many_articles(tmp_path):
    """45 wheat stories, 27 of them about Pakistan: two pages of results for ?q=wheat&country=PK."""
    load_gazetteers()  # a transactional test starts from an emptied database
    lines = [
        json.dumps(
            {
                "id": n,
                "title": f"Report {n} on wheat exports",
                "body": f"Officials discussed wheat exports, item {n}.\n\nPrices <b>rose</b> & fell.",
                "published": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "countries": ["PK"] if n % 5 < 3 else ["RU"],
                "organisations": [],
            }
        )
        for n in range(45)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    import_paths([path])


def test_back_to_search_returns_to_the_same_page_and_filters(live_server, browser, many_articles, follow, screenshot):
    # GIVEN a reader on page 2 of a filtered, sorted search
    browser.get(live_server.url + "/?q=wheat+exports&country=PK&sort=oldest")
    assert browser.find_element(By.ID, "results-heading").text.startswith("27 articles")
    follow(browser.find_element(By.CSS_SELECTOR, "a[rel=next]"))
    search_url = browser.current_url
    assert parse_qs(urlsplit(search_url).query)["page"] == ["2"]
    first_title = browser.find_element(By.CSS_SELECTOR, ".hit h2 a").text
    feeds = browser.find_element(By.CSS_SELECTOR, ".feed-link")
    assert feeds.text == "This search as a feed: RSS · Atom · JSON"
    feeds.screenshot(str(screenshot("search-page-2").with_name("search-feed-links.png")))

    # WHEN they open the first result on that page
    follow(browser.find_element(By.CSS_SELECTOR, ".hit h2 a"))
    # THEN the article shows the search's words highlighted, its markup-like text as text, and a byline
    assert browser.find_element(By.TAG_NAME, "h1").text == first_title
    marks = [mark.text for mark in browser.find_elements(By.CSS_SELECTOR, ".body mark")]
    assert marks == ["wheat", "exports"]
    assert "Prices <b>rose</b> & fell." in browser.find_element(By.CSS_SELECTOR, ".body").text
    assert "2023" in browser.find_element(By.CSS_SELECTOR, ".byline").text
    screenshot("article-from-search")

    # WHEN they follow "Back to search" THEN they are on the same search, filters, sort and page
    follow(browser.find_element(By.LINK_TEXT, "← Back to search"))
    assert parse_qs(urlsplit(browser.current_url).query) == parse_qs(urlsplit(search_url).query)
    assert browser.find_element(By.CSS_SELECTOR, ".hit h2 a").text == first_title
    assert browser.find_element(By.ID, "results-heading").text.startswith("27 articles")


def test_previous_result_from_the_top_of_page_2_leads_to_the_end_of_page_1_and_back_there(
    live_server, browser, many_articles, follow, screenshot
):
    # GIVEN the reader on the first result of page 2 of a search
    browser.get(live_server.url + "/?q=wheat+exports&country=PK&sort=oldest&page=2")
    follow(browser.find_element(By.CSS_SELECTOR, ".hit h2 a"))
    nav = browser.find_element(By.CSS_SELECTOR, ".result-nav")
    assert nav.find_element(By.CSS_SELECTOR, ".result-number").text == "Result 21 of 27"
    screenshot("article-result-navigation")
    # WHEN they go to the previous result
    follow(nav.find_element(By.LINK_TEXT, "‹ Previous result"))
    # THEN it is the last result of page 1, and "Back to search" leads to page 1
    assert browser.find_element(By.CSS_SELECTOR, ".result-number").text == "Result 20 of 27"
    title = browser.find_element(By.TAG_NAME, "h1").text
    follow(browser.find_element(By.LINK_TEXT, "← Back to search"))
    assert "page" not in parse_qs(urlsplit(browser.current_url).query)
    assert browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")[-1].text == title

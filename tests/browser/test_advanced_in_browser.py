"""A real browser: a search taken to the advanced form, changed there and sent back."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([seeds_dir])


def _value(browser, name: str) -> str:
    return browser.find_element(By.NAME, name).get_attribute("value")


def test_a_search_is_changed_in_the_advanced_form_and_sent_back(live_server, browser, archive, screenshot, follow):
    # GIVEN a reader's search of words under two countries, newest first
    browser.get(live_server.url + "/?q=pakistan+-canada&country=PK&country=RU&sort=newest")
    before = int(browser.find_element(By.ID, "results-heading").text.split()[0])
    # WHEN they follow "Advanced search" beside the box
    follow(browser.find_element(By.LINK_TEXT, "Advanced search"))
    # THEN the form holds the search: the words in their boxes, the two countries as written, the order kept
    assert "Filled in with your search" in browser.find_element(By.TAG_NAME, "main").text
    assert (_value(browser, "all_words"), _value(browser, "none_words")) == ("pakistan", "canada")
    assert _value(browser, "written") == "(country:PK OR country:RU)"
    assert Select(browser.find_element(By.NAME, "sort")).first_selected_option.text == "Newest first"
    screenshot("advanced-from-a-search", 1280, 1300)
    # WHEN they send it as it is THEN the search finds what it found
    follow(browser.find_element(By.CSS_SELECTOR, ".advanced-form button[type=submit]"))
    assert int(browser.find_element(By.ID, "results-heading").text.split()[0]) == before
    assert _value(browser, "q") == "(country:PK OR country:RU) pakistan -canada"
    # WHEN they go back to the form, ask for words in the title and send it
    follow(browser.find_element(By.LINK_TEXT, "Advanced search"))
    assert _value(browser, "written") == "(country:PK OR country:RU) pakistan -canada"  # now kept whole
    browser.find_element(By.NAME, "title_words").send_keys("russia")
    follow(browser.find_element(By.CSS_SELECTOR, ".advanced-form button[type=submit]"))
    # THEN the search box says it all, and fewer articles match
    assert _value(browser, "q") == "(country:PK OR country:RU) pakistan -canada title:russia"
    assert 0 < int(browser.find_element(By.ID, "results-heading").text.split()[0]) < before

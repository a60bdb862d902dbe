"""A real browser at a phone's width and at a desk's: the filters one tap away, pages that fit 390 px, a sort
control that applies as soon as it changes."""

from urllib.parse import urlencode

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def two_per_page(settings):
    settings.ARCHIVE_RESULTS_PER_PAGE = 2  # 45 articles: 23 pages


def test_on_a_phone_filters_are_one_tap_away_and_pages_fit(
    live_server, browser, larger_archive, two_per_page, follow, screenshot
):
    # GIVEN a phone WHEN a reader is on page 12 of a search
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/?q=wheat&page=12")
    screenshot("search-phone-page-12", 390, 844)
    # THEN nothing is wider than the screen, and the pager says where they are, with the next pages one tap away
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    pager = browser.find_element(By.CSS_SELECTOR, "nav.pagination")
    assert pager.find_element(By.CLASS_NAME, "page-status").text == "Page 12 of 23"
    visible = [link.text for link in pager.find_elements(By.CSS_SELECTOR, ".page-numbers a") if link.is_displayed()]
    assert visible == ["11", "13"]
    browser.execute_script("arguments[0].scrollIntoView()", pager)
    screenshot("search-phone-pager", 390, 844)
    # previous, "page N of M" and next on one line, the nearby numbers under them: not a jumble
    row = [
        pager.find_element(By.CSS_SELECTOR, selector).location["y"]
        for selector in ("a[rel=prev]", ".page-status", "a[rel=next]")
    ]
    assert max(row) - min(row) < 5 and pager.size["height"] < 100
    # AND the filters are one tap away from the top of the results
    jump = browser.find_element(By.CSS_SELECTOR, "a.jump-to-filters")
    assert jump.is_displayed() and jump.location["y"] < 844
    jump.click()
    filters_top = browser.execute_script("return document.getElementById('filters').getBoundingClientRect().top")
    assert -2 <= filters_top < 100  # scrolled to the filters (sub-pixel rounding aside)


def test_the_sort_order_is_chosen_with_the_keyboard_and_applied_by_its_button(
    live_server, browser, larger_archive, follow, wait_for_next_page, screenshot
):
    # GIVEN a search at a desk WHEN a keyboard user moves down the closed sort control, past "Newest first"
    browser.set_window_size(1366, 900)
    browser.get(live_server.url + "/?q=wheat&country=PK")
    select = Select(browser.find_element(By.ID, "id_sort"))
    assert select.first_selected_option.text == "Best match"
    browser.find_element(By.ID, "id_sort").send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    # THEN the page stays, the choice made
    assert browser.current_url == live_server.url + "/?q=wheat&country=PK"
    assert select.first_selected_option.text == "Oldest first"
    # WHEN they press the button beside it
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, ".sort-form button").send_keys(Keys.ENTER)
    wait_for_next_page(page)
    # THEN the page reloads in that order, with the search and filters kept and no empty parameter
    assert browser.current_url == live_server.url + "/?q=wheat&country=PK&sort=oldest"
    first = browser.find_element(By.CSS_SELECTOR, ".hit time").get_attribute("datetime")
    assert first.startswith("2022-01")
    screenshot("search-sorted-desk", 1366, 900)

    # WHEN they search again with an empty box THEN the URL carries no empty q
    box = browser.find_element(By.ID, "id_q")
    box.clear()
    follow(browser.find_element(By.CSS_SELECTOR, ".search-form button[type=submit]"))
    assert browser.current_url == live_server.url + "/?country=PK&sort=oldest"


@pytest.mark.parametrize(
    "width, height", [(390, 844), (800, 1000), (1024, 768), (1366, 900)], ids=["phone", "tablet", "small", "desk"]
)
def test_day_labels_stay_on_one_line(live_server, browser, larger_archive, width, height, screenshot):
    # GIVEN a month drilled down to its days: articles on the 1st and the 25th, every day between listed with its zero
    browser.set_window_size(width, height)
    browser.get(live_server.url + "/?date=2022-01")
    labels = browser.find_elements(By.CSS_SELECTOR, ".date-list .label")
    assert len(labels) == 25
    browser.execute_script("arguments[0].scrollIntoView()", labels[0])
    screenshot(f"search-days-{width}", width, height)
    # WHEN the browser lays them out THEN each label ("1 Jan 2022") is one box on one line, never "1 Jan / 2022"
    lines = browser.execute_script("return arguments[0].map(label => label.getClientRects().length)", labels)
    assert lines == [1] * 25
    assert labels[0].text == "1 Jan 2022"


@pytest.mark.parametrize("page", ["/", "/concordance/"], ids=["search", "key words in context"])
@pytest.mark.parametrize(
    "q",
    [
        "https://www.reuters.com/article/us-coffee-quota-idUSKBN0X12345620150301",
        "Nabumetone/Relifex/Arthaxan/betamethasone",
        "Nabumetone/Relifex/Arthaxan/betamethasone~2",  # echoed in a notice too
    ],
    ids=["web address", "words joined by slashes", "in a notice"],
)
def test_a_long_word_searched_for_wraps_on_a_phone(live_server, browser, larger_archive, page, q, screenshot):
    # GIVEN a phone WHEN a reader searches for a word longer than the screen is wide, found nowhere
    browser.set_window_size(375, 740)
    browser.get(f"{live_server.url}{page}?{urlencode({'q': q})}")
    screenshot("search-phone-long-word", 375, 740)
    # THEN the page echoes it (the heading, the notice, the empty state) wrapped: nothing scrolls sideways
    assert q[:30] in browser.find_element(By.TAG_NAME, "h1").get_attribute("textContent")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375

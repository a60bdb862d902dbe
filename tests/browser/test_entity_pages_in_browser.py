"""A real browser on the entity pages: the list filters as you type, the chart renders, links lead on."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from tests.search.entity_archive import write_entity_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def archive(tmp_path):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([write_entity_archive(tmp_path)])


def visible_rows(browser) -> list[str]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#entity-table tbody tr")
    return [row.find_element(By.TAG_NAME, "th").text for row in rows if row.is_displayed()]


def test_country_list_filters_as_you_type(live_server, browser, archive, screenshot):
    # GIVEN the list of every country (the browser's log emptied of what earlier tests' pages wrote)
    browser.get_log("browser")
    browser.get(live_server.url + "/countries/")
    everything = len(visible_rows(browser))
    assert everything > 200
    # WHEN a reader types into the filter box (no submit) THEN the list narrows at once, and says how many remain
    box = browser.find_element(By.ID, "entity-q")
    box.send_keys("pak")
    WebDriverWait(browser, 30).until(lambda b: len(visible_rows(b)) < everything)
    assert visible_rows(browser) == ["Pakistan"]
    assert browser.find_element(By.CSS_SELECTOR, "[data-entity-count]").text == "1 country matching “pak”"
    screenshot("countries-filtered")
    # WHEN the box is cleared THEN every country is back
    box.clear()
    box.send_keys(" ")
    WebDriverWait(browser, 30).until(lambda b: len(visible_rows(b)) == everything)
    # AND the page made no console errors (the Content Security Policy allowed the script)
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def test_country_page_chart_renders_and_links_lead_on(live_server, browser, archive, screenshot, follow):
    # GIVEN Pakistan's page WHEN it opens THEN the chart is drawn: one bar per month, with a size on screen
    browser.get(live_server.url + "/countries/PK/")
    svg = browser.find_element(By.CSS_SELECTOR, "figure.attention svg")
    assert svg.get_attribute("aria-hidden") == "true" and svg.size["width"] > 300 and svg.size["height"] > 100
    bars = browser.find_elements(By.CSS_SELECTOR, "figure.attention rect")
    assert len(bars) == 3 and bars[1].get_attribute("class") == "empty"
    assert bars[0].size["height"] > 10 and bars[2].size["height"] > bars[0].size["height"]
    assert "Jan 2023" in browser.find_element(By.CSS_SELECTOR, ".attention-table").text
    screenshot("entity-country-desktop")
    screenshot("entity-country-phone", 390, 1600)
    browser.set_window_size(1280, 1000)
    # WHEN the log scale is chosen THEN the smaller bar grows relative to the tallest
    linear = bars[0].size["height"] / bars[2].size["height"]
    follow(browser.find_element(By.LINK_TEXT, "logarithmic"))
    bars = browser.find_elements(By.CSS_SELECTOR, "figure.attention rect")
    log = bars[0].size["height"] / bars[2].size["height"]
    assert log > linear
    # WHEN the share of the month is chosen THEN the bars follow it (still on the log scale), and the caption says so
    follow(browser.find_element(By.LINK_TEXT, "share of the month"))
    assert browser.current_url.endswith("?scale=log&measure=share")
    bars = browser.find_elements(By.CSS_SELECTOR, "figure.attention rect")
    assert bars[0].size["height"] / bars[2].size["height"] > log  # 50 % against 66.7 %: nearer than 1 against 2
    assert "Share of the month, log scale" in browser.find_element(By.CSS_SELECTOR, "figure.attention").text
    # WHEN Russia is chosen to compare with THEN its line joins the bars, and the scale and measure stay
    Select(browser.find_element(By.ID, "compare")).select_by_visible_text("Russia")
    follow(browser.find_element(By.CSS_SELECTOR, ".compare-form button"))
    assert browser.current_url.endswith("?scale=log&measure=share&compare=country%3ARU")
    line = browser.find_element(By.CSS_SELECTOR, "figure.attention .compared polyline")
    assert line.size["width"] > 300 and len(browser.find_elements(By.CSS_SELECTOR, ".compared circle")) == 3
    assert "Line: Russia" in browser.find_element(By.CSS_SELECTOR, ".chart-legend").text
    screenshot("entity-country-compared")
    browser.get(live_server.url + "/countries/PK/")
    # WHEN a co-occurring organisation's combined search is followed THEN the search has both filters
    follow(browser.find_element(By.XPATH, "//div[@class='cooccurring-list']//a[contains(., 'IMF')]"))
    assert "country=PK" in browser.current_url and "org=imf" in browser.current_url
    assert browser.find_element(By.ID, "results-heading").text.startswith("2 articles")
    # AND from there a facet value's profile link opens that entity's page
    follow(
        browser.find_element(
            By.CSS_SELECTOR, "section[aria-labelledby='facet-org'] a.profile[href='/organisations/imf/']"
        )
    )
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("International Monetary Fund")


def test_a_writer_is_reached_from_a_byline_and_leads_to_their_articles(live_server, browser, archive, follow):
    # GIVEN an article by Amina Rashid and Tom Hale WHEN a reader follows the "i" after her name
    browser.get(live_server.url + "/writers/tom-hale/")
    follow(browser.find_element(By.CSS_SELECTOR, ".latest-list a"))
    follow(browser.find_element(By.CSS_SELECTOR, '.byline a.profile[aria-label="Amina Rashid: profile page"]'))
    # THEN her page counts her three articles, charts them and lists them, newest first
    assert browser.find_element(By.TAG_NAME, "h1").text == "Amina Rashid"
    assert "3 articles" in browser.find_element(By.CSS_SELECTOR, "table.entity-facts").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.attention rect")) == 3
    latest = [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".latest-list > li > a")]
    assert latest == ["Railway timetable revised", "Ledger of the grain board", "Undated memorandum filed"]
    # WHEN she is followed to the IMF among her articles' organisations THEN that search finds as many
    link = browser.find_element(By.XPATH, "//div[@class='cooccurring-list'][h3='Organisations']//li/a[1]")
    count = link.find_element(By.CSS_SELECTOR, ".count").text
    follow(link)
    assert browser.find_element(By.ID, "results-heading").text.startswith(f"{count} article")

"""A real browser on a search's timeline: from the search page to the chart, a comparison, and back to a month."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_entity_pages_in_browser import archive  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_search_month_by_month_compared_and_back(live_server, browser, archive, screenshot, follow):  # noqa: F811
    # GIVEN a search over the small archive (seven articles: Nov 2022, Jan 2023, one of 2023, one undated)
    browser.get(live_server.url + "/?q=committee&sort=newest")
    # WHEN its date facet's "Month by month" is followed
    follow(browser.find_element(By.LINK_TEXT, "Month by month →"))
    assert browser.current_url == live_server.url + "/timeline/?q=committee"
    # THEN the chart has a bar a month from the first to the last, the month between drawn empty
    bars = browser.find_elements(By.CSS_SELECTOR, "figure.attention rect")
    assert len(bars) == 3 and bars[1].get_attribute("class") == "empty"
    assert bars[2].size["height"] > bars[0].size["height"] > 10
    assert "Not in the chart: 2 articles" in browser.find_element(By.CSS_SELECTOR, ".attention-section").text
    # WHEN another query is typed into the compare box and the share of the month chosen
    box = browser.find_element(By.ID, "compare")
    box.send_keys("railway OR grain")
    follow(browser.find_element(By.CSS_SELECTOR, ".compare-form button"))
    assert "compare=railway+OR+grain" in browser.current_url
    follow(browser.find_element(By.LINK_TEXT, "share of the month"))
    # THEN its line joins the bars, and the table has both queries' numbers
    assert "Line: “railway OR grain”" in browser.find_element(By.CSS_SELECTOR, ".chart-legend").text
    assert len(browser.find_elements(By.CSS_SELECTOR, ".compared circle")) == 3
    row = browser.find_element(By.XPATH, "//table[@class='attention-table']//tr[th[contains(., 'Jan 2023')]]")
    assert [cell.text for cell in row.find_elements(By.TAG_NAME, "td")] == ["3", "100.0%", "1", "33.3%", "3"]
    # WHEN a second query goes into the next box THEN it is a second line, told apart by its dash too
    browser.find_elements(By.CSS_SELECTOR, ".compare-form input[name=compare]")[1].send_keys("harbour")
    follow(browser.find_element(By.CSS_SELECTOR, ".compare-form button"))
    assert "compare=railway+OR+grain&compare=harbour" in browser.current_url
    lines = browser.find_elements(By.CSS_SELECTOR, "figure.attention .compared polyline")
    assert len(lines) == 2 and lines[0].value_of_css_property("stroke-dasharray") != lines[1].value_of_css_property(
        "stroke-dasharray"
    )
    assert "Line 2: “harbour”" in browser.find_element(By.CSS_SELECTOR, ".chart-legend").text
    row = browser.find_element(By.XPATH, "//table[@class='attention-table']//tr[th[contains(., 'Jan 2023')]]")
    assert [cell.text for cell in row.find_elements(By.TAG_NAME, "td")] == [
        "3",
        "100.0%",
        "1",
        "33.3%",
        "0",
        "0.0%",
        "3",
    ]
    screenshot("timeline-compared")
    screenshot("timeline-compared-phone", 390, 1400)
    browser.set_window_size(1280, 1000)
    # WHEN a month of the table is followed THEN it is the search for that month
    follow(row.find_element(By.TAG_NAME, "a"))
    assert "q=committee" in browser.current_url and "date=2023-01" in browser.current_url
    assert browser.find_element(By.ID, "results-heading").text.startswith("3 articles")

"""The article page's "Other versions" in headless Chromium: listed with outlet and date, a link opens the
other version (which lists this one), and axe finds no serious or critical violation at a desk or a phone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from archive.models import Article
from tests.browser.test_accessibility import check_pages, report
from tests.copies import stories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def riverton(tmp_path):
    load_gazetteers()  # a transactional test starts from an emptied database
    path = stories.write_jsonl(
        tmp_path / "riverton.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(3, "Budget approved", stories.OUTLET_COPY, "Evening Post", "2024-05-03"),
    )
    import_paths([path])
    return {a.title: a for a in Article.objects.all()}


def test_other_versions_are_listed_and_open(live_server, browser, screenshot, riverton):
    courier = riverton["Riverton passes budget"]
    # WHEN a reader opens the article
    browser.set_window_size(1280, 1000)
    browser.get(live_server.url + courier.get_absolute_url())
    section = browser.find_element(By.CSS_SELECTOR, "section.other-versions")
    items = [li.text for li in section.find_elements(By.TAG_NAME, "li")]
    # THEN the two other versions are listed earliest first, with their outlets and dates
    assert items[0].startswith("Council backs budget") and "Northern Wire" in items[0] and "1 May 2024" in items[0]
    assert items[1].startswith("Budget approved") and "Evening Post" in items[1]
    browser.execute_script("arguments[0].scrollIntoView()", section)
    screenshot("other-versions")
    # AND a version's link opens it, and it lists the first article among its own versions
    section.find_element(By.LINK_TEXT, "Council backs budget").click()
    other = browser.find_element(By.CSS_SELECTOR, "section.other-versions")
    assert "Riverton passes budget" in other.text
    failures = check_pages(
        browser, live_server.url, {"article with versions": courier.get_absolute_url()}, at_least="serious"
    )
    assert not failures, report(failures)

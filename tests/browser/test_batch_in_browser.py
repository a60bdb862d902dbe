"""A real browser on the batch search page: paste or upload a watch list, read the table, download its CSV; with
JavaScript off too (the page is a plain POST form), and no serious accessibility violation at a desk or a phone."""

import csv
import io

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from archive.search import RESOLVERS, SearchParams, search
from tests.checkers import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([seeds_dir])


@pytest.fixture
def no_javascript(browser):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def _rows(browser) -> list[list[str]]:
    return [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
        for row in browser.find_elements(By.CSS_SELECTOR, ".batch-table tbody tr")
    ]


def test_a_pasted_list_runs_and_downloads_without_javascript(
    live_server, browser, archive, downloads, follow, screenshot, no_javascript
):
    # GIVEN the batch page, reached from the site's navigation, with JavaScript off
    browser.get(live_server.url + "/")
    follow(browser.find_element(By.LINK_TEXT, "Batch search"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Batch search"
    # WHEN the reader pastes three queries (one refused), picks a country and runs the batch
    browser.find_element(By.ID, "batch-queries").send_keys("Pakistan\n*stan\nASEAN")
    Select(browser.find_element(By.ID, "batch-country")).select_by_value("PK")
    follow(browser.find_element(By.XPATH, "//button[text()='Run the batch']"))
    screenshot("batch-results")
    # THEN the table has a row per query with the search's totals, and the refused one says why
    rows = _rows(browser)
    assert [row[0] for row in rows] == ["Pakistan", "*stan", "ASEAN"]
    expected = search(SearchParams(q="Pakistan", countries=("PK",)), resolvers=RESOLVERS)
    assert rows[0][1] == str(expected.count) and expected.hits[0].article.title in rows[0][3]
    assert rows[1][1] == "—" and "Wildcards" in rows[1][4]
    # AND Download CSV saves the same batch as a CSV file
    browser.find_element(By.XPATH, "//button[text()='Download CSV']").click()
    text = downloads(".csv").read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [row["query"] for row in table] == ["Pakistan", "*stan", "ASEAN"]
    assert table[0]["total"] == str(expected.count) and table[0]["title_1"] == expected.hits[0].article.title


def test_an_uploaded_file_runs(live_server, browser, archive, follow, tmp_path):
    # GIVEN a CSV file with a header row
    path = tmp_path / "watch.csv"
    path.write_text("Name,Why\nASEAN,bloc\nPakistan,country\n", encoding="utf-8")
    browser.get_log("browser")  # empty the log of what earlier tests' pages wrote (the session's browser is shared)
    browser.get(live_server.url + "/batch/")
    # WHEN the reader chooses it and runs the batch
    browser.find_element(By.ID, "batch-file").send_keys(str(path))
    follow(browser.find_element(By.XPATH, "//button[text()='Run the batch']"))
    # THEN its first column's queries were run, the header skipped and said so, and they fill the box
    assert [row[0] for row in _rows(browser)] == ["ASEAN", "Pakistan"]
    assert "header and skipped" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_element(By.ID, "batch-queries").get_attribute("value") == "ASEAN\nPakistan"
    # AND the browser console has no error
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desk", "phone"])
def test_the_page_and_its_results_have_no_serious_accessibility_violation(live_server, browser, archive, follow, size):
    browser.set_window_size(*size)
    browser.get(live_server.url + "/batch/")
    found = axe.violations(browser)
    assert not found, axe.summary(found)
    browser.find_element(By.ID, "batch-queries").send_keys("Pakistan\n*stan")
    follow(browser.find_element(By.XPATH, "//button[text()='Run the batch']"))
    found = axe.violations(browser)
    assert not found, axe.summary(found)

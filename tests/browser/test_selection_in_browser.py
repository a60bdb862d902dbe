"""A real browser: a reader ticks results across pages, reads the list, exports it, trims it and clears it
(static/archive/selection.js, /selected/)."""

import json

import pytest
import rispy
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]

STORED = "return localStorage.getItem('archive-selection')"


@pytest.fixture
def archive(seeds_dir, settings):
    load_gazetteers()
    import_paths([seeds_dir])
    settings.ARCHIVE_RESULTS_PER_PAGE = 2  # the live server runs in this process: pages of two


@pytest.fixture
def clean_storage(browser, live_server):
    """The browser lives for the whole session: start and end with no selection kept."""
    browser.get(live_server.url + "/help/")
    browser.execute_script("localStorage.clear()")
    yield
    browser.get(live_server.url + "/help/")
    browser.execute_script("localStorage.clear()")


def tick(browser, index: int) -> tuple[str, str]:
    """Tick the index-th result's box; its article id and title."""
    hit = browser.find_elements(By.CSS_SELECTOR, "li.hit")[index]
    box = hit.find_element(By.CSS_SELECTOR, "input[data-select]")
    box.click()
    return box.get_attribute("value"), hit.find_element(By.CSS_SELECTOR, "h2 a").text


def test_a_selection_made_across_pages_is_read_exported_trimmed_and_cleared(
    live_server, browser, archive, clean_storage, follow, downloads, screenshot
):
    # GIVEN a search two results a page WHEN the reader ticks the second result on page 1 and the first on page 2
    browser.get(live_server.url + "/?q=pakistan&sort=oldest")
    assert not browser.find_element(By.ID, "selection-form").is_displayed()  # the navigation takes over with script
    link = browser.find_element(By.CSS_SELECTOR, "[data-selection-link]")
    assert not link.is_displayed()
    picked = [tick(browser, 1)]
    assert link.is_displayed() and link.text == "Selected (1)"
    assert browser.find_element(By.CSS_SELECTOR, "[data-selection-status]").text == "1 article selected"
    follow(browser.find_element(By.CSS_SELECTOR, ".pagination a[rel=next]"))
    picked.append(tick(browser, 0))
    assert browser.find_element(By.CSS_SELECTOR, "[data-selection-link]").text == "Selected (2)"
    screenshot("selection-on-a-search")
    # THEN going back shows page 1's box still ticked, and an article page knows it is selected
    follow(browser.find_element(By.CSS_SELECTOR, ".pagination a[rel=prev]"))
    boxes = browser.find_elements(By.CSS_SELECTOR, "li.hit input[data-select]")
    assert [box.is_selected() for box in boxes] == [False, True]
    follow(browser.find_elements(By.CSS_SELECTOR, "li.hit h2 a")[1])
    assert browser.find_element(By.CSS_SELECTOR, "label[data-select-label] input").is_selected()
    # WHEN the reader opens the list from the navigation THEN it holds both, in the order picked
    follow(browser.find_element(By.CSS_SELECTOR, "[data-selection-link]"))
    ids = ",".join(article_id for article_id, _ in picked)
    assert browser.current_url.endswith(f"/selected/?ids={ids}")
    titles = [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".selected-list h2 a")]
    assert titles == [title for _, title in picked]
    screenshot("selection-page", height=1200)
    # AND Download saves them as RIS, in that order
    Select(browser.find_element(By.CSS_SELECTOR, ".export-form select[name=format]")).select_by_value("ris")
    browser.find_element(By.CSS_SELECTOR, ".export-form button[type=submit]").click()
    entries = rispy.loads(downloads(".ris").read_text(encoding="utf-8"))
    assert [entry["title"] for entry in entries] == [title for _, title in picked]
    # AND its reference list turns to MLA at a click, with a Copy button for the whole list
    apa = [entry.text for entry in browser.find_elements(By.CSS_SELECTOR, "#reference-list li")]
    follow(browser.find_element(By.LINK_TEXT, "MLA (9th edition)"))
    mla = [entry.text for entry in browser.find_elements(By.CSS_SELECTOR, "#reference-list li")]
    assert len(mla) == len(apa) == 2 and set(mla).isdisjoint(apa)
    assert browser.find_element(By.CSS_SELECTOR, ".scale-switch [aria-current]").text == "MLA (9th edition)"
    assert browser.find_element(By.CSS_SELECTOR, "button[data-copy=reference-list]").is_displayed()
    # WHEN one is removed THEN the list and the browser's selection both lose it
    follow(browser.find_elements(By.CSS_SELECTOR, "[data-selection-remove]")[0])
    assert browser.current_url.endswith(f"/selected/?ids={picked[1][0]}&style=mla&removed={picked[0][0]}")
    # AND the page says which was removed, with the focus there (not back at the top of the page)
    said = browser.switch_to.active_element
    assert said.get_attribute("data-focus-on-load") is not None and picked[0][1] in said.text
    assert browser.execute_script(STORED) == f'["{picked[1][0]}"]'
    # AND /selected/ itself, typed or bookmarked, opens this browser's selection
    browser.get(live_server.url + "/selected/")
    WebDriverWait(browser, 30).until(lambda _: browser.current_url.endswith(f"/selected/?ids={picked[1][0]}"))
    # AND "Clear the selection" empties both
    follow(browser.find_element(By.CSS_SELECTOR, "[data-selection-clear]"))
    WebDriverWait(browser, 30).until(lambda _: "No articles are selected" in browser.page_source)
    assert browser.execute_script(STORED) is None


def test_the_bar_refuses_more_than_the_limit_and_says_so(live_server, browser, archive, clean_storage):
    from archive.selection import SELECTION_LIMIT

    # GIVEN a selection already at the limit
    browser.get(live_server.url + "/?q=pakistan")
    full = [str(n) for n in range(100_000, 100_000 + SELECTION_LIMIT)]
    browser.execute_script("localStorage.setItem('archive-selection', JSON.stringify(arguments[0]))", full)
    browser.refresh()
    # WHEN one more is ticked THEN it stays unticked, a note beside it says why, and the selection is unchanged
    article_id, _ = tick(browser, 0)
    box = browser.find_element(By.CSS_SELECTOR, f"input[data-select][value='{article_id}']")
    assert not box.is_selected()
    note = browser.find_element(By.CSS_SELECTOR, "li.hit .selection-note")
    assert note.text == f"Not selected: a list holds at most {SELECTION_LIMIT} articles."
    assert browser.find_element(By.CSS_SELECTOR, "[data-selection-link]").text == f"Selected ({SELECTION_LIMIT})"
    assert len(browser.execute_script(f"return JSON.parse({STORED[7:]})")) == SELECTION_LIMIT


def test_select_all_on_a_page_adds_its_results_and_takes_them_back(live_server, browser, archive, clean_storage):
    # GIVEN one result of page 1 already selected
    browser.get(live_server.url + "/?q=pakistan&sort=oldest")
    first, _ = tick(browser, 0)
    button = browser.find_element(By.CSS_SELECTOR, "[data-select-all]")
    assert button.text == "Select all on this page"
    # WHEN the reader selects all on the page THEN the other joins, after it, and the button offers the reverse
    button.click()
    ids = [box.get_attribute("value") for box in browser.find_elements(By.CSS_SELECTOR, "li.hit input[data-select]")]
    assert browser.execute_script(STORED) == f'["{first}","{next(i for i in ids if i != first)}"]'
    assert button.text == "Unselect all on this page"
    assert browser.find_element(By.CSS_SELECTOR, "[data-selection-link]").text == "Selected (2)"
    # WHEN asked again THEN the page's results leave the selection
    button.click()
    assert browser.execute_script(STORED) is None and button.text == "Select all on this page"
    assert not browser.find_element(By.CSS_SELECTOR, "[data-selection-link]").is_displayed()


def test_select_all_near_the_limit_selects_what_fits_and_says_what_did_not(
    live_server, browser, archive, clean_storage
):
    from archive.selection import SELECTION_LIMIT

    # GIVEN a selection one short of the limit and a page of two results
    browser.get(live_server.url + "/?q=pakistan&sort=oldest")
    full = [str(n) for n in range(100_000, 100_000 + SELECTION_LIMIT - 1)]
    browser.execute_script("localStorage.setItem('archive-selection', JSON.stringify(arguments[0]))", full)
    browser.refresh()
    # WHEN the reader selects all on the page THEN the first fits, and a note beside the button says the other did not
    browser.find_element(By.CSS_SELECTOR, "[data-select-all]").click()
    assert [box.is_selected() for box in browser.find_elements(By.CSS_SELECTOR, "li.hit input[data-select]")] == [
        True,
        False,
    ]
    note = browser.find_element(By.CSS_SELECTOR, ".select-all .selection-note")
    assert note.text == f"1 article on this page not selected: a list holds at most {SELECTION_LIMIT} articles."
    assert browser.find_element(By.CSS_SELECTOR, "[data-selection-link]").text == f"Selected ({SELECTION_LIMIT})"


def test_an_empty_list_offers_nothing_to_clear(live_server, browser, archive, clean_storage):
    browser.get(live_server.url + "/selected/")
    assert "No articles are selected" in browser.page_source
    assert not browser.find_element(By.CSS_SELECTOR, "[data-selection-clear]").is_displayed()


def test_articles_gone_from_the_archive_leave_the_browsers_selection(live_server, browser, archive, clean_storage):
    from archive.models import Article

    # GIVEN this browser's selection of three articles, one of them since deleted
    ids = [str(pk) for pk in Article.objects.order_by("pk").values_list("pk", flat=True)[:3]]
    browser.get(live_server.url + "/help/")
    browser.execute_script("localStorage.setItem('archive-selection', arguments[0])", json.dumps(ids))
    Article.objects.filter(pk=ids[1]).delete()
    # WHEN the reader opens it THEN the page says one is gone, and the browser's list and count drop it
    browser.get(live_server.url + "/selected/")
    assert "1 of the selected articles is no longer in the archive" in browser.page_source
    assert json.loads(browser.execute_script(STORED)) == [ids[0], ids[2]]
    assert browser.find_element(By.CSS_SELECTOR, "[data-selection-link]").text == "Selected (2)"
    # AND a list someone sent (not this browser's) leaves this browser's selection as it was
    browser.execute_script("localStorage.setItem('archive-selection', arguments[0])", json.dumps(ids[:1]))
    browser.get(live_server.url + f"/selected/?ids={ids[1]},{ids[2]}")
    assert json.loads(browser.execute_script(STORED)) == ids[:1]

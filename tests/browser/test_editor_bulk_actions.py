"""A real browser: an editor tags several articles at once from the list, confirms on the page that names the
change, public search follows, and the message's Undo takes it back; the list and the change form fit 1366 px."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from archive.models import Article
from tests.checkers import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def results_heading(browser, url: str) -> str:
    browser.get(url)
    return browser.find_element(By.ID, "results-heading").text


def test_add_a_tag_to_selected_articles_with_a_confirmation(live_server, editor_browser, screenshot):
    browser = editor_browser
    assert results_heading(browser, f"{live_server.url}/?org=un").startswith("1 article")
    # GIVEN the article list at a desk's width WHEN the editor selects every article
    browser.get(f"{live_server.url}/admin/archive/article/")
    screenshot("editor-list-1366", 1366, 900)
    results = browser.find_element(By.CSS_SELECTOR, "#changelist-form .results")
    scroll_width, client_width = browser.execute_script(
        "return [arguments[0].scrollWidth, arguments[0].clientWidth]", results
    )
    assert scroll_width <= client_width  # every column visible, none behind a horizontal scroll bar
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert all(row.size["height"] < 60 for row in rows)  # one line each: titles are cut, not wrapped
    browser.find_element(By.ID, "action-toggle").click()
    # AND chooses "Add a tag…"
    Select(browser.find_element(By.CSS_SELECTOR, "select[name='action']")).select_by_value("add_tag")
    browser.find_element(By.CSS_SELECTOR, "button[name='index']").click()
    # THEN a page asks which tag; choosing the UN and reviewing names what will change
    form = WebDriverWait(browser, 30).until(ec.visibility_of_element_located((By.ID, "bulk-action-form")))
    Select(form.find_element(By.NAME, "target")).select_by_value("org:un")
    form.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    summary = WebDriverWait(browser, 30).until(ec.visibility_of_element_located((By.ID, "bulk-summary"))).text
    total = Article.objects.count()
    assert (
        summary
        == f"Add “United Nations (UN)”: {total - 1} of the {total} selected articles will change; 1 stays as it is."
    )
    screenshot("editor-bulk-confirmation", 1366, 900)
    # WHEN they confirm THEN the list says what was done and public search has every article under the UN
    browser.find_element(By.CSS_SELECTOR, "#bulk-action-form input[type=submit]").click()
    success = WebDriverWait(browser, 30).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, ".messagelist .success"))
    )
    assert success.text == f"Tagged “United Nations (UN)” on {total - 1} article(s); 1 already had it. Undo"
    screenshot("editor-bulk-done-with-undo", 1366, 900)
    found = axe.violations(browser, at_least="serious")  # the message's Undo form too
    assert not found, axe.summary(found)
    admin_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    assert results_heading(browser, f"{live_server.url}/?org=un").startswith(f"{total} articles")
    browser.close()
    browser.switch_to.window(admin_tab)
    # WHEN they press Undo in that message THEN the list says so, and search is back to the one article tagged before
    browser.find_element(By.CSS_SELECTOR, ".messagelist .success form.undo-bulk-change button").click()
    undone = WebDriverWait(browser, 30).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".messagelist .success"), "Undone:")
    )
    assert undone
    assert results_heading(browser, f"{live_server.url}/?org=un").startswith("1 article")


def test_the_change_form_puts_title_date_and_tags_first(live_server, editor_browser, screenshot):
    browser = editor_browser
    article = Article.objects.order_by("pk").first()
    browser.get(f"{live_server.url}/admin/archive/article/{article.pk}/change/")
    screenshot("editor-change-form-1366", 1366, 900)
    # THEN the tags come before the body, and the title input is wide
    tags = browser.find_element(By.ID, "country_tags-group").location["y"]
    body = browser.find_element(By.ID, "id_body").location["y"]
    assert tags < body
    assert browser.find_element(By.ID, "id_title").size["width"] > 600

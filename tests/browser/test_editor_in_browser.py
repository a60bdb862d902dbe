"""A real browser: an editor logs in, fixes an article's tags, merges two organisations; public search follows."""

import io

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from archive.models import Article, ArticleOrganisation, Organisation, TagOrigin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]

PASSWORD = "curate-the-archive-2024"
RUSSIA_TIES = "seeds/002_663fb898ec153f75.txt#1"  # tagged US from one passing mention
ARMY_CHIEF = "seeds/004_466a4c17d71ee6e5.txt#1"
CANADA_TRADE = "seeds/004_466a4c17d71ee6e5.txt#2"  # tagged IMF


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([seeds_dir])
    # A duplicate of the IMF, as a file might have brought in, tagging another article.
    duplicate = Organisation.objects.create(name="Intl Monetary Fund", slug="intl-monetary-fund")
    ArticleOrganisation.objects.create(
        article=Article.objects.get(import_ref=ARMY_CHIEF), organisation=duplicate, origin=TagOrigin.IMPORTED
    )
    call_command("create_editor", "editor", "--password-stdin", stdin=io.StringIO(PASSWORD), stdout=io.StringIO())


def wait(browser, seconds: float = 10) -> WebDriverWait:
    return WebDriverWait(browser, seconds)


def results_heading(browser, live_server, query: str) -> str:
    browser.get(f"{live_server.url}/{query}")
    return browser.find_element(By.ID, "results-heading").text


def hit_titles(browser) -> list[str]:
    return [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")]


def test_editor_rejects_a_tag_adds_one_merges_organisations_and_search_follows(
    live_server, browser, archive, screenshot
):
    russia = Article.objects.get(import_ref=RUSSIA_TIES)
    imf = Organisation.objects.get(slug="imf")
    assert results_heading(browser, live_server, "?country=US").startswith("2 articles")

    # GIVEN an editor WHEN they log in THEN they reach the admin
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait(browser).until(ec.url_to_be(f"{live_server.url}/admin/"))
    assert "Users" not in browser.find_element(By.ID, "content-main").text  # no user management
    browser.get(f"{live_server.url}/admin/archive/article/")
    screenshot("editor-article-list")

    # WHEN they reject the wrong country tag and add an organisation tag on an article
    browser.get(f"{live_server.url}/admin/archive/article/{russia.pk}/change/")
    us_row = browser.find_element(
        By.XPATH,
        "//div[@id='country_tags-group']//tr[.//option[@selected][normalize-space()='United States']]",
    )
    assert "Extracted" in us_row.text
    us_row.find_element(By.CSS_SELECTOR, "input[name$='-rejected']").click()

    group = browser.find_element(By.ID, "organisation_tags-group")
    group.find_element(By.XPATH, ".//a[contains(., 'Add another')]").click()
    new_row = group.find_elements(By.CSS_SELECTOR, "tr.dynamic-organisation_tags")[-1]
    assert "Editor" in new_row.text  # what the new tag will be
    new_row.find_element(By.CSS_SELECTOR, ".select2-selection").click()
    search_box = wait(browser).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".select2-search__field")))
    search_box.send_keys("Shanghai")
    wait(browser).until(
        ec.element_to_be_clickable(
            (By.XPATH, "//li[contains(@class,'select2-results__option')][contains(., 'Shanghai Cooperation')]")
        )
    ).click()
    screenshot("editor-article-tags")
    browser.find_element(By.CSS_SELECTOR, "input[name='_save']").click()
    success = wait(browser).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    assert "was changed successfully" in success.text

    # AND merge the duplicate IMF into the IMF
    browser.get(f"{live_server.url}/admin/archive/organisation/?q=Monetary")
    rows = "//table[@id='result_list']//tr[.//th/a[normalize-space()='{}']]//input[@class='action-select']"
    for name in ("International Monetary Fund", "Intl Monetary Fund"):
        browser.find_element(By.XPATH, rows.format(name)).click()
    Select(browser.find_element(By.CSS_SELECTOR, "select[name='action']")).select_by_value("merge")
    browser.find_element(By.CSS_SELECTOR, "button[name='index']").click()
    form = wait(browser).until(ec.visibility_of_element_located((By.ID, "merge-form")))
    assert len(form.find_elements(By.CSS_SELECTOR, "input[name='keep']")) == 2
    browser.find_element(By.ID, f"keep-{imf.pk}").click()
    screenshot("editor-merge-confirmation")
    browser.find_element(By.CSS_SELECTOR, "#merge-form input[type=submit]").click()
    success = wait(browser).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    assert "Merged Intl Monetary Fund into International Monetary Fund (IMF)" in success.text
    screenshot("editor-merged")

    # THEN the public search page shows all of it at once
    assert results_heading(browser, live_server, "?country=US").startswith("1 article")
    assert russia.title not in hit_titles(browser)
    assert results_heading(browser, live_server, "?org=sco").startswith("1 article")
    assert hit_titles(browser) == [russia.title]
    assert results_heading(browser, live_server, "?org=imf").startswith("2 articles")
    assert set(hit_titles(browser)) == {
        Article.objects.get(import_ref=ARMY_CHIEF).title,
        Article.objects.get(import_ref=CANADA_TRADE).title,
    }
    browser.get(f"{live_server.url}/")
    organisations = browser.find_element(By.XPATH, "//section[@aria-labelledby='facet-org']").text
    assert "Intl Monetary Fund" not in organisations
    assert "Shanghai Cooperation Organisation" in organisations or "SCO" in organisations
    screenshot("editor-search-after")


def test_a_refused_save_puts_the_focus_on_the_first_field_in_error(live_server, editor_browser):
    """GIVEN an article's change form WHEN the editor empties its title and saves
    THEN the page comes back with the focus on the title, whose description reads the error (it was nowhere: a
    keyboard user started again from the top of the page to find the field)."""
    browser = editor_browser
    article = Article.objects.order_by("pk").first()
    browser.get(f"{live_server.url}/admin/archive/article/{article.pk}/change/")
    browser.find_element(By.ID, "id_title").clear()
    browser.find_element(By.NAME, "_continue").click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".errornote")))
    focused = browser.switch_to.active_element
    assert focused.get_attribute("id") == "id_title"
    described = focused.get_attribute("aria-describedby").split()
    assert "This field is required." in [browser.find_element(By.ID, name).text for name in described]


def test_an_import_without_a_file_puts_the_focus_on_the_file_field(live_server, editor_browser):
    """GIVEN the import page WHEN the editor imports without choosing a file THEN the focus is on the file field,
    described by its error (the page has no note at the top, and the focus was nowhere)."""
    browser = editor_browser
    browser.get(f"{live_server.url}/admin/archive/article/import/")
    browser.find_element(By.CSS_SELECTOR, "#import-form input[type=submit]").click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "id_files_error")))
    assert browser.switch_to.active_element.get_attribute("id") == "id_files"

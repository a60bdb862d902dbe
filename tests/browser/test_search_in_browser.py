"""A real browser: type a query, follow a filter, open an article, follow a tag."""

import pytest
from selenium.webdriver.common.by import By

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([seeds_dir])


def test_search_filter_open_article_and_follow_a_tag(live_server, browser, archive, screenshot, follow):
    # GIVEN the seeded archive WHEN a reader searches for a word
    browser.get(live_server.url + "/")
    box = browser.find_element(By.ID, "id_q")
    box.send_keys("Lavrov")
    follow(browser.find_element(By.CSS_SELECTOR, ".search-form button[type=submit]"))
    heading = browser.find_element(By.ID, "results-heading").text
    assert heading.startswith("1 article")
    assert browser.find_element(By.CSS_SELECTOR, ".snippet mark").text == "Lavrov"

    # WHEN they clear the query and tick Russia THEN only Russian stories remain, with a removable chip
    browser.get(live_server.url + "/")
    screenshot("search-desktop")
    screenshot("search-phone", 390, 1400)
    browser.set_window_size(1280, 1000)
    follow(browser.find_element(By.XPATH, "//section[@aria-labelledby='facet-country']//a[contains(., 'Russia')]"))
    assert browser.find_element(By.ID, "results-heading").text.startswith("2 articles")
    chip = browser.find_element(By.CSS_SELECTOR, ".chips .removable")
    assert "Russia" in chip.text

    # WHEN they open an article THEN its metadata is shown and its tags link back to search
    follow(browser.find_element(By.CSS_SELECTOR, ".hit h2 a"))
    assert "Import reference" in browser.find_element(By.CSS_SELECTOR, "table.metadata").text
    follow(browser.find_element(By.XPATH, "//section[@class='tags']//a[contains(., 'Pakistan')]"))
    assert "country=PK" in browser.current_url
    assert browser.find_element(By.ID, "results-heading").text.startswith("6 articles")

    # WHEN they remove the chip THEN the filter is gone
    follow(browser.find_element(By.CSS_SELECTOR, ".chips .removable"))
    assert "country=" not in browser.current_url


def test_two_countries_drill_down_and_pages(live_server, browser, larger_archive, follow, screenshot):
    browser.get(live_server.url + "/?q=wheat")
    heading = lambda: browser.find_element(By.ID, "results-heading").text  # noqa: E731

    def tick(facet: str, label: str) -> None:
        follow(
            browser.find_element(By.XPATH, f"//section[@aria-labelledby='facet-{facet}']//a[contains(., '{label}')]")
        )

    assert heading().startswith("45 articles")
    # Two countries combine with OR: PK-only 9 + RU-only 9 + both 9.
    tick("country", "Pakistan")
    assert heading().startswith("18 articles")
    tick("country", "Russia")
    assert heading().startswith("27 articles")
    # The country facet still offers Canada with its count (own filter not applied).
    canada = browser.find_element(By.XPATH, "//section[@aria-labelledby='facet-country']//a[contains(., 'Canada')]")
    assert canada.find_element(By.CSS_SELECTOR, ".count").text == "9"

    # Drill into a year, then a month.
    follow(browser.find_element(By.XPATH, "//ul[@class='date-list']//a[contains(., '2022')]"))
    assert "date=2022" in browser.current_url
    screenshot("search-drilled-desktop")
    screenshot("search-drilled-phone", 390, 1600)
    browser.set_window_size(1280, 1000)
    months = browser.find_elements(By.CSS_SELECTOR, "ul.date-list .label")
    assert months and all(m.text.endswith(" 2022") for m in months)
    follow(browser.find_element(By.XPATH, "//ul[@class='date-list']//a[contains(., 'Jan 2022')]"))
    assert "date=2022-01" in browser.current_url
    days = browser.find_elements(By.CSS_SELECTOR, "ul.date-list .label")
    assert days and all(d.text.endswith(" Jan 2022") for d in days)

    # Remove the date chip, then a country chip; page through the results.
    follow(browser.find_element(By.XPATH, "//div[@class='chips']//a[contains(., 'Jan 2022')]"))
    follow(browser.find_element(By.XPATH, "//div[@class='chips']//a[contains(., 'Russia')]"))
    assert heading().startswith("18 articles")
    browser.get(live_server.url + "/?q=wheat")
    follow(browser.find_element(By.CSS_SELECTOR, "nav.pagination a[rel=next]"))
    assert "page=2" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, ".page-numbers [aria-current]").text == "2"
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.hit")) == 20


@pytest.fixture
def many_countries(tmp_path):
    """Thirteen articles, each about another country and organisation: facets long enough to get a filter box."""
    import json

    load_gazetteers()
    codes = ["CI", "PK", "RU", "CA", "US", "FR", "DE", "JP", "BR", "IN", "CN", "GB", "IT"]
    slugs = ["un", "imf", "worldbank", "ec", "oecd", "gatt", "fao", "ilo", "wfp", "iaea", "unesco", "unicef", "unhcr"]
    tags = zip(codes, slugs, strict=True)
    records = [
        {"id": n, "title": f"Grain {n}", "body": f"Wheat crop {n}.", "countries": [code], "organisations": [slug]}
        for n, (code, slug) in enumerate(tags)
    ]
    lines = [json.dumps(record) for record in records]
    path = tmp_path / "countries.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    import_paths([path])


def test_a_long_facet_is_filtered_as_the_reader_types(live_server, browser, many_countries):
    # GIVEN a search whose country facet lists thirteen countries, three shown only under "Show 3 more"
    browser.set_window_size(1280, 1000)
    browser.get(live_server.url + "/?q=wheat")
    facet = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='facet-country']")
    labels = facet.find_elements(By.CSS_SELECTOR, "li .label")
    shown = lambda: [label.text for label in labels if label.is_displayed()]  # noqa: E731
    assert len(shown()) == 10
    box = facet.find_element(By.CSS_SELECTOR, "[data-facet-filter]")
    # WHEN the reader types part of a name, without its accent THEN only that country is left, and that is said
    box.send_keys("cote")
    assert shown() == ["Côte d'Ivoire"]
    assert facet.find_element(By.CSS_SELECTOR, "[role=status]").get_attribute("textContent") == (
        "1 of the countries matches “cote”"
    )
    # WHEN nothing matches THEN nothing is listed; WHEN the box is emptied THEN all thirteen are
    box.send_keys("zzz")
    assert shown() == []
    box.clear()
    box.send_keys(" ")
    assert len(shown()) == 13


def test_a_facets_filter_box_finds_a_value_by_its_code_acronym_or_other_names(live_server, browser, many_countries):
    # GIVEN a search whose country and organisation facets are long enough to get a filter box
    browser.set_window_size(1280, 1000)
    browser.get(live_server.url + "/?q=wheat")

    def filtered(facet_name: str, typed: str) -> list[str]:
        facet = browser.find_element(By.CSS_SELECTOR, f"section[aria-labelledby='facet-{facet_name}']")
        box = facet.find_element(By.CSS_SELECTOR, "[data-facet-filter]")
        box.clear()
        box.send_keys(typed)
        return [label.text for label in facet.find_elements(By.CSS_SELECTOR, "li .label") if label.is_displayed()]

    # WHEN a country is typed by its code or a name the search also takes (country:UK, country:Britain)
    # THEN it is listed, though its label says neither
    assert filtered("country", "UK") == ["United Kingdom"]
    assert filtered("country", "britain") == ["United Kingdom"]
    assert filtered("country", "GB") == ["United Kingdom"]
    assert "United States" in filtered("country", "US")
    # AND an organisation by its other names, accents and case aside
    assert filtered("org", "ibrd") == ["World Bank"]
    assert filtered("org", "Common Market") == ["EC — European Community"]
    # AND a name that is no value's still lists nothing
    assert filtered("org", "zzz") == []

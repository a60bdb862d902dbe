"""A real browser on a search's key words in context: from the search page to the lines, arranged, and on to an
article with the words marked."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from tests.copies import stories
from tests.test_concordance import FARMING, MARKETS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def oil_archive(tmp_path):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths(
        [
            stories.write_jsonl(
                tmp_path / "oil.jsonl",
                stories.record(1, "Oil prices climb", MARKETS, published="2024-05-03"),
                stories.record(2, "Grain and oil", FARMING, "Farm Weekly", "2024-05-01"),
                stories.record(
                    3, "Refinery restarts", "The refinery restarted on Friday and oil output rose.", "Gulf Daily"
                ),
            )
        ]
    )


def _lines(browser) -> list[tuple[str, str, str]]:
    rows = browser.find_elements(By.CSS_SELECTOR, "table.kwic tbody tr")
    return [tuple(cell.text for cell in row.find_elements(By.TAG_NAME, "td")[:3]) for row in rows]


def test_every_use_of_a_word_lined_up_arranged_and_read(live_server, browser, oil_archive, screenshot, follow):
    # GIVEN a search for oil (the browser's log emptied of what earlier tests' pages wrote)
    browser.get_log("browser")
    browser.get(live_server.url + "/?q=oil&sort=newest")
    # WHEN its "Every use of the words, in context" is followed
    follow(browser.find_element(By.PARTIAL_LINK_TEXT, "Every use of the words, in context"))
    assert browser.current_url == live_server.url + "/concordance/?q=oil&sort=newest"
    # THEN each use of "oil" is a line, the keywords one above the other, the words before set against them
    lines = _lines(browser)
    assert len(lines) == 6 and {keyword.lower() for _, keyword, _ in lines} == {"oil"}
    keywords = browser.find_elements(By.CSS_SELECTOR, "td.keyword mark")
    assert len({mark.location["x"] for mark in keywords}) == 1
    befores = browser.find_elements(By.CSS_SELECTOR, "td.left > span")
    right_edges = {round(span.location["x"] + span.size["width"]) for span in befores}
    assert max(right_edges) - min(right_edges) <= 1
    # WHEN the lines are arranged by the words after the keyword
    follow(browser.find_element(By.LINK_TEXT, "By the words after"))
    firsts = [re.findall(r"\w+", after.lower())[:1] for _, _, after in _lines(browser)]
    assert firsts == sorted(firsts) and ["prices"] in firsts
    assert browser.find_element(By.CSS_SELECTOR, "[aria-current]").text == "By the words after"
    # AND fewer words are asked for each side
    Select(browser.find_element(By.NAME, "context")).select_by_visible_text("3")
    follow(browser.find_element(By.CSS_SELECTOR, ".concordance-form button"))
    assert "context=3" in browser.current_url and "by=right" in browser.current_url
    assert all(len(after.replace("…", "").split()) <= 3 for _, _, after in _lines(browser))
    screenshot("concordance")
    screenshot("concordance-phone", 390, 1000)
    browser.set_window_size(1280, 1000)
    # WHEN a keyword is followed THEN its article marks the words and leads back to the search
    follow(browser.find_element(By.CSS_SELECTOR, "td.keyword a"))
    assert [m.text for m in browser.find_elements(By.CSS_SELECTOR, "main mark")]
    follow(browser.find_element(By.PARTIAL_LINK_TEXT, "Back to"))
    assert "q=oil" in browser.current_url and browser.find_element(By.ID, "results-heading").text.startswith(
        "3 articles"
    )
    # AND no page made a console error
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


@pytest.fixture
def coffee_archive(tmp_path):
    """Lines with long words either side of the keyword, one story read from the right (Arabic)."""
    load_gazetteers()
    long_words = (
        "International Coffee Organization negotiators reconvened representatives producing consuming countries "
        "coffee quota arrangements reintroduction negotiations substantially complicated disagreements concerning "
        "distribution allocations between Brazil Colombia Indonesia, whose coffee exporters' representatives "
        "contemplated unilateral alternatives"
    )
    arabic_body = "قال المندوبون إن مفاوضات القهوة في لندن انتهت دون اتفاق على الحصص الجديدة"
    arabic = {**stories.record(3, "أسعار القهوة", arabic_body), "language": "ar"}
    import_paths(
        [
            stories.write_jsonl(
                tmp_path / "coffee.jsonl",
                stories.record(1, "ICO coffee quota talks break down without agreement in London", long_words),
                stories.record(2, "Brazil coffee exporters await the quota talks", f"Meanwhile, {long_words}"),
                arabic,
            )
        ]
    )


def test_the_lines_fit_a_laptops_window_with_the_article_readable(live_server, browser, coffee_archive, screenshot):
    # GIVEN lines of long words either side of the keyword, at a 1280 px laptop's window
    browser.set_window_size(1280, 800)
    browser.get(live_server.url + "/concordance/?q=coffee+OR+القهوة")
    screenshot("concordance-laptop", 1280, 800)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.kwic tbody tr")
    assert len(rows) == 4 and [row.get_attribute("dir") for row in rows].count("rtl") == 1
    # THEN the table fits its box: nothing to scroll sideways (its scrollbar was a table's height below)
    scroller = browser.find_element(By.CSS_SELECTOR, ".kwic-scroll")
    assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", scroller)
    # AND each line's article is shown whole within it, its date and the start of its title
    right = scroller.location["x"] + scroller.size["width"]
    for cell in browser.find_elements(By.CSS_SELECTOR, "td.article > span"):
        assert cell.location["x"] + cell.size["width"] <= right
    # AND the keywords stand one above the other, the line read from the right mirrored about them as before
    keywords = browser.find_elements(By.CSS_SELECTOR, "td.keyword")
    assert len({round(cell.location["x"]) for cell in keywords}) == 1
    # (its words after the keyword on the left, those before on the right)
    rtl = browser.find_element(By.CSS_SELECTOR, "tr[dir=rtl]")
    assert "دون" in rtl.find_element(By.CSS_SELECTOR, "td.left").text
    assert "المندوبون" in rtl.find_element(By.CSS_SELECTOR, "td.right").text


@pytest.fixture
def long_story(tmp_path):
    """A story whose second "quota" stands forty paragraphs down, beyond the first screen."""
    load_gazetteers()
    filler = "\n\n".join(f"Paragraph {n} of the delegates' long account of the London talks." for n in range(40))
    body = f"Coffee quota talks opened in London.\n\n{filler}\n\nBrazil rejected a new export quota on Friday."
    import_paths([stories.write_jsonl(tmp_path / "long.jsonl", stories.record(1, "Coffee talks in London", body))])


def test_a_keyword_leads_to_its_own_place_in_the_article(live_server, browser, long_story, follow):
    # GIVEN the lines of "quota" in a long story
    browser.set_window_size(1280, 800)
    browser.get(live_server.url + "/concordance/?q=quota")
    keywords = browser.find_elements(By.CSS_SELECTOR, "td.keyword a")
    assert len(keywords) == 2 and ":~:text=" in keywords[1].get_attribute("href")
    # WHEN the second line's keyword is followed
    follow(keywords[1])
    # THEN the article opens scrolled to that occurrence, forty paragraphs down, not at its top
    paragraph = browser.find_element(By.XPATH, "//p[contains(., 'Brazil rejected a new export')]")
    assert browser.execute_script("return window.scrollY") > 0
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight",
        paragraph,
    )

"""A real browser: an editor uploads a PDF and a broken one on the import page; the report names each, and the
imported article reads as its PDF did (title, paragraphs, the text layer in the raw view)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from archive.models import Article
from tests.ingest.pdfs import text_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_an_editor_uploads_pdfs_in_the_browser(editor_browser, live_server, tmp_path, screenshot):
    browser = editor_browser
    good = tmp_path / "harbour-report.pdf"
    good.write_bytes(
        text_pdf(
            ["KARACHI, April 4, 2021 - The Quillharbour terminal handled more", "containers than in any year before."],
            ["Port officials said the new cranes would double capa-", "city by next year."],
            title="Microsoft Word - harbour_final2.doc",
            heading="Record year at the harbour",
            header="Port Authority Bulletin",
            page_numbers=True,
        )
    )
    broken = tmp_path / "locked.pdf"
    broken.write_bytes(text_pdf(["Secret."], user_password="secret"))
    # GIVEN the import page WHEN the editor picks both files and imports them
    browser.get(f"{live_server.url}/admin/archive/article/import/")
    picker = browser.find_element(By.ID, "id_files")
    assert ".pdf" in picker.get_attribute("accept").split(",")
    picker.send_keys(f"{good}\n{broken}")
    browser.find_element(By.CSS_SELECTOR, '.submit-row input[type="submit"]').click()
    # THEN the report names the new article's file and the encrypted one with its reason
    report = WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "import-result"))).text
    assert "harbour-report.pdf" in report and "locked.pdf" in report and "needs a password" in report
    screenshot("pdf-upload-report")
    # AND the article page shows the heading as the title and the text without the running head or page numbers
    article = Article.objects.get(title="Record year at the harbour")
    browser.get(f"{live_server.url}/articles/{article.pk}/")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "double capacity by next year" in page and "Port Authority Bulletin" not in page
    screenshot("pdf-article")
    browser.get(f"{live_server.url}/articles/{article.pk}/raw/")
    assert "Port Authority Bulletin" in browser.find_element(By.TAG_NAME, "body").text

"""axe-core in headless Chromium, at a desk's width and a phone's: no serious or critical violation on any
public page, nor on the admin pages editors use (Django's own screens, with static/archive/admin.js naming
select2's boxes and templates/admin/ adding what Django's templates lack)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from archive.models import Article
from tests.checkers import axe
from tests.ingest.mails import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]

PASSWORD = "check-the-archive-2024"
WIDTHS = {"desk": (1366, 900), "phone": (390, 844)}

PUBLIC = {
    "search, empty": "/",
    "search with a query and filters": "/?q=pakistan&country=PK&sort=newest",
    "search, a date drill-down": "/?date=2023",
    "search, a date range": "/?from=2023-01-01&to=2024-12-31",
    "search, nothing found": "/?q=zzzzqqq",
    "countries": "/countries/",
    "a country's page": "/countries/PK/",
    "a country's page, log scale": "/countries/PK/?scale=log",
    "a country's page, share of the month": "/countries/PK/?measure=share",
    "a country's page compared with another": "/countries/PK/?compare=country:RU",
    "a search's timeline, compared": "/timeline/?q=pakistan&compare=russia&compare=asean",
    "a search's timeline, share of the filtered articles": "/timeline/?q=pakistan&country=PK&measure=within",
    "a search's key words in context": "/concordance/?q=pakistan+OR+trade&by=left",
    "organisations": "/organisations/",
    "an organisation's page": "/organisations/imf/",
    "sources": "/sources/",
    "writers": "/writers/",
    "advanced search": "/advanced/",
    "advanced search, its boxes marked": "/advanced/?all_words=x&date_from=2024-05-01&date_to=2023-01-01",
    "advanced search, filled in from a search": "/advanced/?q=asean+OR+russia&country=PK&country=RU&date=2023-06"
    "&versions=all",
    "help": "/help/",
    "API documentation": "/api/",
    "404": "/no-such-page/",
}


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([seeds_dir])
    call_command("create_editor", "editor", "--password-stdin", stdin=io.StringIO(PASSWORD), stdout=io.StringIO())


def check_pages(browser, base: str, pages: dict[str, str], *, at_least: str) -> dict[str, str]:
    failures = {}
    for width_name, (width, height) in WIDTHS.items():
        browser.set_window_size(width, height)
        for name, path in pages.items():
            browser.get(base + path)
            found = axe.violations(browser, at_least=at_least)
            if found:
                failures[f"{name} ({width_name}, {path})"] = axe.summary(found)
    return failures


def report(failures: dict[str, str]) -> str:
    return "\n".join(f"{page}:\n{text}" for page, text in failures.items())


def test_public_pages_have_no_serious_violation(live_server, browser, archive):
    # GIVEN the seeded archive and every kind of public page, an article arriving from a search among them, its
    # writer's page too
    article = Article.objects.order_by("pk").first()
    article.author = "Jane Doe"
    article.save()
    pages = {
        **PUBLIC,
        "a writer's page": "/writers/jane-doe/",
        "article": article.get_absolute_url(),
        "article from a search": article.get_absolute_url() + "?back=q%3Dpakistan%26sort%3Doldest",
        "selected articles": f"/selected/?ids={article.pk}",
    }
    # AND a reader's selection kept in the browser, so that "Selected (1)" is in every page's navigation
    browser.get(live_server.url + "/help/")
    browser.execute_script("localStorage.setItem('archive-selection', arguments[0])", f'["{article.pk}"]')
    # WHEN axe checks each at a desk's width and a phone's THEN nothing serious or critical is found
    try:
        failures = check_pages(browser, live_server.url, pages, at_least="serious")
    finally:
        browser.execute_script("localStorage.clear()")
    assert not failures, report(failures)


def test_editors_pages_have_no_serious_violation(live_server, browser, archive, tmp_path):
    # GIVEN an editor logged in
    browser.delete_all_cookies()
    browser.set_window_size(*WIDTHS["desk"])
    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    login_failures = check_pages(browser, live_server.url, {"admin login": "/admin/login/"}, at_least="serious")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD + "\n")
    browser.find_element(By.ID, "content")
    article = Article.objects.order_by("pk").first()
    # AND an e-mail with an attachment, listed on its change form with links to download it and to its screen
    letter = tmp_path / "letter.eml"
    letter.write_bytes(
        mail(message_id="<a11y@x>", attachments=(("figures.csv", "text/csv", b"year,tonnes\n2025,10\n"),)).as_bytes()
    )
    import_paths([letter])
    emailed = Article.objects.get(import_ref__endswith="#a11y@x")
    pages = {
        "admin index": "/admin/",
        "article change form, with an attachment": f"/admin/archive/article/{emailed.pk}/change/",
        "article list": "/admin/archive/article/",
        "article change form": f"/admin/archive/article/{article.pk}/change/",
        "import page": "/admin/archive/article/import/",
        "organisations": "/admin/archive/organisation/",
        "countries": "/admin/archive/country/",
        "article revert form": f"/admin/archive/article/{article.pk}/history/{article.history.earliest().pk}/",
        "article delete confirmation": f"/admin/archive/article/{article.pk}/delete/",
    }
    # WHEN axe checks the screens editors use, at both widths, THEN nothing serious or critical is found
    failures = {**login_failures, **check_pages(browser, live_server.url, pages, at_least="serious")}
    assert not failures, report(failures)

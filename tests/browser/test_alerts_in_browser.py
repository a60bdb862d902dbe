"""A real browser follows a search by e-mail: the search page's alert link, the form, the confirmation link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from selenium.webdriver.common.by import By

from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from archive.models import Subscription
from tests.checkers import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def assert_accessible(browser) -> None:
    """axe finds nothing serious or critical at a desk's width or a phone's."""
    for width in (1366, 390):
        browser.set_window_size(width, 900)
        found = axe.violations(browser, at_least="serious")
        assert not found, axe.summary(found)
    browser.set_window_size(1280, 1000)


@pytest.fixture
def archive(seeds_dir):
    load_gazetteers()
    import_paths([seeds_dir])


def test_a_reader_subscribes_and_confirms_in_the_browser(live_server, browser, follow, archive, settings, screenshot):
    settings.ARCHIVE_SITE_URL = live_server.url
    # GIVEN a search page
    browser.get(live_server.url + "/?q=pakistan&country=PK")
    screenshot("alerts-search-page", 1366, 1400)
    # WHEN the reader follows its alert link, fills in the form and sends it
    follow(browser.find_element(By.LINK_TEXT, "Get e-mail alerts for this search"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Get e-mail alerts for this search"
    assert "“pakistan” · Pakistan" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_element(By.NAME, "website").is_displayed()  # the honeypot is not for people
    browser.find_element(By.NAME, "email").send_keys("browser@example.org")
    browser.find_element(By.CSS_SELECTOR, "input[name=frequency][value=weekly]").click()
    screenshot("alerts-subscribe", 1366, 800)
    assert_accessible(browser)
    follow(browser.find_element(By.CSS_SELECTOR, "form.alert-form button[type=submit]"))
    # THEN the page says to check the inbox, and a confirmation mail holds the link
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check your inbox"
    (message,) = mail.outbox
    link = re.search(r"(http://\S+/alerts/confirm/\S+)", message.body).group(1)
    assert not Subscription.objects.get().confirmed_at
    # WHEN the reader opens the link and confirms THEN the weekly alert has started
    browser.get(link)
    assert_accessible(browser)
    follow(browser.find_element(By.XPATH, "//button[normalize-space()='Confirm this alert']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Alert confirmed"
    screenshot("alerts-confirmed", 390, 800)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at and subscription.frequency == "weekly"
    assert subscription.query == "q=pakistan&country=PK"

"""A real browser follows a search by e-mail: the search page's alert link, the form, the confirmation link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from selenium.webdriver.common.by import By

from archive.alerts import mail as alert_mail
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


def test_a_reader_switches_an_alert_to_weekly_on_the_manage_page(live_server, browser, follow, archive, screenshot):
    # GIVEN an address with two alerts, one mailed an hour ago, and its "All your alerts" page
    last = timezone.now() - dt.timedelta(hours=1)
    mailed = Subscription.objects.create(
        email="browser@example.org", query="q=pakistan&country=PK", confirmed_at=last, matched_until=last,
        last_sent_at=last, next_due_at=last + dt.timedelta(days=1),
    )  # fmt: skip
    Subscription.objects.create(email="browser@example.org", query="q=trade", frequency="weekly", confirmed_at=last)
    # (opened at the first, as the "already following" mail links to it: marked there)
    manage = re.sub(r"^https?://[^/]+", "", alert_mail.manage_url("browser@example.org"))
    browser.get(f"{live_server.url}{manage}#alert-{mailed.pk}")
    marked = browser.find_element(By.ID, f"alert-{mailed.pk}")
    assert marked.value_of_css_property("outline-style") == "solid"
    assert_accessible(browser)
    # WHEN the reader presses "Switch to weekly" beside the first, no script needed
    (button,) = browser.find_elements(By.CSS_SELECTOR, f"button[name=switch][value='{mailed.pk}:weekly']")
    assert button.accessible_name == "Switch the alert for “pakistan” · Pakistan to weekly"
    follow(button)
    # THEN the page names the alert and its new frequency, says when its next mail may come, and stays accessible
    status = browser.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    assert status.startswith("The alert for “pakistan” · Pakistan is now weekly. Its next mail comes no sooner than")
    screenshot("alerts-manage-switched", 390, 900)
    assert_accessible(browser)
    mailed.refresh_from_db()
    assert mailed.frequency == "weekly" and mailed.next_due_at == last + dt.timedelta(days=7)

"""A real browser: an editor triages a proposed organisation: sees how many articles name it, opens them, rejects it."""

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from archive.models import Organisation
from archive.proposals_triage import articles_mentioning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_an_editor_sees_the_mentions_opens_them_and_rejects_the_proposal(live_server, editor_browser, screenshot):
    browser = editor_browser
    proposal = Organisation.objects.get(slug="apjscc")
    mentioning = articles_mentioning(proposal)
    # GIVEN the proposals list WHEN the editor opens it
    browser.get(f"{live_server.url}/admin/archive/organisation/?status__exact=proposed")
    row = browser.find_element(By.XPATH, f"//input[@value='{proposal.pk}']/ancestor::tr")
    # THEN the proposal's row shows how many articles name it, as a link
    link = row.find_element(By.CSS_SELECTOR, "td.field-mentions a")
    assert link.text == str(len(mentioning)) != "0"
    screenshot("editor-proposals-1366", 1366, 900)
    # WHEN they follow it THEN the article list shows exactly those articles
    link.click()
    WebDriverWait(browser, 30).until(ec.url_contains(f"mentions={proposal.pk}"))
    shown = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody input.action-select")
    assert sorted(int(box.get_attribute("value")) for box in shown) == sorted(mentioning)
    # WHEN they go back, select the proposal and choose "Reject"
    browser.get(f"{live_server.url}/admin/archive/organisation/?status__exact=proposed")
    browser.find_element(By.CSS_SELECTOR, f"input.action-select[value='{proposal.pk}']").click()
    Select(browser.find_element(By.CSS_SELECTOR, "select[name='action']")).select_by_value("reject")
    browser.find_element(By.CSS_SELECTOR, "button[name='index']").click()
    # THEN the list says what rejecting means, and the proposal has left the proposals
    success = WebDriverWait(browser, 30).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, ".messagelist .success"))
    )
    assert success.text == "Rejected 1 proposed organisation(s); they will not be proposed again."
    assert not browser.find_elements(By.CSS_SELECTOR, f"input.action-select[value='{proposal.pk}']")
    proposal.refresh_from_db()
    assert proposal.status == Organisation.Status.REJECTED
    # AND re-extracting every article does not bring it back
    call_command("extract_entities", "--reextract", "--all", "--no-progress")
    assert not Organisation.objects.filter(status=Organisation.Status.PROPOSED, acronym="APJSCC").exists()

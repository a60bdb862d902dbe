"""A real browser reloading a search page it holds: it asks with the page's ETag, the server answers 304 without
searching, and the browser shows the page it has; once the archive changes, a reload brings the new page."""

import pytest
from selenium.webdriver.common.by import By

from archive.models import Article
from archive.search import apply_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_reload_is_answered_304_until_the_archive_changes(live_server, browser, archive, monkeypatch):
    from archive import views

    searches = []
    searched = views.run_search
    monkeypatch.setattr(views, "run_search", lambda *args, **kwargs: searches.append(1) or searched(*args, **kwargs))
    # GIVEN a reader on a search page
    browser.get(live_server.url + "/?q=pakistan")
    titles = [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")]
    assert titles and len(searches) == 1
    # WHEN they reload it and nothing has changed
    browser.refresh()
    # THEN the browser revalidated its copy: the same page, shown from its cache, and no second search
    entry = browser.execute_script("return performance.getEntriesByType('navigation')[0].toJSON()")
    assert entry["type"] == "reload" and entry["transferSize"] < entry["encodedBodySize"]
    assert [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")] == titles
    assert len(searches) == 1

    # WHEN an editor corrects the first result's title and the index takes it, and the reader reloads
    article = Article.objects.get(title=titles[0])
    article.title = "Pakistan: a corrected title"
    article.save()
    apply_pending()
    browser.refresh()
    # THEN the server searched again and the browser shows the new page
    assert "Pakistan: a corrected title" in [link.text for link in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")]
    assert len(searches) == 2


def test_an_entity_page_reloaded_is_answered_304_until_its_record_changes(
    live_server, browser, archive, monkeypatch, settings
):
    from archive import entity_views
    from archive.gazetteers import load_gazetteers
    from archive.models import Country

    load_gazetteers()  # a transactional test starts from an emptied database
    # No answers kept by the server: a page not made again can only be the browser's copy, revalidated (304).
    settings.CACHES = {**settings.CACHES, "answers": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    made = []
    page_of = entity_views.profile_page
    monkeypatch.setattr(
        entity_views, "profile_page", lambda *args, **kwargs: made.append(1) or page_of(*args, **kwargs)
    )
    # GIVEN a reader on Pakistan's page
    browser.get(live_server.url + "/countries/PK/")
    assert "Quixotic Republic" not in browser.page_source and len(made) == 1
    # WHEN they reload it THEN the browser revalidates its copy and shows it: no page made again
    browser.refresh()
    assert browser.execute_script("return performance.getEntriesByType('navigation')[0].type") == "reload"
    assert "Pakistan" in browser.find_element(By.TAG_NAME, "h1").text and len(made) == 1
    # WHEN an editor gives Pakistan another name (no article changes: the index stays as it was) and they reload
    pakistan = Country.objects.get(code="PK")
    pakistan.aliases = [*pakistan.aliases, "Quixotic Republic"]
    pakistan.save()
    browser.refresh()
    # THEN the page is made again and shows it
    assert "Quixotic Republic" in browser.find_element(By.TAG_NAME, "main").text and len(made) == 2

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

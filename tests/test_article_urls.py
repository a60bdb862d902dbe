"""Article.get_absolute_url: reverse() once per URL prefix, then the id and slug in their places."""

from __future__ import annotations

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from archive.models import Article

TITLES = ["Oil prices rise", "", "Café – Zürich's “best” 100%", "x" * 300, "---", "中文标题", "A/B & <C>"]


@pytest.mark.parametrize("prefix", ["/", "/archive/"])
def test_article_urls_are_what_reverse_makes(prefix):
    # GIVEN articles with all kinds of titles, served under a URL prefix or none
    set_script_prefix(prefix)
    try:
        for pk, title in enumerate(TITLES, start=1):
            article = Article(pk=pk * 1234, title=title)
            # WHEN / THEN the URL is reverse()'s, prefix included
            expected = reverse("archive:article", kwargs={"pk": article.pk, "slug": article.slug})
            assert article.get_absolute_url() == expected
            assert expected.startswith(prefix)
    finally:
        clear_script_prefix()

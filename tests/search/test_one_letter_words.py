"""Words of one letter or digit are indexed and searched like any other ("1 billion", "G-7", "Plan B")."""

from __future__ import annotations

import pytest

from archive.models import Article
from archive.search import SearchParams, apply_pending, search

pytestmark = pytest.mark.django_db

TEXTS = {
    "one": "Profits reached 1 billion dlrs in the year.",
    "fifteen": "Profits reached 15 billion dlrs in the year.",
    "g7": "The G-7 finance ministers met in Paris.",
    "plan": "Officials drew up a Plan B for the harbour.",
}


@pytest.fixture
def stories(db):
    made = {
        key: Article.objects.create(title=key, body=text, raw_text=text, checksum=key, import_ref=f"test:{key}")
        for key, text in TEXTS.items()
    }
    apply_pending()
    return {article.pk: key for key, article in made.items()}


@pytest.mark.parametrize("path", ["fast", "portable"])
@pytest.mark.parametrize(
    ("q", "found"),
    [
        ('"1 billion dlrs"', ["one"]),  # found every "billion dlrs": the "1" was left out
        ('"15 billion dlrs"', ["fifteen"]),
        ("G-7", ["g7"]),  # nothing, and a notice about "the", "of" and "and"
        ('"plan b"', ["plan"]),
    ],
)
def test_a_word_of_one_letter_or_digit_is_searched(stories, settings, path, q, found):
    settings.ARCHIVE_SEARCH_PATH = path
    result = search(SearchParams(q=q))
    assert sorted(stories[hit.article_id] for hit in result.hits) == found
    assert not result.notices

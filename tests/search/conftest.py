"""Shared fixtures for the search tests."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.models import Article, ArticleCountry, Country, IndexChange

WORDS = ["oil", "gas", "prices", "trade", "talks", "bank", "rates", "wheat", "exports", "said"]


@pytest.fixture
def many_articles(db) -> list[Article]:
    """450 articles of the ten WORDS, one of US/GB/JP each, created in bulk (nothing queued for the index)."""
    made = Article.objects.bulk_create(
        Article(
            title=f"{WORDS[n % 10]} {WORDS[(n * 3) % 10]}",
            body=" ".join(WORDS[(n * k) % 10] for k in range(1, 12 + n % 7)),
            raw_text="x",
            checksum=f"r{n}",
            import_ref=f"bulk:{n}",
            published=dt.date(2020, 1, 1) + dt.timedelta(days=n * 5),
            precision="day",
        )
        for n in range(450)
    )
    countries = list(Country.objects.filter(code__in=["US", "GB", "JP"]))
    ArticleCountry.objects.bulk_create(ArticleCountry(article=a, country=countries[a.pk % 3]) for a in made)
    IndexChange.objects.all().delete()
    return made

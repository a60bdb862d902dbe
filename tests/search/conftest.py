"""Shared fixtures for the search tests."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from whoosh.filedb.filestore import FileStorage

from archive.models import Article, ArticleCountry, Country, IndexChange
from archive.search import storage, whoosh_patches
from tests.search.copies_archive import build_copies

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


SEGMENT_WORDS = [
    "oil",
    "gas",
    "price",
    "prices",
    "said",
    "trade",
    "bank",
    "banks",
    "rate",
    "rates",
    "o'brien",
    "don't",
    "u.s.",
    "économie",
    "naïve",
    "zinc",
]


@pytest.fixture
def whoosh_index(tmp_path):
    """A Whoosh index with our schema, two segments and a deletion, written without Django models."""
    whoosh_patches.install()
    ix = FileStorage(str(tmp_path)).create_index(storage.schema())
    rng = random.Random(5)
    for batch in range(2):
        writer = ix.writer()
        for n in range(700 if batch == 0 else 40):
            number = batch * 1000 + n
            writer.add_document(
                id=f"archive.article.{number}",
                django_ct="archive.article",
                django_id=str(number),
                text=" ".join(rng.choice(SEGMENT_WORDS) for _ in range(rng.randint(1, 60))),
                title=" ".join(rng.choice(SEGMENT_WORDS) for _ in range(3)),
                countries=rng.sample(["US", "GB", "JP"], rng.randint(0, 2)),
                organisations=[],
                source=["wire"],
                year=["2020"],
                month=["2020-05"],
                day=[f"2020-05-{n % 28 + 1:02d}"] if n % 4 else [],  # a quarter undated to the day
                date_sort=20200500 + rng.randint(1, 28),
            )
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("id", "archive.article.3")
    writer.commit(merge=False)
    return ix


@pytest.fixture
def copies(archive, django_capture_on_commit_callbacks) -> dict[str, Article]:
    """The seeds and tests/search/copies_archive.py's stories with their copies, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        return build_copies()

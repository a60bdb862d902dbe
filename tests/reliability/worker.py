"""A process that writes to or searches the archive for a bounded time (run by the reliability tests).

Usage: python tests/reliability/worker.py ROLE SECONDS SEED   (ROLE: writer, searcher, batch)
Prints one JSON line: {"role", "operations", "failures": [...]}. Uses ARCHIVE_DATA_DIR from the environment.
"""

import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("ARCHIVE_RATE_LIMIT", "1000000")  # searchers ask far more than a person would

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from archive.models import Article, Country  # noqa: E402
from archive.search import writer  # noqa: E402

CODES = ["PK", "RU", "US", "CA", "FR", "DE", "JP", "BR"]
WORDS = ["wheat", "oil", "talks", "trade", "summit", "loan", "election", "tariff"]


def create(rng: random.Random, tag: str) -> None:
    with transaction.atomic():
        article = Article.objects.create(
            title=f"{rng.choice(WORDS)} {tag} {rng.random():.6f}",
            body=" ".join(rng.choice(WORDS) for _ in range(30)),
            raw_text="x",
            checksum=f"{tag}-{rng.random()}",
            import_ref=f"worker:{tag}:{time.monotonic_ns()}",
        )
        article.countries.add(*Country.objects.filter(code__in=rng.sample(CODES, 2)))


def mine(tag: str):
    return Article.objects.filter(import_ref__startswith=f"worker:{tag}:")


def edit(rng: random.Random, tag: str) -> None:
    article = mine(tag).order_by("?").first()
    if article:
        with transaction.atomic():
            article.title = f"{rng.choice(WORDS)} edited {tag} {rng.random():.6f}"
            article.save()


def retag(rng: random.Random, tag: str) -> None:
    article = mine(tag).order_by("?").first()
    if article:
        with transaction.atomic():
            country = Country.objects.get(code=rng.choice(CODES))
            if article.countries.filter(pk=country.pk).exists():
                article.countries.remove(country)
            else:
                article.countries.add(country)


def delete(rng: random.Random, tag: str) -> None:
    article = mine(tag).order_by("?").first()
    if article:
        with transaction.atomic():
            article.delete()


def run_writer(seconds: float, seed: int) -> dict:
    rng, tag, done, failures = random.Random(seed), f"w{seed}", 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        operation = rng.choices([create, edit, retag, delete], weights=[4, 3, 3, 1])[0]
        try:
            operation(rng, tag)
            done += 1
        except Exception:
            failures.append(traceback.format_exc(limit=3))
    writer.apply_pending(timeout=30)  # a writer leaves nothing queued behind it
    return {"role": "writer", "operations": done, "failures": failures}


def run_searcher(seconds: float, seed: int) -> dict:
    """Requests through Django's whole stack (middleware, view, template), the page and the API in turn."""
    rng, done, failures = random.Random(seed), 0, []
    client = Client()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = ("/", "/api/search/")[done % 2]
        query = {"q": rng.choice(["", *WORDS]), "country": rng.sample(CODES, rng.randint(0, 2))}
        try:
            response = client.get(path, query)
            if response.status_code != 200:
                failures.append(f"GET {path} {query}: HTTP {response.status_code}")
            done += 1
        except Exception:
            failures.append(traceback.format_exc(limit=3))
    return {"role": "searcher", "operations": done, "failures": failures}


def run_batch(count: int, seed: int) -> dict:
    """Create many articles with indexing deferred, then apply them in one batch (to be killed midway)."""
    rng = random.Random(seed)
    with writer.deferred():
        for _ in range(count):
            create(rng, f"b{seed}")
        print("APPLYING", flush=True)
    return {"role": "batch", "operations": count, "failures": []}


if __name__ == "__main__":
    role, amount, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    runners = {"writer": run_writer, "searcher": run_searcher}
    report = run_batch(int(amount), seed) if role == "batch" else runners[role](amount, seed)
    print(json.dumps(report), flush=True)

"""A process that writes to or searches the archive (run by the reliability tests).

Usage: python tests/reliability/worker.py ROLE AMOUNT SEED [STOP_FILE]
  writer AMOUNT SEED               AMOUNT operations (create, edit, re-tag, delete), then applies the queue
  searcher AMOUNT SEED STOP_FILE   requests the page and the API until STOP_FILE exists, at least AMOUNT times
  batch AMOUNT SEED                creates AMOUNT articles with indexing deferred, then applies the queue in
                                   batches of 100 changes; after writing 150 documents (the batch in progress
                                   written but not committed) it prints MID-BATCH and waits to be killed
Prints one JSON line: {"role", "operations", "failures": [...]}. Uses ARCHIVE_DATA_DIR and DATABASE_URL from
the environment. Nothing here depends on timing: amounts are counts, and the test says when to stop.
"""

import json
import os
import random
import sys
import threading
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
from archive.search import apply_pending, deferred  # noqa: E402
from tests.search.writer_hooks import apply_in_batches  # noqa: E402

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


def run_writer(count: int, seed: int) -> dict:
    rng, tag, done, failures = random.Random(seed), f"w{seed}", 0, []
    for _ in range(count):
        operation = rng.choices([create, edit, retag, delete], weights=[4, 3, 3, 1])[0]
        try:
            operation(rng, tag)
            done += 1
        except Exception:
            failures.append(traceback.format_exc(limit=3))
    apply_pending(timeout=30)  # a writer leaves nothing queued behind it
    return {"role": "writer", "operations": done, "failures": failures}


def run_searcher(count: int, seed: int, stop_file: Path) -> dict:
    """Requests through Django's whole stack (middleware, view, template), the page and the API in turn.

    Until the test creates `stop_file` (after every writer has finished), and at least `count` requests.
    """
    rng, done, failures = random.Random(seed), 0, []
    client = Client()
    while done < count or not stop_file.exists():
        path = ("/", "/api/search/")[done % 2]
        query = {"q": rng.choice(["", *WORDS]), "country": rng.sample(CODES, rng.randint(0, 2))}
        if not query["q"]:
            del query["q"]  # as the page's links and form send it: an empty q would be redirected away
        try:
            response = client.get(path, query)
            if response.status_code != 200:
                failures.append(f"GET {path} {query}: HTTP {response.status_code}")
            done += 1
        except Exception:
            failures.append(traceback.format_exc(limit=3))
    return {"role": "searcher", "operations": done, "failures": failures}


BATCH = 100


def stop_mid_batch(open_writer, *, after: int):
    """Wrap the writer's open_writer: after `after` documents written in all, say MID-BATCH and wait forever.

    The documents of the batch in progress are written to Whoosh's writer but not committed, its lock is
    held, and the batches before it are committed (their queue rows deleted): a kill here is mid-batch.
    """
    written = 0

    def open_and_watch(ix, timeout):
        whoosh_writer = open_writer(ix, timeout)
        update_document = whoosh_writer.update_document

        def update_and_count(**fields):
            nonlocal written
            update_document(**fields)
            written += 1
            if written == after:
                print("MID-BATCH", flush=True)
                threading.Event().wait()  # until the test kills this process

        whoosh_writer.update_document = update_and_count
        return whoosh_writer

    return open_and_watch


def run_batch(count: int, seed: int) -> dict:
    """Create many articles with indexing deferred, then apply them in batches; stops in the middle."""
    assert count > 2 * BATCH, "the stop comes before the last batch"
    rng = random.Random(seed)
    apply_in_batches(BATCH, lambda open_writer: stop_mid_batch(open_writer, after=BATCH + BATCH // 2))
    with deferred():
        for _ in range(count):
            create(rng, f"b{seed}")
        print("APPLYING", flush=True)
    return {"role": "batch", "operations": count, "failures": []}  # not reached: killed mid-batch


if __name__ == "__main__":
    role, amount, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if role == "batch":
        report = run_batch(amount, seed)
    elif role == "writer":
        report = run_writer(amount, seed)
    else:
        report = run_searcher(amount, seed, Path(sys.argv[4]))
    print(json.dumps(report), flush=True)

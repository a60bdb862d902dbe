"""The mix through our search, as the search page runs it, and how soon an edit becomes searchable."""

from __future__ import annotations

import random
import statistics
import time

from django.db import transaction

from archive.benchmark.mix import Search
from archive.models import Article
from archive.search import SearchParams, SearchResult, date_periods
from archive.search import search as run_search


def run_ours(search: Search, resolvers) -> SearchResult:
    """Everything the search page shows: results, count, facets with counts, histogram, snippets."""
    result = run_search(search.params(), resolvers=resolvers)
    date_periods(result.facets.get("date", []))
    for hit in result.hits:
        hit.snippet_text  # noqa: B018 - the snippet the page shows (as text; HTML adds bleach)
        hit.article.title  # noqa: B018
    return result


def edit_latency(resolvers, trials: int = 5, timeout: float = 10.0) -> dict:
    """Seconds from an edit's commit to a search finding it (the after-commit writer, then the
    next search's snapshot refresh), for `trials` edits of random articles."""
    rng = random.Random(7)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    latencies, first_search = [], []
    for trial in range(trials):
        token = f"zqxbenchedit{trial}x{rng.randrange(10**6)}"
        with transaction.atomic():
            article = Article.objects.get(pk=rng.choice(ids))
            article.title = f"{article.title} {token}"
            article.save()
            committed = time.perf_counter()  # the block's exit commits, then the after-commit writer runs
        found = False
        while time.perf_counter() - committed < timeout:
            started = time.perf_counter()
            result = run_search(SearchParams(q=token), resolvers=resolvers)
            if result.count == 1 and result.hits and result.hits[0].article_id == article.pk:
                first_search.append(time.perf_counter() - started)
                found = True
                break
            time.sleep(0.005)
        latencies.append(time.perf_counter() - committed if found else float("inf"))
    return {
        "trials": trials,
        "median_s": round(statistics.median(latencies), 3),
        "max_s": round(max(latencies), 3),
        "search_after_edit_ms": round(1000 * statistics.median(first_search), 1) if first_search else None,
    }

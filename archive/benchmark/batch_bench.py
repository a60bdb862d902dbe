"""`bench_search`'s batch phase: a watch list of 500 queries over the built archive (issue 20: ≤ 10 s at 100k).

Run in a fresh child process over the built archive, as the other phases, and only reads it. The 500 queries
are drawn, with a fixed seed, from the archive's own words (titles of randomly chosen articles) and entity
names (the countries and organisations its articles are tagged with): single words, pairs of words and names
("quoted" when they have several words), as a watch list would hold them. It times, wall-clock and this
process's CPU time (which a busy host does not inflate):

* the search service alone (`batch_search`: totals, hits per year, best three ids), first in the fresh
  process (the snapshot opened by it) and again warm;
* the whole batch as the page and the API run it (`run_batch`: the best articles loaded too) and its CSV;
* the API over Django's test client (POST /api/batch/export, the CSV streamed).

It checks a sample of the lines against `search()` (the same total and best ids); a difference is a problem.
"""

from __future__ import annotations

import json
import random
import re
import time

from django.conf import settings
from django.test import Client, override_settings

from archive.batch import csv_chunks, run_batch
from archive.models import Article, Country, Organisation
from archive.search import RESOLVERS, SearchParams, batch_search, entity_counts, search

QUERIES = 500
SEED = 20
CHECKED = 25  # lines compared with search()
TARGET_SECONDS = 10.0
_WORD = re.compile(r"[A-Za-z]{4,}")
STOPWORDS = {
    "that", "this", "with", "from", "have", "will", "said", "says", "were", "been", "their", "they", "would",
    "which", "about", "after", "over", "into", "year", "also", "more", "than", "when", "what", "some",
}  # fmt: skip


def watch_list(n: int = QUERIES, seed: int = SEED) -> list[str]:
    """`n` queries from the archive's words and entity names, the same ones for the same archive and seed."""
    rng = random.Random(seed)
    ids = sorted(Article.objects.published().values_list("pk", flat=True))
    titles = Article.objects.filter(pk__in=rng.sample(ids, min(len(ids), 2 * n))).order_by("pk")
    words = sorted({w.lower() for t in titles.values_list("title", flat=True) for w in _WORD.findall(t)} - STOPWORDS)
    countries = entity_counts("country")
    organisations = entity_counts("organisation")
    names = [name for (name,) in Country.objects.filter(code__in=countries).order_by("code").values_list("name")]
    names += [org.label for org in Organisation.objects.approved().filter(slug__in=organisations).order_by("slug")]
    queries = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.5 or not names:
            queries.append(rng.choice(words))
        elif kind < 0.7:
            queries.append(" ".join(rng.sample(words, 2)))
        else:
            name = rng.choice(names)
            queries.append(f'"{name}"' if " " in name else name)
    return queries


def _timed(run):
    started, cpu = time.perf_counter(), time.process_time()
    value = run()
    return value, round(time.perf_counter() - started, 2), round(time.process_time() - cpu, 2)


def batch_phase() -> dict:
    queries = watch_list()
    params = SearchParams()
    out: dict = {"queries": len(queries), "archive_articles": Article.objects.published().count()}
    answers, out["service_first_s"], out["service_first_cpu_s"] = _timed(
        lambda: batch_search(queries, params, resolvers=RESOLVERS)
    )
    _, out["service_warm_s"], out["service_warm_cpu_s"] = _timed(
        lambda: batch_search(queries, params, resolvers=RESOLVERS)
    )
    report, out["report_s"], out["report_cpu_s"] = _timed(lambda: run_batch(queries, params))
    text, out["csv_s"], out["csv_cpu_s"] = _timed(
        lambda: "".join(csv_chunks(report, absolute=lambda path: "http://bench.invalid" + path))
    )
    out["csv_mb"] = round(len(text.encode()) / 2**20, 2)
    with override_settings(ARCHIVE_RATE_LIMIT=0, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = Client()

        def api():
            response = client.post(
                "/api/batch/export", json.dumps({"queries": queries}), content_type="application/json"
            )
            size = sum(len(chunk) for chunk in response.streaming_content) if response.status_code == 200 else 0
            return response.status_code, size

        (status, _size), out["http_s"], out["http_cpu_s"] = _timed(api)
    out["http_status"] = status
    out["not_run"] = sum(1 for answer in answers if answer.error)
    out["partial"] = sum(1 for answer in answers if answer.partial)
    out["with_hits"] = sum(1 for answer in answers if answer.total)
    out["hits_median"] = sorted(answer.total for answer in answers)[len(answers) // 2]
    out["sample"] = queries[:8]
    problems = []
    for answer in random.Random(SEED).sample(answers, min(CHECKED, len(answers))):
        expected = search(SearchParams(q=answer.query), resolvers=RESOLVERS, time_limit=0)
        if (answer.total, answer.top_ids) != (expected.count, [hit.article_id for hit in expected.hits[:3]]):
            problems.append(f"{answer.query!r}: batch {answer.total}, search {expected.count}")
    if status != 200:
        problems.append(f"POST /api/batch/export answered HTTP {status}")
    out["problems"] = problems
    return out


def targets(report: dict) -> dict:
    """(value, target) pairs: the slowest way of running the 500 queries (the service in a fresh process, the whole
    batch with its best articles, the API's CSV) in at most 10 s."""
    batch = report.get("batch")
    if not batch:
        return {}
    slowest = max(batch["service_first_s"], batch["report_s"], batch["http_s"])
    cpu = max(batch["service_first_cpu_s"], batch["report_cpu_s"], batch["http_cpu_s"])
    return {
        f"batch of {batch['queries']} queries, s (slowest of service cold, page, API)": (slowest, TARGET_SECONDS),
        f"batch of {batch['queries']} queries, CPU s (the same, as a busy host does not inflate it)": (
            cpu,
            TARGET_SECONDS,
        ),
    }


def format_batch(batch: dict | None) -> list[str]:
    """Lines for bench_search's report."""
    if not batch:
        return []
    lines = [
        "",
        f"batch search: {batch['queries']} queries (archive words and entity names, seed {SEED}) over "
        f"{batch['archive_articles']:,} articles; {batch['with_hits']} with hits (median {batch['hits_median']:,}), "
        f"{batch['not_run']} not run, {batch['partial']} partial",
        f"  service (batch_search): first {batch['service_first_s']:.2f} s (CPU {batch['service_first_cpu_s']:.2f}), "
        f"warm {batch['service_warm_s']:.2f} s (CPU {batch['service_warm_cpu_s']:.2f})",
        f"  whole batch with best articles (run_batch): {batch['report_s']:.2f} s (CPU {batch['report_cpu_s']:.2f}); "
        f"CSV {batch['csv_s']:.2f} s, {batch['csv_mb']:.2f} MB",
        f"  over the view (POST /api/batch/export, CSV): HTTP {batch['http_status']} in {batch['http_s']:.2f} s "
        f"(CPU {batch['http_cpu_s']:.2f})",
    ]
    if batch["problems"]:
        lines += ["  BATCH CHECK FAILURES:", *(f"    {problem}" for problem in batch["problems"])]
    else:
        lines.append(f"  checks: {CHECKED} lines' totals and best articles equal search()'s")
    return lines

"""`bench_search --related`: related articles, ours against Whoosh's `more_like`, and our latency.

* Precision@5 on the Reuters stories with `<TOPICS>` labels: for each labelled story, the share
  of its related articles that share a topic with it (a related story without topics shares none),
  averaged over the stories that got any, for `archive.search.related_articles` and for Whoosh's
  own `Searcher.more_like(docnum, "text", top=5)` on the same index, in the same process. Measured on
  an archive of the original stories only (a phase with its own data dir): the benchmark's replicas
  of a story are near-copies that share its topics and would flatter both.
* Latency of ours on the benchmark's archive of N articles: a fixed sample of articles spread over
  the archive, each asked twice; the first pass reads each word's postings from disk once (a
  long-running server pays that once per word and segment), the second is warm.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from archive.benchmark.timing import summary
from archive.ingest.sgml import parse_sgml
from archive.models import Article
from archive.search import open_snapshot, related_articles

LIMIT = 5


def reuters_topics(corpus: Path) -> dict[str, set[str]]:
    """Import reference (`reuters:NEWID`) -> its TOPICS labels, for every story of the corpus's .sgm files."""
    topics: dict[str, set[str]] = {}
    for path in sorted(Path(corpus).glob("*.sgm")):
        parsed = parse_sgml(path.read_bytes().decode("latin-1"), ref=path.name)  # as the importer decodes them
        for article in parsed.articles:
            topics[article.ref] = set(article.labels.get("topics", ()))
    return topics


def _precision(related: list[int], wanted: set[str], topics_of: dict[int, set[str]]) -> float:
    return sum(1 for pk in related if topics_of.get(pk, set()) & wanted) / len(related)


def precision_at_5(corpus: Path, *, every: int = 1, limit: int = LIMIT) -> dict:
    """Precision@`limit` of ours and of Whoosh's `more_like` over the labelled stories (every `every`-th)."""
    labels = reuters_topics(corpus)
    topics_of = {pk: labels.get(ref, set()) for pk, ref in Article.objects.published().values_list("pk", "import_ref")}
    stories = [pk for pk in sorted(topics_of) if topics_of[pk]][:: max(1, every)]
    snap = open_snapshot()
    searcher = snap.searcher
    scores: dict[str, list[float]] = {"ours": [], "more_like": []}
    times: dict[str, list[float]] = {"ours": [], "more_like": []}
    for pk in stories:
        started = time.perf_counter()
        ours = [hit.article_id for hit in related_articles(pk, limit)]
        times["ours"].append(time.perf_counter() - started)
        started = time.perf_counter()
        with snap.lock:
            docnum = searcher.document_number(id=f"archive.article.{pk}")
            theirs = (
                [] if docnum is None else [int(h["django_id"]) for h in searcher.more_like(docnum, "text", top=limit)]
            )
        times["more_like"].append(time.perf_counter() - started)
        for name, found in (("ours", ours), ("more_like", theirs)):
            if found:
                scores[name].append(_precision(found, topics_of[pk], topics_of))
    out: dict = {"labelled_stories": len(stories), "archive_articles": len(topics_of), "limit": limit}
    for name in scores:
        out[name] = {
            "precision": round(statistics.fmean(scores[name]), 4) if scores[name] else 0.0,
            "answered": len(scores[name]),
            "time": summary(times[name]),
        }
    return out


def latency(*, sample: int = 200) -> dict:
    """Our related articles for `sample` articles spread over the archive: the first pass and the second (warm)."""
    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // sample)
    chosen = ids[::step][:sample]
    open_snapshot()
    passes = []
    found = 0
    for _ in range(2):
        times = []
        for pk in chosen:
            started = time.perf_counter()
            hits = related_articles(pk, LIMIT)
            times.append(time.perf_counter() - started)
            found += bool(hits)
        passes.append(summary(times))
    return {"articles": len(ids), "sample": len(chosen), "answered": found // 2, "first": passes[0], "warm": passes[1]}


def precision_phase(corpus: Path, every: int = 1) -> dict:
    """In a child whose data dir is its own: the corpus's original stories imported, then precision@5."""
    from django.core.management import call_command

    from archive.benchmark.importing import import_corpus

    call_command("migrate", verbosity=0, interactive=False)
    imported = import_corpus(Path(corpus), 10**9)
    return {"import": imported, **precision_at_5(Path(corpus), every=every)}


def run_precision_child(workdir: Path, corpus: Path, every: int, log: Callable[[str], object]) -> dict:
    """In the parent: `bench_search --phase related-precision` over a data dir of its own in the work dir."""
    import json

    data = workdir / "related-data"
    data.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["ARCHIVE_DATA_DIR"] = str(data)
    env["DATABASE_URL"] = f"sqlite:///{data / 'archive.sqlite3'}"
    env.setdefault("ARCHIVE_LOG_LEVEL", "WARNING")
    command = [
        sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_search", "--phase", "related-precision",
        "--workdir", str(workdir), "--corpus", str(Path(corpus).resolve()), "--related-every", str(every),
    ]  # fmt: skip
    log(f"[{time.strftime('%H:%M:%S')}] related-precision phase …")
    completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"the related-precision phase failed (exit status {completed.returncode})")
    return json.loads((workdir / "related-precision.json").read_text())


def format_related(related: dict) -> list[str]:
    """The report's lines for related articles."""
    precision, timing = related["precision"], related["latency"]
    ours, theirs = precision["ours"], precision["more_like"]
    verdict = "at least as good" if ours["precision"] >= theirs["precision"] else "WORSE"
    return [
        f"related articles: precision@{precision['limit']} on {precision['labelled_stories']:,} Reuters stories "
        f"with TOPICS ({precision['archive_articles']:,} stories in that archive)",
        f"  ours {ours['precision']:.3f} ({ours['answered']:,} answered, median {ours['time']['median_ms']:.1f} ms); "
        f"Whoosh more_like {theirs['precision']:.3f} ({theirs['answered']:,} answered, median "
        f"{theirs['time']['median_ms']:.1f} ms): ours is {verdict}",
        f"  latency at {timing['articles']:,} articles ({timing['sample']} articles, {timing['answered']} with "
        f"related): warm median {timing['warm']['median_ms']:.1f} / p95 {timing['warm']['p95_ms']:.1f} ms; "
        f"first pass median {timing['first']['median_ms']:.1f} / p95 {timing['first']['p95_ms']:.1f} ms",
    ]

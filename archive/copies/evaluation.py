"""How well copies are found, and what finding them costs: the figures of `evaluate_copies`.

Quality runs the detection's own rules (signatures, buckets, threshold, the figures check) over the
Reuters stories in memory, as importing them would store them (byte-identical bodies are duplicates,
not stored): the detected pairs, precision on a hand-labelled sample of detected pairs, recall
against the issue's reference (identical titles, bodies >= 80 % alike by word Jaccard) counted on
groups (a pair is found when both end in one group). Cost runs in child processes over their own
data dirs (see `evaluate_copies`): the import rate with detection on and off, and `lookup` at 100k.
"""

from __future__ import annotations

import itertools
import json
import random
import resource
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from archive.copies import signatures
from archive.copies.grouping import _Components, backfill, lookup, stale
from archive.importers import checksum
from archive.ingest import parse_file

ISSUE_PAIR_TITLE = "U.S. WARNS OF DEPENDENCE ON FOREIGN OIL"  # the near-copies issue 19 names


@dataclass(frozen=True)
class Story:
    ref: str
    title: str
    body: str


def load_stories(paths: list[Path]) -> list[Story]:
    """The stories an import of these files would store (a body seen before is a duplicate)."""
    seen: set[str] = set()
    stories = []
    for path in paths:
        for parsed in parse_file(path).articles:
            digest = checksum(parsed.body)
            if digest not in seen:
                seen.add(digest)
                stories.append(Story(parsed.ref, parsed.title, parsed.body))
    return stories


def detected_pairs(stories: list[Story]) -> set[tuple[str, str]]:
    """The pairs `detect` would join: sharing a bucket, similar signatures, no clashing figures."""
    values, by_key = {}, defaultdict(list)
    for story in stories:
        values[story.ref], groupable = signatures.fingerprint(story.body)
        if groupable:
            for key in signatures.buckets(values[story.ref]):
                by_key[key].append(story.ref)
    bodies = {s.ref: s.body for s in stories}
    candidates = {tuple(sorted(pair)) for refs in by_key.values() for pair in itertools.combinations(refs, 2)}
    return {
        (a, b)
        for a, b in candidates
        if signatures.similarity(values[a], values[b]) >= signatures.THRESHOLD
        and not signatures.figures_conflict(bodies[a], bodies[b])
    }


def reference_pairs(stories: list[Story]) -> set[tuple[str, str]]:
    """The issue's reference: identical titles, bodies at least 80 % alike by word Jaccard."""
    by_title = defaultdict(list)
    for story in stories:
        by_title[story.title.strip()].append(story)
    return {
        tuple(sorted((a.ref, b.ref)))
        for group in by_title.values()
        for a, b in itertools.combinations(group, 2)
        if signatures.word_jaccard(a.body, b.body) >= 0.8
    }


def quality(stories: list[Story], sample: Path | None) -> dict:
    pairs = detected_pairs(stories)
    components = _Components()
    for a, b in pairs:
        components.union(a, b)
    reference = reference_pairs(stories)
    bodies = {s.ref: s.body for s in stories}
    found = {pair for pair in reference if components.find(pair[0]) == components.find(pair[1])}
    # Same title, same words, other figures: this week's jobless claims, today's Fed operation (not copies).
    recurring = {p for p in reference if signatures.figures_conflict(bodies[p[0]], bodies[p[1]])}
    short = {p for p in reference if not all(signatures.groupable(bodies[r]) for r in p)} - recurring
    copies_ref = reference - recurring - short
    groups = components.groups({s.ref for s in stories})
    result = {
        "stories": len(stories),
        "detected_pairs": len(pairs),
        "groups": len(groups),
        "grouped_stories": sum(len(g) for g in groups),
        "reference_pairs": len(reference),
        "recall": round(len(found) / len(reference), 3) if reference else None,
        "reference_recurring_reports": len(recurring),
        "reference_too_short": len(short),
        "reference_copies": len(copies_ref),
        "recall_on_copies": round(len(found & copies_ref) / len(copies_ref), 3) if copies_ref else None,
        "missed_copies": sorted(copies_ref - found),
    }
    warns = [s.ref for s in stories if s.title.strip() == ISSUE_PAIR_TITLE]
    result["issue_pair"] = {
        "refs": warns,
        "grouped": len(warns) == 2 and components.find(warns[0]) == components.find(warns[1]),
        "word_jaccard": round(signatures.word_jaccard(bodies[warns[0]], bodies[warns[1]]), 3)
        if len(warns) == 2
        else None,
    }
    if sample is not None:
        result["sample"] = score_sample(sample, pairs)
    return result


def score_sample(sample: Path, pairs: set[tuple[str, str]]) -> dict:
    """Precision on the hand-labelled detected pairs that the rules still detect."""
    labelled = json.loads(sample.read_text())["pairs"]
    still = [p for p in labelled if tuple(sorted((p["a"], p["b"]))) in pairs]
    same = sum(1 for p in still if p["same_story"])
    return {
        "labelled": len(labelled),
        "still_detected": len(still),
        "same_story": same,
        "precision": round(same / len(still), 3) if still else None,
        "not_same": [f"{p['a']} {p['b']}: {p['note']}" for p in still if not p["same_story"]],
    }


def draw_sample(stories: list[Story], size: int, seed: int) -> list[dict]:
    """Detected pairs drawn at random, to be labelled by reading the two bodies."""
    pairs = sorted(detected_pairs(stories))
    by_ref = {s.ref: s for s in stories}
    drawn = random.Random(seed).sample(pairs, min(size, len(pairs)))
    return [
        {"a": a, "b": b, "title_a": by_ref[a].title, "title_b": by_ref[b].title, "same_story": None, "note": ""}
        for a, b in drawn
    ]


# --- Cost, run in child processes over a data dir of their own -------------------------------------------


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def lookup_latency(samples: int, seed: int = 19) -> dict:
    """`lookup` of new bodies (stored ones with their last sentence changed) at this archive's size."""
    from django.core.management import call_command

    from archive.models import Article

    call_command("migrate", verbosity=0, interactive=False)  # an archive from before the copy tables
    missing = len(stale())
    started = time.perf_counter()
    grouped = backfill(reindex=False) if missing else None  # an archive imported before detection
    backfill_seconds = time.perf_counter() - started
    ids = list(Article.objects.values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(samples, len(ids)))
    bodies = dict(Article.objects.filter(pk__in=chosen).values_list("pk", "body"))
    walls, cpus, found = [], [], 0
    for pk in chosen:
        body = bodies[pk].rstrip() + " Another outlet's closing line, not in any stored copy."
        wall, cpu = time.perf_counter(), _cpu()
        group = lookup(body)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((_cpu() - cpu) * 1000)
        found += group is not None
    walls.sort()
    return {
        "articles": len(ids),
        "fingerprinted_now": missing,
        "backfill_seconds": round(backfill_seconds, 1),
        "backfill": grouped,
        "lookups": len(chosen),
        "found_a_group": found,
        "median_ms": round(statistics.median(walls), 2),
        "p95_ms": round(walls[int(0.95 * (len(walls) - 1))], 2),
        "cpu_median_ms": round(statistics.median(cpus), 2),
    }


def import_cost(corpus: Path, rounds: int) -> dict:
    """The corpus imported end to end (until searchable) with detection off and on, alternately, in this process."""
    from django.conf import settings
    from django.core.management import call_command

    from archive.benchmark.importing import import_corpus
    from archive.models import Article, CopyGroup, IndexChange
    from archive.search import rebuild

    call_command("migrate", verbosity=0, interactive=False)
    runs: dict[str, list[dict]] = {"off": [], "on": []}
    for _ in range(rounds):
        for mode in ("off", "on"):
            settings.ARCHIVE_COPY_DETECTION = mode == "on"
            figures = import_corpus(corpus, 10**9)
            figures["groups"] = CopyGroup.objects.count()
            runs[mode].append(figures)
            Article.objects.all().delete()  # the next run starts from an empty archive again
            CopyGroup.objects.all().delete()
            IndexChange.objects.all().delete()
            rebuild()
    rate = {mode: statistics.mean(r["articles_per_s"] for r in found) for mode, found in runs.items()}
    return {
        "runs": runs,
        "rate_off": round(rate["off"], 1),
        "rate_on": round(rate["on"], 1),
        "ratio": round(rate["on"] / rate["off"], 3) if rate["off"] else None,
    }

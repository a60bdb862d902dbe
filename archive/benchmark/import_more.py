"""`bench_search`'s import-more phase: new articles imported into the full archive, timed until searchable.

The corpus phase measures an import into an empty archive; a growing archive's users wait for the next
batch to land in an archive that is already large (issue 21: 10,000 new articles into a million, searchable,
in at most 60 s). The new articles are the archive's own stories written out as JSON Lines files, each body
given a sentence of its own (so it is new text, not a duplicate) with a marker word; the phase runs
`import_paths`, as `import_articles` does, and then checks that a search for the marker finds every one.
Each run's refs carry its start time, and the new articles are deleted again after the measure (outside it), so a
kept archive stays the size it was built at and a later run imports new articles again.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from django.db import transaction

from archive.importers import import_paths
from archive.models import Article
from archive.search import SearchParams, apply_pending
from archive.search import search as run_search

# Articles per JSON Lines file: a batch arriving as a few files, as an agency's daily feed would.
FILE_ARTICLES = 2_000


def _cpu_seconds() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def write_new_articles(folder: Path, count: int, marker: str) -> list[Path]:
    """`count` new articles as JSON Lines files in `folder`: stories of the archive with a new last sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    stories = Article.objects.published().order_by("pk").values("title", "body", "published", "precision", "author")
    paths: list[Path] = []
    handle = None
    for number, story in enumerate(stories.iterator(chunk_size=2_000)):
        if number == count:
            break
        if number % FILE_ARTICLES == 0:
            if handle:
                handle.close()
            paths.append(folder / f"new-{len(paths) + 1:03d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        published = story["published"]
        record = {
            "id": f"{marker}-{number}",
            "title": story["title"],
            "body": f"{story['body']}\n\nUpdate {number}: {marker} follow-up filed for the archive.",
            "published": published.isoformat() if published else None,
            "author": story["author"],
            "source": "Benchmark wire",
        }
        if published and story["precision"] != "day":
            record["published"] = published.isoformat()[: 7 if story["precision"] == "month" else 4]
        handle.write(json.dumps(record) + "\n")
    if handle:
        handle.close()
    return paths


def import_more_phase(workdir: Path, count: int = 10_000) -> dict:
    """Import `count` new articles into the archive as `import_articles` does; seconds until all are searchable."""
    marker = f"zqxnew{time.time_ns()}"  # one word, new on every run
    before = Article.objects.count()
    paths = write_new_articles(workdir / "import-more", count, marker)
    cpu = _cpu_seconds()
    started = time.perf_counter()
    report = import_paths(paths)
    wall = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu
    # Until searchable, as import_paths reports it: the tier merge after that is timed apart.
    seconds = report.seconds
    merge = report.merge
    found = run_search(SearchParams(q=marker)).count
    new = sum(file.new for file in report.files)
    with transaction.atomic():  # the archive back to its size: not measured (deleting is not what is timed)
        Article.objects.filter(import_ref__startswith="import-more/", import_ref__contains=marker).delete()
    apply_pending()
    return {
        "articles": new,
        "archive_before": before,
        "seconds": round(seconds, 2),
        "import_seconds": round(report.import_seconds, 2),
        "index_seconds": round(report.index_seconds, 2),
        "articles_per_s": round(new / seconds, 1) if seconds else 0.0,
        "cpu_s": round(cpu, 1),  # with the merge after
        "merge_seconds": merge.seconds if merge else None,
        "segments_before_merge": merge.before if merge else None,
        "segments_after_merge": merge.after if merge else None,
        "wall_with_merge_s": round(wall, 2),
        "searchable": found,
        "failed_files": sum(not file.ok for file in report.files),
        "problems": [] if found == new == count else [f"{new} imported, {found} found by their marker, of {count}"],
    }


def format_import_more(figures: dict | None) -> list[str]:
    if not figures:
        return []
    return [
        "",
        f"import into the full archive ({figures['archive_before']:,} articles): {figures['articles']:,} new articles "
        f"searchable in {figures['seconds']:.1f} s ({figures['articles_per_s']:.0f}/s; writes "
        f"{figures['import_seconds']:.1f} s, index after them {figures['index_seconds']:.1f} s; CPU "
        f"{figures['cpu_s']:.0f} s), {figures['searchable']:,} found by a search",
        *(
            [
                f"  then the index's segments merged by tiers: {figures['segments_before_merge']} → "
                f"{figures['segments_after_merge']} in {figures['merge_seconds']:.1f} s (all searchable meanwhile)"
            ]
            if figures.get("merge_seconds") is not None
            else []
        ),
    ]

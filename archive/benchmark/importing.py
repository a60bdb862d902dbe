"""The import measurement of `bench_search`: Reuters files through the real importer, end to end.

Timed as the user waits with `import_articles`: from the start until every story is searchable
(parsing, extraction, the batched writes and the index update, done alongside by indexing
processes and finished at the end). Also says where the CPU time went: this process (parsing,
extraction, database writes, rendering index documents) and the indexing processes (tokenising,
writing segments). On a 2-core host the end-to-end time cannot be below their sum over 2.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from archive.importers import ImportContext, import_file, without_query_log
from archive.models import Article, IndexChange
from archive.search import streamed


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def import_corpus(corpus: Path, target: int) -> dict:
    """Import corpus files until the archive holds `target` articles; the surplus is deleted again."""
    files = sorted(corpus.glob("*.sgm")) or sorted(p for p in corpus.rglob("*") if p.is_file())
    if not files:
        raise FileNotFoundError(f"no corpus files in {corpus}")
    imported = duplicates = failed = used = 0
    cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with without_query_log(), streamed() as feed:  # as `import_paths` does, stopping at the target
        context = ImportContext(feed=feed)
        for path in files:
            report = import_file(path, context=context)
            feed()
            used += 1
            imported += report.new + report.updated
            duplicates += len(report.duplicates)
            failed += not report.ok
            if Article.objects.published().count() >= target:
                break
    seconds = time.perf_counter() - started
    # Indexing processes count once joined, which the session's commit does.
    cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF) - cpu_self, _cpu(resource.RUSAGE_CHILDREN) - cpu_children
    surplus = list(
        Article.objects.order_by("-pk").values_list("pk", flat=True)[: max(0, Article.objects.count() - target)]
    )
    if surplus:
        Article.objects.filter(pk__in=surplus).delete()
    IndexChange.objects.all().delete()
    return {
        "files": used,
        "articles": imported,
        "duplicates": duplicates,
        "failed_files": failed,
        "seconds": round(seconds, 2),
        "articles_per_s": round(imported / seconds, 1) if seconds else 0.0,
        "cpu_import_process_s": round(cpu_self, 1),
        "cpu_indexing_processes_s": round(cpu_children, 1),
        "kept": Article.objects.published().count(),
    }


def format_import(figures: dict) -> str:
    """The report's import line: the rate end to end and where the CPU time went."""
    return (
        f"import end to end (until searchable): {figures['articles']:,} articles in {figures['seconds']:.1f} s, "
        f"{figures['articles_per_s']:.0f}/s; CPU {figures.get('cpu_import_process_s', 0):.0f} s importing "
        f"(parse, extract, write, render documents) + {figures.get('cpu_indexing_processes_s', 0):.0f} s in the "
        "indexing processes"
    )

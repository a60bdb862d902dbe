"""The benchmarks behind `bench_search` and `bench_http`: development tools, never in the request path.

Each command builds a throwaway archive in a temporary data dir, in child processes of its own, so
nothing touches the real archive. The modules, along the seams of a run:

- search_bench: `bench_search`'s run: its phases in child processes, the host's figures, the targets
  (phases: what each child runs; search_report: the printed report)
- importing, corpus: the Reuters files through the real importer, replicas up to N, the full build
- mix: the fixed search mix (and the archive's years it drills into); dates: its date-key tables
- ours, stock, fts5: the mix through our search, stock haystack and SQLite FTS5; checks: ours
  against the database and Whoosh
- memory, host: peak memory of a process and its children; the machine and its CPU reference
- http_bench, http_load: `bench_http`: gunicorn with 1, 2, 4 workers under concurrent clients; http_floor:
  each class of request (search API, page, feeds) against the floor, `/api/articles/<id>/`, side by side

Kept light on purpose (nothing of Django or psutil): the commands ask `missing_requirements()` first.
"""

from __future__ import annotations

import importlib.util

# Installed by requirements-dev.txt, not by requirements.txt (the running archive does not need them).
DEV_REQUIREMENTS = ("psutil",)


def missing_requirements() -> str | None:
    """A one-line message naming how to install the development requirements, or None when installed."""
    missing = [name for name in DEV_REQUIREMENTS if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    return (
        f"the benchmarks need the development requirements ({', '.join(missing)} missing): run "
        "`make .venv/.dev-requirements-installed` or `pip install -r requirements-dev.txt`"
    )

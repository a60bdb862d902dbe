"""Full-text search over the archive: the one face the rest of the app uses.

Everything outside `archive/search/` imports from here, never from a submodule (a test checks
it); the modules behind it are internal and may change. In the manner of paperless-ngx's
`documents/search/__init__.py`, `__all__` lists what may be used:

* searching: `search(params) -> SearchResult` and its types, the query parser, the label
  resolvers, the date facet's `date_label` and `date_periods` (the histogram's gap-filling); the words a
  query marks in any text (`text_highlighter`), its keywords for a concordance (`keyword_finder`), and a
  word as the index keeps it (`index_form`);
* writing: `record_changes` (in the transaction that changes an article), `deferred` and
  `streamed` (bulk paths), `apply_pending`, `rebuild`; the consistency check and repair;
* faults: `IndexUnavailable` (cannot be read: 503), `IndexBusy` (another writer holds the lock),
  and the one-line causes /healthz, the admin and the commands show;
* start-up: the Whoosh fixes (`apps.py`, `checks.py`) and the queue applied when a worker starts.

The names resolve lazily, on first use (PEP 562 `__getattr__`): `apps.py` imports this package
while the app loads, haystack imports `archive.search.backend` (which runs this file first) when
it sets up, and the writer and consistency modules import the models at their top. Eager imports
here would load numpy, Whoosh, haystack and the models for every process that only needs the
Whoosh fixes, and would tie the import of any submodule to the models being ready. Importing this
package costs nothing; `from archive.search import search` imports what `search` needs, once.
A patch of a submodule's function (`monkeypatch.setattr("archive.search.writer.apply_pending", ...)`)
still reaches the code inside search that calls it by its module's global name.
"""

from __future__ import annotations

import importlib

__all__ = [
    "ENTITY_FIELDS",
    "FACETS",
    "FACET_FIELDS",
    "READ_ERRORS",
    "RESOLVERS",
    "SNIPPET_SCAN_CHARS",
    "SORTS",
    "TYPOGRAPHIC_QUOTES",
    "UNAVAILABLE_MESSAGE",
    "WHOOSH_WRITTEN_FOR",
    "ArchiveWhooshEngine",
    "ArchiveWhooshSearchBackend",
    "ArticleIndex",
    "BatchAnswer",
    "Drift",
    "EntityProfile",
    "FacetValue",
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "MonthAttention",
    "ProgressStart",
    "QueryError",
    "RebuildReport",
    "SearchParams",
    "SearchResult",
    "TierMerge",
    "apply_pending",
    "apply_queue_in_background",
    "batch_search",
    "check_consistency",
    "country_code",
    "date_label",
    "date_periods",
    "deferred",
    "describe_index_error",
    "ensure_in_step",
    "entity_counts",
    "entity_profile",
    "evaluate_suggestions",
    "folded",
    "holds_no_documents",
    "index_build",
    "index_busy_message",
    "index_form",
    "index_generation",
    "index_problem",
    "index_schema",
    "index_version",
    "index_writing",
    "indexes_root",
    "install_whoosh_patches",
    "installed_whoosh_version",
    "keyword_finder",
    "known_damage",
    "live_path",
    "make_live",
    "matching_ids",
    "merge_tiers",
    "month_range",
    "month_totals",
    "monthly_attention",
    "new_index_dir",
    "open_snapshot",
    "organisation_slug",
    "parse_query",
    "rebuild",
    "record_changes",
    "related_articles",
    "repair_drift",
    "search",
    "segments_missing",
    "source_slug",
    "streamed",
    "take_index_in_background",
    "take_write_failure",
    "text_highlighter",
    "unreadable",
    "unwritable",
    "warm_again_if_repaired",
    "warm_in_background",
    "warm_state",
    "warm_up",
    "write_decoded_postings",
    "written_for_installed_whoosh",
]

# Public name -> (submodule, its name there).
_HOMES: dict[str, tuple[str, str]] = {
    "FACETS": ("types", "FACETS"),
    "FACET_FIELDS": ("types", "FACET_FIELDS"),
    "SORTS": ("types", "SORTS"),
    "TYPOGRAPHIC_QUOTES": ("syntax", "TYPOGRAPHIC_QUOTES"),
    "FacetValue": ("types", "FacetValue"),
    "Hit": ("types", "Hit"),
    "SearchParams": ("types", "SearchParams"),
    "SearchResult": ("types", "SearchResult"),
    "search": ("service", "search"),
    "QueryError": ("query", "QueryError"),
    "parse_query": ("query", "parse_query"),
    "index_schema": ("reader", "schema"),
    "index_build": ("storage", "build_name"),
    "index_generation": ("storage", "generation"),
    "index_version": ("storage", "version"),
    "SNIPPET_SCAN_CHARS": ("highlight", "SNIPPET_SCAN_CHARS"),
    "text_highlighter": ("highlight", "text_highlighter"),
    "keyword_finder": ("highlight", "keyword_finder"),
    "index_form": ("highlight", "index_form"),
    "folded": ("analysis", "fold"),  # lower-cased text with its accents folded, as the index reads it
    "RESOLVERS": ("lookups", "RESOLVERS"),
    "country_code": ("lookups", "country_code"),
    "organisation_slug": ("lookups", "organisation_slug"),
    "source_slug": ("lookups", "source_slug"),
    "date_label": ("periods", "date_label"),
    "date_periods": ("periods", "date_periods"),
    "ArticleIndex": ("indexes", "ArticleIndex"),
    "ProgressStart": ("writer", "ProgressStart"),
    "RebuildReport": ("writer", "RebuildReport"),
    "apply_pending": ("writer", "apply_pending"),
    "deferred": ("writer", "deferred"),
    "rebuild": ("writer", "rebuild"),
    "merge_tiers": ("writer", "merge_tiers"),
    "TierMerge": ("writer", "TierMerge"),
    "record_changes": ("writer", "record_changes"),
    "streamed": ("writer", "streamed"),
    "Drift": ("consistency", "Drift"),
    "check_consistency": ("consistency", "check"),
    "ensure_in_step": ("consistency", "ensure_in_step"),
    # Why the live index needs a build, not a repair ("index built with an older schema"; "" when it does not).
    "index_problem": ("consistency", "index_problem"),
    "repair_drift": ("consistency", "repair"),
    "indexes_root": ("storage", "indexes_root"),
    "live_path": ("storage", "live_path"),
    "make_live": ("storage", "make_live"),
    "new_index_dir": ("storage", "new_index_dir"),
    "READ_ERRORS": ("faults", "READ_ERRORS"),
    "UNAVAILABLE_MESSAGE": ("faults", "UNAVAILABLE_MESSAGE"),
    "IndexBusy": ("faults", "IndexBusy"),
    "IndexUnavailable": ("faults", "IndexUnavailable"),
    "describe_index_error": ("faults", "describe"),
    "index_writing": ("faults", "writing"),
    "index_busy_message": ("faults", "busy_message"),
    "known_damage": ("faults", "known_damage"),
    "segments_missing": ("faults", "segments_missing"),
    "holds_no_documents": ("faults", "holds_no_documents"),
    "take_index_in_background": ("faults", "take_index_in_background"),
    "take_write_failure": ("faults", "take_write_failure"),
    "unwritable": ("faults", "unwritable"),
    "unreadable": ("faults", "unreadable"),
    "WHOOSH_WRITTEN_FOR": ("whoosh_patches", "WRITTEN_FOR"),
    "install_whoosh_patches": ("whoosh_patches", "install"),
    "installed_whoosh_version": ("whoosh_patches", "installed_whoosh_version"),
    "written_for_installed_whoosh": ("whoosh_patches", "written_for_installed_whoosh"),
    "apply_queue_in_background": ("startup", "apply_queue_in_background"),
    "warm_in_background": ("startup", "warm_in_background"),
    "warm_again_if_repaired": ("startup", "warm_again_if_repaired"),
    "warm_up": ("startup", "warm"),
    "warm_state": ("startup", "warm_state"),
    # Frequent words' postings decoded beside their segments (the merges write them; this fills in the rest).
    "write_decoded_postings": ("decoded", "write_missing"),
    # The haystack engine named in settings; the benchmark subclasses it for its stock-haystack peer.
    "ArchiveWhooshEngine": ("backend", "ArchiveWhooshEngine"),
    "ArchiveWhooshSearchBackend": ("backend", "ArchiveWhooshSearchBackend"),
    "open_snapshot": ("snapshot", "current"),
    # Every match of a search in its order (exports).
    "matching_ids": ("matching", "matching_ids"),
    "ENTITY_FIELDS": ("entities", "ENTITY_FIELDS"),
    "EntityProfile": ("entities", "EntityProfile"),
    "MonthAttention": ("entities", "MonthAttention"),
    "entity_counts": ("entities", "entity_counts"),
    "entity_profile": ("entities", "entity_profile"),
    "month_range": ("entities", "month_range"),
    "month_totals": ("entities", "month_totals"),
    "monthly_attention": ("entities", "monthly_attention"),
    "related_articles": ("related", "related_articles"),
    # Many queries under one set of filters: totals, years and best ids (batch search).
    "BatchAnswer": ("batch", "BatchAnswer"),
    "batch_search": ("batch", "batch_search"),
    # "Did you mean" measured on the archive (manage.py evaluate_suggestions).
    "evaluate_suggestions": ("spelling_eval", "evaluate_suggestions"),
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = home
    # Not cached here: a patch of the submodule's attribute shows through `archive.search.NAME` too.
    return getattr(importlib.import_module(f"{__name__}.{module}"), attribute)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

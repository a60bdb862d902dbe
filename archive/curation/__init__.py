"""What editors do to the archive, as services the admin (and anything else) calls.

The rules live here, not in the screens: deleting a tag that extraction found or a file gave rejects
it (`delete_tags`, and `remove_tag` on many articles), merges fold tags and names into the entry kept,
approving re-extracts. Bulk actions are planned (`plan_tag`, `plan_source`) for the editor to confirm,
then applied; a bulk tag change can be undone (`undo_bulk_change`) until any of its tags changes again.

Each service that writes runs in one transaction (re-extraction: one per article, as `archive.tagging`
does; `save_new_editor_tags`: its caller's), leaves a history row for every object it changes (who,
when, what) and has the articles whose index entry changes recorded, so search shows the result as
soon as the transaction commits: single saves and deletes through their signals (`archive.signals`);
bulk paths (`bulk_update`, `QuerySet.update`) send none, so they record both themselves.

Articles and their tags are `articles`' services, organisations and sources `entities`'; both are used from here.
"""

from archive.curation.articles import (
    BASELINE_REASON,
    CHUNK_SIZE,
    TAGS_CHANGED,
    BulkPlan,
    CurationError,
    Target,
    add_tag,
    delete_tags,
    ensure_history_baseline,
    mark_reviewed,
    next_for_review,
    note_tags_changed,
    plan_source,
    plan_tag,
    reextract,
    reindex,
    remove_tag,
    save_new_editor_tags,
    set_published,
    set_source,
)
from archive.curation.entities import (
    ApproveReport,
    MergeReport,
    approve_organisations,
    delete_sources,
    merge_organisations,
    merge_sources,
    reextract_renamed,
)
from archive.curation.undo import UndoReport, undo_bulk_change

__all__ = [
    "BASELINE_REASON",
    "CHUNK_SIZE",
    "TAGS_CHANGED",
    "ApproveReport",
    "BulkPlan",
    "CurationError",
    "MergeReport",
    "Target",
    "UndoReport",
    "add_tag",
    "approve_organisations",
    "delete_sources",
    "delete_tags",
    "ensure_history_baseline",
    "mark_reviewed",
    "merge_organisations",
    "merge_sources",
    "next_for_review",
    "note_tags_changed",
    "plan_source",
    "plan_tag",
    "reextract",
    "reextract_renamed",
    "reindex",
    "remove_tag",
    "save_new_editor_tags",
    "set_published",
    "set_source",
    "undo_bulk_change",
]

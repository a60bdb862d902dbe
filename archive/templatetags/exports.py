"""{% export_options params result as export %}: what the search page's Export control needs;
{% selection_export_options ids as export %}: the same for the selected articles' page (both drawn by
includes/export_form.html)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

from archive.search_export import FORMATS
from archive.selection import SELECTION_LIMIT

register = template.Library()
LABELS = {
    "csv": "CSV (spreadsheet)",
    "jsonl": "JSON Lines",
    "ris": "RIS (reference managers)",
    "bibtex": "BibTeX",
    "csljson": "CSL-JSON (Zotero, Pandoc)",
}


def _format_choices() -> list[tuple[str, str]]:
    return [(name, LABELS[name]) for name in FORMATS]


@register.simple_tag
def export_options(params, result) -> dict:
    """The search as it ran (values the page ignored are not carried; no page) as hidden fields."""
    limit = settings.ARCHIVE_EXPORT_LIMIT
    fields = [("q", params.q)] if params.q else []
    fields += [("country", v) for v in params.countries] + [("org", v) for v in params.organisations]
    fields += [("source", v) for v in params.sources]
    if params.date:
        fields.append(("date", params.date))
    for name, value in (("from", params.date_from), ("to", params.date_to)):
        if value:
            fields.append((name, value.isoformat()))
    if params.sort:
        fields.append(("sort", params.sort))
    return {
        "action": reverse("api:export"),
        "fields": fields,
        "formats": _format_choices(),
        "limit": limit,
        "too_many": result.count > limit,
    }


@register.simple_tag
def selection_export_options(ids: str) -> dict:
    """The export of a reader's selection (`ids`, comma-separated): its own operation, the same formats."""
    return {"action": reverse("api:export-selected"), "fields": [("ids", ids)], "formats": _format_choices()}


@register.simple_tag
def selection_limit() -> int:
    return SELECTION_LIMIT

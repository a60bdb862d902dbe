"""A reader's selection: articles picked by hand from searches, read and exported as one list.

The selection lives in the reader's browser (static/archive/selection.js) and in the address of its page,
`/selected/?ids=12,5,40`, which can be bookmarked or sent; the server keeps nothing per reader, so every page
stays the same for everyone (and can be kept until the next change). The list keeps the order of picking.
Its size is bounded so that its address fits in one request line (gunicorn reads at most 4,094 bytes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.models import Article
from archive.search_export import ExportPlan

SELECTION_LIMIT = 200


class SelectionError(ValueError):
    """The ids cannot be read as a selection; the message says why, for a person."""


def selected_ids(values: Iterable[str]) -> list[int]:
    """The ids of `ids` parameters ("12,5,40", or repeated as a form sends them), first-picked first, each once.

    Raises SelectionError for a value that is not an article number or for more than SELECTION_LIMIT."""
    ids: dict[int, None] = {}
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isascii() or not part.isdigit() or len(part) > 12:
                raise SelectionError(f"“{part[:20]}” is not an article number: the list is numbers, comma-separated.")
            ids[int(part)] = None
    if len(ids) > SELECTION_LIMIT:
        raise SelectionError(
            f"{len(ids):,} articles are selected; a list holds at most {SELECTION_LIMIT}. Remove some and try again."
        )
    return list(ids)


@dataclass
class Selection:
    """The selected articles still published, in the list's order, and how many of the ids are not."""

    articles: list[Article] = field(default_factory=list)
    missing: int = 0

    @property
    def found_ids(self) -> list[int]:
        return [article.pk for article in self.articles]

    def without(self, pk: int) -> str:
        """The list's `ids` value once `pk` is removed from it."""
        return ",".join(str(other) for other in self.found_ids if other != pk)


def load_selection(ids: list[int]) -> Selection:
    """The published articles among `ids`, in that order, with their source and active tags."""
    loaded = Article.objects.published().with_tags().select_related("source").in_bulk(ids)
    articles = [loaded[pk] for pk in ids if pk in loaded]
    return Selection(articles=articles, missing=len(ids) - len(articles))


def plan_selection(ids: list[int], *, format: str, include_body: bool = False) -> ExportPlan:
    """An export of the selected articles still published, in the list's order."""
    published = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    kept = [pk for pk in ids if pk in published]
    return ExportPlan(total=len(kept), ids=kept, format=format, include_body=include_body, name="selected")

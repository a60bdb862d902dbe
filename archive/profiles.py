"""Every kind of profile the site lists and shows, behind one door for the pages and the API alike: countries,
organisations and sources (`archive.entity_pages`, counted on their index fields) and writers (`archive.writers`,
counted by the search of their bylines)."""

from __future__ import annotations

from archive.entity_pages import EntityPage, EntityRow, entity_list, entity_page
from archive.writers import writer_list, writer_page


def list_rows(kind: str, *, q: str = "", sort: str = "name") -> list[EntityRow]:
    """The rows of /countries/, /organisations/, /sources/ or /writers/. Raises IndexUnavailable."""
    if kind == "writer":
        return writer_list(q=q, sort=sort)
    return entity_list(kind=kind, q=q, sort=sort)


def profile_page(kind: str, key: str) -> EntityPage | None:
    """Everything the page of one country, organisation, source or writer shows, or None when nothing has that
    code or slug. Raises IndexUnavailable."""
    if kind == "writer":
        return writer_page(key)
    return entity_page(kind=kind, key=key)

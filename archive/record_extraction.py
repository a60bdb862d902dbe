"""One JSON record in, countries / organisations / published date out: the `extract_entities` contract.

Above both `archive.dates` (datelines, dates) and `archive.extraction` (entities), which do not import each other.
"""

from __future__ import annotations

import re

from archive.dates import parse_date, split_dateline
from archive.extraction.extract import extract
from archive.extraction.types import Gazetteer

# "[^\S\n]*+", not "\s*": a line's own indent only, so blank lines are not rescanned from every line start.
_DATE_LINE = re.compile(r"^[^\S\n]*+(?:Published|Updated|Posted|Last updated)\b[^\n]*", re.IGNORECASE | re.MULTILINE)


def published_from(body: str) -> str | None:
    """The published date as YYYY[-MM[-DD]] or None: the dateline's date, else a Published: line."""
    first_line = body.lstrip()[:300].split("\n", 1)[0]
    dateline, _ = split_dateline(first_line)
    if dateline and dateline.date.value is not None:
        return dateline.date.isoformat()
    for match in _DATE_LINE.finditer(body[:2000]):
        date = parse_date(match.group(0))
        if date.value is not None:
            return date.isoformat()
    return None


def extract_record(record: dict, gazetteer: Gazetteer) -> dict:
    """The contract: the body's leading dateline, if any, is read by extraction itself (the one path
    every importer and the evaluation take), so its whole place counts ("COMMACK, N.Y." -> US)."""
    title = str(record.get("title") or "")
    body = str(record.get("body") or "")
    published = published_from(body)
    extraction = extract(title=title, body=body, gazetteer=gazetteer)
    organisations = {o.slug: o for o in gazetteer.organisations}
    return {
        "id": record.get("id"),
        "countries": [tag.key for tag in extraction.countries],
        "organisations": [
            {"name": organisations[tag.key].name, "acronym": organisations[tag.key].acronym}
            for tag in extraction.organisations
            if tag.key in organisations
        ],
        "published": published,
    }

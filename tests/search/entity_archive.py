"""A small archive with known entities, dates and sources, for the entity pages' tests.

Pakistan (PK) is in five articles: Nov 2022 (of 2 that month), Jan 2023 twice (of 3), one dated to
2023 only and one undated; December 2022 has no article at all. Amina Rashid wrote three of them (one byline in
capitals, one shared with Tom Hale): Nov 2022, Jan 2023 and the undated one.
"""

from __future__ import annotations

import json
from pathlib import Path

ARTICLES = [
    # (title, published, countries, organisations, source)
    ("Ledger of the grain board", "2022-11-05", ["PK"], ["imf"], "Dawn"),
    ("Harbour cranes repainted", "2022-11-20", ["RU"], [], "Dawn"),
    ("Quarterly tallies reviewed", "2023-01-10", ["PK", "RU"], ["un"], "Reuters"),
    ("Orchard yields counted", "2023-01-11", ["US"], [], "Reuters"),
    ("Railway timetable revised", "2023-01-12", ["PK"], ["imf"], "Dawn"),
    ("Annual almanac printed", "2023", ["PK"], [], ""),
    ("Undated memorandum filed", None, ["PK"], [], ""),
]


# Article title -> its byline.
BYLINES = {
    "Ledger of the grain board": "Amina Rashid",
    "Railway timetable revised": "Amina Rashid and Tom Hale",
    "Undated memorandum filed": "AMINA RASHID",
}


def write_entity_archive(directory: Path) -> Path:
    """The ARTICLES as a JSON Lines file `import_articles` reads (bodies free of place names)."""
    lines = []
    for n, (title, published, countries, organisations, source) in enumerate(ARTICLES):
        record = {
            "id": f"entity-{n}",
            "title": title,
            "body": f"The committee noted item number {n} in its {title.lower()} minutes.",
            "countries": countries,
            "organisations": organisations,
        }
        if published:
            record["published"] = published
        if source:
            record["source"] = source
        if title in BYLINES:
            record["author"] = BYLINES[title]
        lines.append(json.dumps(record))
    path = Path(directory) / "entities.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

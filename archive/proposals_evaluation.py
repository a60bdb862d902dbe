"""How many organisations an import of Reuters-21578 proposes, and how many of a hand-labelled sample are real.

Pure (no database): proposals are made as an import makes them (`propose_organisations` on a story's title
and body) and counted once each as `archive.tagging.propose` stores them (one per slug, name and acronym).
The sample is a JSON file of {"proposed": [{"name", "acronym", "is_organisation", "reason"}, ...]}
(tests/extraction/fixtures/reuters_proposals_sample.json).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from archive.extraction.matcher import norm_key
from archive.extraction.proposals import propose_organisations, strip_possessive
from archive.extraction.types import Gazetteer, ProposedOrganisation

__all__ = ["SampleScore", "distinct_proposals", "score_sample"]


def distinct_proposals(paths: Iterable[str | Path], gazetteer: Gazetteer) -> list[ProposedOrganisation]:
    """The organisations importing these .sgm files into an archive with `gazetteer` would propose."""
    from archive.ingest import parse_sgml  # as archive.extraction_evaluation: keeps this module light

    slugs: set[str] = set()
    names: set[str] = set()
    acronyms: set[str] = set()
    found = []
    for path in paths:
        for article in parse_sgml(Path(path).read_text(encoding="latin-1"), ref=str(path)).articles:
            text = "\n\n".join(
                part for part in ("" if article.title_generated else article.title, article.body) if part
            )
            for proposal in propose_organisations(text=text, gazetteer=gazetteer):
                slug = slugify(proposal.acronym or proposal.name)[:100]
                name = norm_key(strip_possessive(proposal.name)).removeprefix("the ")
                acronym = re.sub(r"[\W_]+", "", proposal.acronym).upper()
                if not slug or slug in slugs or name in names or acronym in acronyms:
                    continue
                slugs.add(slug)
                names.add(name)
                acronyms.add(acronym)
                found.append(proposal)
    return found


@dataclass(frozen=True)
class SampleScore:
    labelled: int
    organisations: int  # labelled real organisations
    still_proposed: int  # sample names the current rule still proposes

    @property
    def share(self) -> float:
        return self.organisations / self.labelled if self.labelled else 0.0


def score_sample(path: str | Path, gazetteer: Gazetteer) -> SampleScore:
    """The labelled share of real organisations, and how many sample pairs the current rule still proposes."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["proposed"]
    still = 0
    for row in rows:
        made = propose_organisations(text=f"The {row['name']} ({row['acronym']}) said on Monday.", gazetteer=gazetteer)
        still += [(p.name, p.acronym) for p in made] == [(strip_possessive(row["name"]), row["acronym"])]
    return SampleScore(
        labelled=len(rows), organisations=sum(bool(row["is_organisation"]) for row in rows), still_proposed=still
    )

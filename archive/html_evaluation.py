"""Scoring saved-page extraction (evaluate_html): body 4-gram F1, exact title, exact-day date.

Two extractors are scored on the same pages: trafilatura with its defaults (the baseline) and
our path (archive.ingest.html.parse_html). Body F1 is over word 4-grams (lower case, multiset),
averaged over pages; a page where an extractor finds nothing scores 0. The date is right when
it is the page's publication day to the day; pages without a date count as right only when
no date is returned (reported apart, as false dates).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import trafilatura

from archive.dates import Precision
from archive.html_corpus import GeneratedPage
from archive.ingest import IngestError
from archive.ingest.html import parse_html

__all__ = ["Extracted", "Score", "evaluate", "extract_ours", "extract_trafilatura", "ngram_f1"]

_WORD = re.compile(r"\w+")


@dataclass
class Extracted:
    title: str = ""
    body: str = ""
    published: dt.date | None = None


@dataclass
class Score:
    name: str
    pages: int = 0
    body_f1: float = 0.0
    titles_exact: int = 0
    dated_pages: int = 0
    dates_exact: int = 0
    undated_pages: int = 0
    false_dates: int = 0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "pages": self.pages,
            "body_f1": round(self.body_f1 / max(self.pages, 1), 4),
            "title_exact": round(self.titles_exact / max(self.pages, 1), 4),
            "date_exact_day": round(self.dates_exact / max(self.dated_pages, 1), 4),
            "dated_pages": self.dated_pages,
            "false_dates": self.false_dates,
            "undated_pages": self.undated_pages,
        }


def _ngrams(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def ngram_f1(found: str, gold: str, n: int = 4) -> float:
    """F1 of the word n-grams (multisets) of ``found`` against ``gold``."""
    a, b = _ngrams(found, n), _ngrams(gold, n)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def extract_trafilatura(page: GeneratedPage) -> Extracted:
    """trafilatura 2.3.1 with its defaults (comments included, balanced precision/recall)."""
    doc = trafilatura.bare_extraction(page.html, with_metadata=True)
    if doc is None:
        return Extracted()
    published = None
    if doc.date:
        try:
            published = dt.date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return Extracted(title=doc.title or "", body=doc.text or "", published=published)


def extract_ours(page: GeneratedPage) -> Extracted:
    """What import_articles stores: our parse_html (the dateline given back to the body's start)."""
    try:
        article = parse_html(page.html, ref=page.name)
    except IngestError:
        return Extracted()
    body = f"{article.dateline.text} {article.body}" if article.dateline.text else article.body
    day = article.published.value if article.published.precision == Precision.DAY else None
    return Extracted(title=article.title, body=body, published=day)


def evaluate(
    pages: Iterable[GeneratedPage], extractors: dict[str, Callable[[GeneratedPage], Extracted]]
) -> list[Score]:
    scores = {name: Score(name) for name in extractors}
    for page in pages:
        for name, extract in extractors.items():
            score, got = scores[name], extract(page)
            score.pages += 1
            f1 = ngram_f1(got.body, page.body)
            score.body_f1 += f1
            score.titles_exact += got.title.strip() == page.title
            if page.published is None:
                score.undated_pages += 1
                score.false_dates += got.published is not None
            else:
                score.dated_pages += 1
                score.dates_exact += got.published == page.published
            if f1 < 0.9 or got.title.strip() != page.title or got.published != page.published:
                score.failures.append(
                    f"{page.name}: f1={f1:.3f} title={got.title!r} date={got.published} (want {page.published})"
                )
    return list(scores.values())

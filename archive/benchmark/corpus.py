"""The benchmark's throwaway archive: the corpus imported, its stories replicated up to N, the full build.

Run in a child process whose `ARCHIVE_DATA_DIR` and `DATABASE_URL` point into the benchmark's
temporary dir (see search_bench and http_bench).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from archive.benchmark.importing import import_corpus
from archive.benchmark.memory import PeakMemory, mb
from archive.importers import checksum
from archive.models import Article, ArticleCountry, ArticleOrganisation, IndexChange
from archive.search import rebuild


def _shift_years(value: dt.date | None, years: int) -> dt.date | None:
    if value is None or not years:
        return value
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year that has none
        return value.replace(year=value.year + years, day=28)


def replicate(target: int, *, batch: int = 2000) -> dict:
    """Copies of the imported stories until the archive holds `target` published articles.

    Copy r of a story has the ref `reuters:r{r}:{newid}`, its date shifted by r years and
    " [r]" appended to the body (so the duplicate detector would not fold it into the original);
    its tags are the original's (extraction gives the same tags for the same text).
    """
    started = time.perf_counter()
    originals = list(Article.objects.published().exclude(import_ref__contains=":r").order_by("pk"))
    have = Article.objects.published().count()
    if not originals or have >= target:
        return {"copies": 0, "seconds": 0.0}
    country_tags: dict[int, list] = {}
    for tag in ArticleCountry.objects.filter(article__in=originals).values(
        "article_id", "country_id", "origin", "mentions", "rejected"
    ):
        country_tags.setdefault(tag.pop("article_id"), []).append(tag)
    org_tags: dict[int, list] = {}
    for tag in ArticleOrganisation.objects.filter(article__in=originals).values(
        "article_id", "organisation_id", "origin", "mentions", "rejected"
    ):
        org_tags.setdefault(tag.pop("article_id"), []).append(tag)
    skip = {"id", "import_ref", "body", "checksum", "published", "imported_at", "updated_at"}
    names = [f.attname for f in Article._meta.concrete_fields if f.attname not in skip]
    copies = 0
    replica = 0
    while have + copies < target:
        replica += 1
        pending: list[tuple[Article, Article]] = []
        for original in originals:
            if have + copies + len(pending) >= target:
                break
            body = f"{original.body} [{replica}]"
            copy = Article(
                import_ref=f"{original.import_ref.replace('reuters:', f'reuters:r{replica}:', 1)}",
                body=body,
                checksum=checksum(body),
                published=_shift_years(original.published, replica),
                **{name: getattr(original, name) for name in names},
            )
            pending.append((original, copy))
        for start in range(0, len(pending), batch):
            chunk = pending[start : start + batch]
            with transaction.atomic():
                made = Article.objects.bulk_create([copy for _, copy in chunk])
                ArticleCountry.objects.bulk_create(
                    [
                        ArticleCountry(article_id=copy.pk, **tag)
                        for (original, _), copy in zip(chunk, made, strict=True)
                        for tag in country_tags.get(original.pk, ())
                    ]
                )
                ArticleOrganisation.objects.bulk_create(
                    [
                        ArticleOrganisation(article_id=copy.pk, **tag)
                        for (original, _), copy in zip(chunk, made, strict=True)
                        for tag in org_tags.get(original.pk, ())
                    ]
                )
        copies += len(pending)
    IndexChange.objects.all().delete()  # bulk paths send no signals; the full build indexes them
    return {"copies": copies, "replicas": replica, "seconds": round(time.perf_counter() - started, 2)}


def build_index() -> dict:
    """A full build as `build_index` runs it: its rate and the peak memory with its indexing processes."""
    with PeakMemory() as memory:
        report = rebuild()
    return {
        "articles": report.articles,
        "seconds": round(report.seconds, 2),
        "articles_per_s": round(report.rate, 1),
        "peak_memory_mb": mb(memory.peak),
        "peak_rss_sum_mb": mb(memory.peak_rss),
    }


def corpus_phase(corpus: Path, articles: int) -> dict:
    """Migrate the throwaway database, import the corpus and replicate it up to `articles`."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the rate limit's counters, as `make setup` makes them
    return {"import": import_corpus(corpus, articles), "replicate": replicate(articles)}

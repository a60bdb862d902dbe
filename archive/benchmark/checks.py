"""Checks of our answers: filter-only searches against the database, every search against Whoosh's own searcher."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from archive.benchmark.mix import Search
from archive.dates import drill_down_level as histogram_level
from archive.models import Article, ArticleCountry, ArticleOrganisation
from archive.search import search as run_search


def database_counts(search: Search) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and each facet's counts for a filter-only search, straight from the database."""
    level = histogram_level(search.date)

    def filtered(without: str = ""):
        qs = Article.objects.published()
        if search.countries and without != "country":
            tagged = ArticleCountry.objects.active().filter(country__code__in=search.countries)
            qs = qs.filter(pk__in=tagged.values("article_id"))
        if search.organisations and without != "organisation":
            tagged = ArticleOrganisation.objects.active().filter(organisation__slug__in=search.organisations)
            qs = qs.filter(pk__in=tagged.values("article_id"))
        if search.date and without != "date":
            qs = _date_filtered(qs, search.date)
        return qs

    def tag_counts(tag_model, facet: str, key: str) -> Counter:
        """Articles per tag value, with every filter but this facet's own."""
        tags = tag_model.objects.active().filter(article__in=filtered(facet))
        return Counter(dict(tags.values_list(key).annotate(n=Count("article_id", distinct=True))))

    counts = {
        "country": tag_counts(ArticleCountry, "country", "country__code"),
        "organisation": tag_counts(ArticleOrganisation, "organisation", "organisation__slug"),
        "source": Counter(dict(filtered().exclude(source=None).values_list("source__slug").annotate(n=Count("pk")))),
    }
    dates: Counter = Counter()
    scope = filtered("date")
    if search.date:
        scope = _date_filtered(scope, search.date[:7] if len(search.date) == 10 else search.date)
    for value, precision in scope.exclude(published=None).values_list("published", "precision"):
        if level == "year":
            dates[f"{value.year:04d}"] += 1
        elif level == "month" and precision in ("month", "day"):
            dates[f"{value.year:04d}-{value.month:02d}"] += 1
        elif level == "day" and precision == "day":
            dates[value.isoformat()] += 1
    counts["date"] = dates
    return filtered().count(), {facet: dict(values) for facet, values in counts.items()}


def _date_filtered(qs, key: str):
    parts = [int(p) for p in key.split("-")]
    qs = qs.filter(published__year=parts[0])
    if len(parts) >= 2:
        qs = qs.filter(published__month=parts[1], precision__in=("month", "day"))
    if len(parts) == 3:
        qs = qs.filter(published__day=parts[2], precision="day")
    return qs


def check(search: Search, result, resolvers) -> list[str]:
    """Problems with one of our results: against the database (filter-only searches) and against
    Whoosh's own searcher (every search: count, facet counts, the page in order)."""
    problems = []
    if result.engine != "fast":
        problems.append("answered by the fallback, not the fast path")
    if not search.q:
        total, counts = database_counts(search)
        if result.count != total:
            problems.append(f"count {result.count} != database {total}")
        for facet, expected in counts.items():
            if result.counts.get(facet, {}) != expected:
                problems.append(f"{facet} counts differ from the database")
    reference = run_search(search.params(), resolvers=resolvers, engine="whoosh")
    if result.count != reference.count:
        problems.append(f"count {result.count} != whoosh {reference.count}")
    if result.counts != reference.counts:
        problems.append("facet counts differ from whoosh's grouped counts")
    if [h.article_id for h in result.hits] != [h.article_id for h in reference.hits]:
        problems.append("page differs from whoosh's")
    return problems

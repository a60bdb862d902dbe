"""A small archive with copy groups (syndicated versions of one story), for the search, page, API and feed tests.

Story "pipeline A": four versions; the earliest date is shared by two (the longer body stands for the group),
one is later and uses the word most (the group's best score), one is undated. Story "pipeline B": two versions.
Three articles about pipelines have no known copy; one of them is dated between story A's versions.
"""

from __future__ import annotations

import datetime as dt

from archive.models import Article, CopyGroup, Source

FILLER = "The ministry said the project would go ahead after talks with the operators and the regional authorities."


def _article(ref: str, title: str, body: str, published: dt.date | None, source: Source) -> Article:
    return Article.objects.create(
        title=title,
        body=body,
        raw_text=body,
        checksum=f"copies-{ref}",
        import_ref=f"copies:{ref}",
        published=published,
        precision="day" if published else "unknown",
        source=source,
    )


def build_copies() -> dict[str, Article]:
    """The articles by name; call inside `django_capture_on_commit_callbacks(execute=True)` so they are indexed."""
    wires = {name: Source.objects.create(name=name) for name in ("Wire One", "Wire Two", "Daily Three", "Post Four")}
    one, two, three, four = wires.values()
    story_a = "Pipeline deal agreed between the two governments. " + FILLER
    made = {
        "a_short": _article("a1", "Pipeline deal agreed", story_a, dt.date(2023, 1, 2), one),
        "a_long": _article("a2", "Pipeline deal agreed", story_a + " " + FILLER, dt.date(2023, 1, 2), two),
        "a_late": _article(
            "a3",
            "Pipeline deal agreed",
            "Pipeline pipeline pipeline: the pipeline deal is agreed.",
            dt.date(2023, 1, 9),
            three,
        ),
        "a_undated": _article("a4", "Pipeline deal agreed", story_a, None, four),
        "b_first": _article(
            "b1", "Pipeline leak", "A pipeline leak closed the port. " + FILLER, dt.date(2022, 5, 1), one
        ),
        "b_copy": _article(
            "b2", "Pipeline leak", "A pipeline leak closed the port. " + FILLER, dt.date(2022, 5, 3), two
        ),
        "lone_mid": _article(
            "c1", "Pipeline tender", "The pipeline tender opens. " + FILLER, dt.date(2023, 1, 5), three
        ),
        "lone_old": _article("c2", "Pipeline history", "A pipeline history. " + FILLER, dt.date(2019, 3, 1), four),
        "lone_undated": _article("c3", "Pipeline notes", "Pipeline notes. " + FILLER, None, one),
    }
    join([made[k] for k in ("a_short", "a_long", "a_late", "a_undated")])
    join([made["b_first"], made["b_copy"]])
    return made


def join(articles: list[Article]) -> CopyGroup:
    """Put the articles in one new copy group, saved one by one as an editor's join would."""
    group = CopyGroup.objects.create()
    for article in articles:
        article.copy_group = group
        article.save()
    return group

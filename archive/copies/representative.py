"""Which article of a copy group stands for the group (search results, the API, exports, feeds, alert mails)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.models import Article


def representative(articles: Iterable[Article]) -> Article:
    """The earliest published (unknown dates last), then the longest body, then the lowest id."""
    return min(articles, key=_rank)


def _rank(article: Article) -> tuple[bool, dt.date, int, int]:
    published = article.published
    return (published is None, published or dt.date.max, -len(article.body or ""), article.pk or 0)


def as_stories(articles: Sequence[Article]) -> list[tuple[Article, list[Article]]]:
    """One entry per story among `articles`: each copy group's representative among them, at its own place in
    their order, with the group's other articles among them (earliest first); an article with no known copy is
    an entry alone. For a list made outside the search (an alert mail), grouped as search groups its rows."""
    members: dict[int, list[Article]] = {}
    for article in articles:
        if article.copy_group_id:
            members.setdefault(article.copy_group_id, []).append(article)
    leads = {representative(group): group for group in members.values()}
    stories = []
    for article in articles:
        if not article.copy_group_id:
            stories.append((article, []))
        elif article in leads:
            stories.append((article, sorted((other for other in leads[article] if other is not article), key=_rank)))
    return stories

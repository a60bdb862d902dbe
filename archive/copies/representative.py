"""Which article of a copy group stands for the group (search results, the API, exports, feeds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.models import Article


def representative(articles: Iterable[Article]) -> Article:
    """The earliest published (unknown dates last), then the longest body, then the lowest id."""
    return min(articles, key=_rank)


def _rank(article: Article) -> tuple[bool, dt.date, int, int]:
    published = article.published
    return (published is None, published or dt.date.max, -len(article.body or ""), article.pk or 0)

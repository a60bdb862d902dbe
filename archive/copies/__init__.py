"""Copies of one story (syndicated versions, near-identical bodies): detected and grouped.

The public face; the other modules of this package are its insides. Detection runs at import
(`detect`, per batch), for an existing archive (`backfill`, the `group_copies` command) and is measured
by `evaluate_copies`; editors `split` and `join`; a changed body is compared again (`refresh`, wired to
every save in archive/signals.py, where a group a deletion leaves with one article is dissolved too); an article
restored from its history is grouped again (`regroup_restored`);
pages list `other_versions`; search, the API, exports and feeds show the group's `representative`, and
an alert mail lists its new articles `as_stories`.
"""

from django.conf import settings

from archive.copies.editing import join, refresh, regroup_restored, split
from archive.copies.grouping import backfill, detect, dissolve_singletons, lookup, stale
from archive.copies.representative import as_stories, representative
from archive.models import Article

__all__ = [
    "as_stories",
    "backfill",
    "detect",
    "dissolve_singletons",
    "enabled",
    "join",
    "lookup",
    "other_versions",
    "refresh",
    "regroup_restored",
    "representative",
    "split",
    "stale",
]


def enabled() -> bool:
    """Detection at import (ARCHIVE_COPY_DETECTION, on by default); `group_copies` catches up when it was off."""
    return getattr(settings, "ARCHIVE_COPY_DETECTION", True)


def other_versions(article: Article, *, published_only: bool = True):
    """The other articles of the article's group, earliest first, with their sources."""
    if article.copy_group_id is None:
        return Article.objects.none()
    versions = Article.objects.filter(copy_group_id=article.copy_group_id).exclude(pk=article.pk)
    if published_only:
        versions = versions.published()
    return versions.select_related("source").order_by("published", "pk")

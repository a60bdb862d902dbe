"""What /healthz reports: a couple of cheap reads, safe to poll every second (no search, no index open).

Healthy (HTTP 200) when the database answers and can be written, the live index exists with a committed
generation whose segments all have their files (and this worker has not found it unreadable), the index directory is
writable, the oldest pending index change is younger than ARCHIVE_HEALTH_MAX_QUEUE_AGE seconds, the data
dir's disk has ARCHIVE_HEALTH_MIN_FREE_MB free and the rate limits' counter table exists (without it no request
is limited);
otherwise 503. It also says how far this worker's start-up warm-up has got (`warm_up`: "warming" for the
first seconds after a worker starts; it never makes the archive unhealthy: a cold worker answers, only slower).
A worker whose warm-up failed, on an index damaged or missing at its start, warms again once a poll finds it repaired.
"""

from __future__ import annotations

import logging
import shutil

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone

from archive.checks import database_read_only
from archive.models import Article, IndexChange
from archive.ratelimit import missing_table
from archive.search import (
    holds_no_documents,
    index_build,
    index_generation,
    known_damage,
    live_path,
    segments_missing,
    unreadable,
    unwritable,
    warm_again_if_repaired,
    warm_state,
)

logger = logging.getLogger("archive")


def _database() -> dict:
    unreachable = {"database": False, "database_read_only": None, "queue": None, "queue_oldest_age": None}
    try:
        queue = IndexChange.objects.aggregate(length=Count("id"), oldest=Min("created_at"))
        # A database that reads but cannot be written (a disk remounted read-only) fails every save and login.
        read_only = database_read_only()
    except DatabaseError as error:
        logger.error("Health check: the database is unreachable: %s", error)
        return unreachable
    if read_only:
        logger.error("Health check: the database cannot be written: %s; every save and login fails", read_only)
    oldest = queue["oldest"]
    age = round((timezone.now() - oldest).total_seconds(), 3) if oldest else None
    return {"database": True, "database_read_only": read_only, "queue": queue["length"], "queue_oldest_age": age}


def _index() -> dict:
    """The live index's build (the directory the `index` symlink points to) and its Whoosh generation."""
    live = live_path()
    try:
        build = index_build(live)
        generation = index_generation(live)  # one directory listing
    except OSError as error:
        logger.error("Health check: the index %s is unreadable: %s", live, error)
        return {
            "index": False,
            "index_build": None,
            "index_generation": None,
            "index_damage": None,
            "index_writable": False,
        }
    # -1: no committed table of contents, i.e. no usable index (or one this user cannot list: said so).
    damage = (known_damage() or segments_missing(live)) if generation >= 0 else unreadable(live)
    if generation >= 0 and not damage and holds_no_documents(live) and Article.objects.published().exists():
        # A first search made an empty one (say, the database restored on a new host without the index).
        damage = "the index holds no article while the database has published ones: run build_index"
    if damage:
        logger.error("Health check: the index %s is damaged: %s", live, damage)
    elif generation >= 0:
        warm_again_if_repaired(build, generation)  # a worker whose warm-up failed on the index before its repair
    # Searches still work on a read-only index, but no edit reaches it: an operator must hear of it now,
    # not once the queue has aged past ARCHIVE_HEALTH_MAX_QUEUE_AGE.
    read_only = unwritable(live)
    if read_only:
        logger.error("Health check: %s; edits wait in the index queue", read_only)
    return {
        "index": generation >= 0 and not damage,
        "index_build": build,
        "index_generation": generation,
        "index_damage": damage or None,
        "index_writable": not read_only,
    }


def _disk() -> dict:
    """The free space on the data dir's disk (the database and the index): low before saves start failing."""
    try:
        free = shutil.disk_usage(settings.ARCHIVE_DATA_DIR).free
    except OSError as error:
        logger.error("Health check: the data dir's disk cannot be read: %s", error)
        return {"disk_free_mb": None, "disk_low": True}
    low = free < settings.ARCHIVE_HEALTH_MIN_FREE_MB * 2**20
    if low:
        logger.error("Health check: %d MB free on the data dir's disk: saves and imports will fail", free // 2**20)
    return {"disk_free_mb": free // 2**20, "disk_low": low}


def _rate_limit() -> dict:
    """Whether the rate limits' counter table exists (read once a process while it does)."""
    try:
        table = missing_table()
    except DatabaseError:  # said by _database()
        return {"rate_limit_table": None}
    if table:
        logger.error("Health check: the rate limits' table %s does not exist: run manage.py createcachetable", table)
    return {"rate_limit_table": table is None}


def health() -> tuple[dict, bool]:
    """The report and whether the archive is healthy."""
    report = {**_database(), **_index(), **_disk(), **_rate_limit()}
    limit = settings.ARCHIVE_HEALTH_MAX_QUEUE_AGE
    age = report["queue_oldest_age"]
    report["queue_stalled"] = bool(limit and age is not None and age > limit)
    healthy = (
        report["database"]
        and not report["database_read_only"]
        and report["index"]
        and report["index_writable"]
        and not report["queue_stalled"]
        and not report["disk_low"]
        and report["rate_limit_table"] is not False
    )
    report["status"] = "ok" if healthy else "unhealthy"
    report["warm_up"] = warm_state()
    return report, healthy

"""System checks for misconfiguration that would otherwise surface as odd behaviour later."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_data_dir(app_configs, **kwargs):
    data_dir = settings.ARCHIVE_DATA_DIR
    problems = []
    if data_dir.exists() and not os.access(data_dir, os.W_OK):
        problems.append(
            Error(
                f"ARCHIVE_DATA_DIR {data_dir} is not writable.",
                hint="The database and the search index are written there; fix its permissions.",
                id="archive.E001",
            )
        )
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        path = Path(database["NAME"])
        unwritable = sqlite_unwritable(path)
        if unwritable:
            problems.append(
                Error(
                    f"The SQLite database {path} cannot be written by this user ({unwritable} is not writable).",
                    hint="The server writes to it (sessions, the rate limit's counters, editors' changes) and SQLite "
                    "keeps its journal beside it: give this user the file and its directory, or run the server "
                    "as their owner (`make setup` run as another user leaves them that user's).",
                    id="archive.E008",
                )
            )
    return problems


def sqlite_files(path: Path) -> tuple[Path, ...]:
    """A SQLite database and the WAL and shared-memory files SQLite keeps beside it."""
    return (path, Path(f"{path}-wal"), Path(f"{path}-shm"))


@register(deploy=True)
def check_data_dir_private(app_configs, **kwargs):
    """The data dir and the SQLite database hold password hashes and subscribers' addresses: a data dir made before
    the archive made them private (0700, 0600) may still be open to every local user."""
    data_dir = settings.ARCHIVE_DATA_DIR
    database = settings.DATABASES["default"]
    files = [data_dir]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) not in ("", ":memory:"):
        files += sqlite_files(Path(database["NAME"]))
    # Others' bits only: a group the operator gave the data dir (a backup user's) is their choice.
    open_to_others = [str(file) for file in files if file.exists() and file.stat().st_mode & 0o007]
    if not open_to_others:
        return []
    return [
        Warning(
            f"{', '.join(open_to_others)}: other local users may read the archive's data (password hashes, "
            "subscribers' addresses).",
            hint=f"Run: chmod o-rwx {' '.join(open_to_others)} (a new data dir is made 700, its database 600).",
            id="archive.W002",
        )
    ]


def sqlite_unwritable(path: Path) -> Path | None:
    """The first of a SQLite database's files this process cannot write (the database, its WAL and shared-memory
    files, the directory SQLite makes them in), or None: a file check, so cheap enough for /healthz to poll, and
    true on a disk remounted read-only too (access() says EROFS, even to root)."""
    files = (*sqlite_files(path), path.parent)
    return next((file for file in files if file.exists() and not os.access(file, os.W_OK)), None)


def database_read_only() -> str | None:
    """Why the default database cannot be written now (every save would fail), or None; for /healthz, which the
    start-up check E008 does not cover (a disk remounted read-only while the server runs).

    SQLite: its files' permissions (SQLite: "attempt to write a readonly database"). PostgreSQL: a standby in
    recovery or a read-only default transaction, one small query. Raises DatabaseError when the database does not
    answer.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return None
        unwritable = sqlite_unwritable(Path(connection.settings_dict["NAME"]))
        return f"the SQLite database's {unwritable} cannot be written by this user" if unwritable else None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'")
            in_recovery, read_only = cursor.fetchone()
        if in_recovery:
            return "the PostgreSQL server is a standby in recovery: it accepts no write"
        return "the PostgreSQL session is read-only (default_transaction_read_only)" if read_only else None
    return None


@register(deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEVELOPMENT_KEY:  # with DEBUG off a key is kept in the data dir instead
        return [
            Warning(
                "DJANGO_SECRET_KEY is not set; the development key is in use.",
                hint="Set DJANGO_SECRET_KEY to a long random value in production (with DJANGO_DEBUG=0 and no key, "
                "one is generated and kept in ARCHIVE_DATA_DIR/secret_key).",
                id="archive.W001",
            )
        ]
    return []


@register()
def check_signal_processor(app_configs, **kwargs):
    if settings.HAYSTACK_SIGNAL_PROCESSOR != "haystack.signals.BaseSignalProcessor":
        return [
            Error(
                "HAYSTACK_SIGNAL_PROCESSOR must stay haystack.signals.BaseSignalProcessor.",
                hint="The archive indexes after commit through archive.search.writer; haystack's "
                "realtime processor would index before commit and miss tag changes.",
                id="archive.E002",
            )
        ]
    return []


@register(deploy=True)
def check_static_manifest(app_configs, **kwargs):
    """With DEBUG off, static files are served by hashed name from collectstatic's manifest.

    A deployment check, so `migrate` and the other commands still run before `collectstatic`; the
    production server runs the deployment checks before it starts (archive/gunicorn.conf.py).
    """
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    if manifest.is_file():
        return []
    return [
        Error(
            f"The static files manifest {manifest} is missing: every page would fail to render.",
            hint="Collect the static files first: run `make setup` "
            "(or `DJANGO_DEBUG=0 python manage.py collectstatic --noinput`).",
            id="archive.E003",
        )
    ]


@register()
def check_search_path(app_configs, **kwargs):
    choice = getattr(settings, "ARCHIVE_SEARCH_PATH", "auto")
    if choice not in ("auto", "fast", "portable"):
        return [
            Error(
                f"ARCHIVE_SEARCH_PATH is {choice!r}.",
                hint="Use auto (the fast path on Whoosh, haystack's SearchQuerySet on any other engine), "
                "portable (SearchQuerySet everywhere) or fast.",
                id="archive.E007",
            )
        ]
    return []


@register()
def check_whoosh_version(app_configs, **kwargs):
    """The fixes in archive/search/whoosh_patches.py replace Whoosh internals of one release."""
    from archive.search import WHOOSH_WRITTEN_FOR, installed_whoosh_version, written_for_installed_whoosh

    if written_for_installed_whoosh():
        return []
    installed = ".".join(map(str, installed_whoosh_version()))
    written_for = ".".join(map(str, WHOOSH_WRITTEN_FOR))
    return [
        Error(
            f"Whoosh {installed} is installed; the fixes in archive/search/whoosh_patches.py were written for "
            f"Whoosh {written_for} and are not applied, so queries would not be answered as tested.",
            hint=f"Install whoosh=={written_for} (requirements.txt), or review each fix against Whoosh "
            f"{installed} and update WRITTEN_FOR.",
            id="archive.E005",
        )
    ]


def running_archive_command():
    """The archive's own management command this process runs (`manage.py NAME ...`), or None.

    Read from argv as Django's ManagementUtility reads it; call_command() skips system checks anyway.
    """
    from django.core.management import get_commands, load_command_class

    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if get_commands().get(name) != "archive":
        return None
    return load_command_class("archive", name)


@register()
def check_database_migrated(app_configs, **kwargs):
    """Our commands read the archive's tables: before `migrate` they would die on a raw "no such table".

    Django runs system checks before every command's handle(), so this covers all of them at once
    (Django's own runserver only warns about unapplied migrations). Only for our commands: `check`,
    `collectstatic` and `migrate` itself must run on an empty database. A command that sets up a
    database of its own (the benchmarks) sets `requires_migrated_database = False`.
    """
    command = running_archive_command()
    if command is None or not getattr(command, "requires_migrated_database", True):
        return []
    return database_problems()


def database_problems() -> list[Error]:
    """Why the archive's tables cannot be read as the code expects ([] when they can): for our commands, and for
    the production server before it starts (archive/gunicorn.conf.py), which answered 500s on "no such table"."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return [
            Error(
                f"The database cannot be read ({error}).",
                hint="Check DATABASE_URL and that the database server is running.",
                id="archive.E006",
            )
        ]
    if not plan:
        return []
    set_up = not any(migration.app_label == "archive" and migration.initial for migration, _ in plan)
    state = f"is {len(plan)} migration(s) behind the code" if set_up else "is not set up yet"
    return [
        Error(
            f"The database {state}: run make setup (or manage.py migrate) first.",
            hint="`make setup` migrates the database, loads the gazetteers and the seed articles and builds the index.",
            id="archive.E004",
        )
    ]


def ratelimit_problems() -> list[Error]:
    """The rate limits' counter table, for the production server before it starts (`manage.py preflight`): without
    it every limit is off, and only a log line said so on the first limited request."""
    from django.db import DatabaseError

    from archive.ratelimit import missing_table

    try:
        table = missing_table()
    except DatabaseError:  # database_problems() says why the database cannot be read
        return []
    if table is None:
        return []
    return [
        Error(
            f"The rate limits' table {table} does not exist: no request is limited (searches, API, feeds, alert "
            "requests).",
            hint="Run manage.py createcachetable (`make setup` runs it).",
            id="archive.E009",
        )
    ]


@register(deploy=True)
def check_alert_mail(app_configs, **kwargs):
    """E-mail alerts in production need a mail server, a sender and the site's address for their links."""
    if "smtp" not in settings.EMAIL_BACKEND:
        return []
    missing = [name for name in ("EMAIL_HOST", "DEFAULT_FROM_EMAIL", "ARCHIVE_SITE_URL") if not os.environ.get(name)]
    if settings.EMAIL_HOST_USER and not settings.EMAIL_HOST_PASSWORD:
        missing.append("EMAIL_HOST_PASSWORD")
    if not missing:
        return []
    return [
        Warning(
            f"E-mail alerts: {', '.join(missing)} not set; confirmation and alert mails may not be delivered.",
            hint="Set the mail settings in the environment (see the README's Configuration), or "
            "EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend to print mail instead.",
            id="archive.W020",
        )
    ]

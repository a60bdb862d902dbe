"""Environments and servers for tests that run the archive in other processes (commands, gunicorn, workers).

Each environment has its own data dir and its own database: SQLite in the data dir, or, when the suite
runs on PostgreSQL (DATABASE_URL set), a fresh database created on the same server and dropped afterwards.

`set_up` runs six manage.py commands (~25 s). Inside a pytest session (tests/conftest.py opens `templates`)
it runs them once per distinct configuration into a template and gives every later environment a copy:
the data dir copied (the live `index` symlink is relative), the database copied with SQLite's backup API
or `CREATE DATABASE ... TEMPLATE`. Nothing set_up leaves names its data dir, so a copy is what set_up would
have left there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

from archive.benchmark.http_load import free_port

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
_SQLITE = "sqlite:///"
_PROC_PREFIX = "archive_proc_"  # databases _fresh_database creates; only those are ever replaced by a copy


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


@contextlib.contextmanager
def _fresh_database(data_dir: Path) -> Iterator[str]:
    """A database URL for a new, empty database (SQLite in data_dir, or a new PostgreSQL database)."""
    base = _postgres_url()
    if base is None:
        yield f"{_SQLITE}{data_dir / 'archive.sqlite3'}"
        return
    import psycopg

    name = f"{_PROC_PREFIX}{uuid.uuid4().hex[:12]}"
    admin_url = _admin_url(base)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            _drop_database(connection, name)


@contextlib.contextmanager
def archive_env(data_dir: Path, *, production: bool = False, **extra: str) -> Iterator[dict[str, str]]:
    """Environment variables for manage.py / gunicorn over a new data dir and database (not migrated)."""
    with _fresh_database(data_dir) as database_url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "ARCHIVE_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
        if production:
            env.update(
                {
                    "DJANGO_DEBUG": "0",
                    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                    # Plain HTTP on loopback, as `make serve` runs it.
                    "DJANGO_SECURE_SSL_REDIRECT": "0",
                }
            )
        env.update(extra)
        yield env


def manage(
    env: dict[str, str], *args: str, timeout: float = 300, check: bool = False, stdin: str | None = None
) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO, env=env, input=stdin, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if check and run.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}")
    return run


def _run_set_up(env: dict[str, str], *, seeds: bool) -> None:
    manage(env, "migrate", "--noinput", "-v0", check=True)
    manage(env, "createcachetable", check=True)
    manage(env, "load_gazetteers", check=True)
    if seeds:
        manage(env, "import_articles", str(REPO / "seeds"), "--if-empty", "--no-progress", check=True)
    manage(env, "collectstatic", "--noinput", "-v0", check=True)
    manage(env, "build_index", "--no-progress", check=True)


def set_up(env: dict[str, str], *, seeds: bool = True) -> None:
    """What `make setup` does: migrate, the rate-limit counter table, gazetteers, seeds, static files, index.
    In a pytest session with `templates` open, a copy of the state these steps leave for this configuration."""
    if _templates.root is None or not _is_fresh(env):
        _run_set_up(env, seeds=seeds)
        return
    _templates.clone(_templates.template(env, seeds=seeds), env)


# Environment variables that differ between environments of one configuration (not part of a template's key).
_PER_ENVIRONMENT = frozenset({"ARCHIVE_DATA_DIR", "DATABASE_URL", "DJANGO_SECRET_KEY"})
# Settings read only while serving or sending mail (archive/settings.py, archive/ratelimit.py, archive/batch.py,
# archive/alerts/): they change nothing set_up writes, so environments differing only in them share a template.
# Any other setting a test passes gets its own template.
_SERVE_TIME_ONLY = frozenset(
    {
        "ARCHIVE_RATE_LIMIT",
        "ARCHIVE_RATE_LIMIT_WINDOW",
        "ARCHIVE_TRUSTED_PROXIES",
        "ARCHIVE_EXPORT_LIMIT",
        "ARCHIVE_BATCH_LIMIT",
        "ARCHIVE_SITE_URL",
        "ARCHIVE_ALERT_SETTLE_SECONDS",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "DEFAULT_FROM_EMAIL",
    }
)


def _template_key(env: dict[str, str], *, seeds: bool) -> tuple:
    ignored = _PER_ENVIRONMENT | _SERVE_TIME_ONLY
    changed = sorted((k, v) for k, v in env.items() if k not in ignored and os.environ.get(k) != v)
    return (seeds, tuple(changed))


def _is_fresh(env: dict[str, str]) -> bool:
    """A new environment from `archive_env`: nothing set up in its data dir, its database new and empty."""
    data_dir, url = Path(env["ARCHIVE_DATA_DIR"]), env["DATABASE_URL"]
    if (data_dir / "index").is_symlink() or (data_dir / "indexes").exists():
        return False
    if url.startswith(_SQLITE):
        return not Path(url[len(_SQLITE) :]).exists()
    return url.rsplit("/", 1)[1].startswith(_PROC_PREFIX)


def _drop_database(connection, name: str) -> None:
    """DROP DATABASE … WITH (FORCE), once no autovacuum worker is on it: FORCE may end the sessions of our own role,
    not a worker's, and a server whose autovacuum is on (a developer's own; `.ci/with-postgres` turns it off) can
    start one on a template at any time. Waits for the worker to finish, at most two minutes (a safety net)."""
    import psycopg

    deadline = time.monotonic() + 120
    while True:
        try:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class _Templates:
    """Set-up archives kept for the session, one per configuration, and their PostgreSQL databases."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self._built: dict[tuple, dict[str, str]] = {}
        self._databases: list[str] = []

    @contextlib.contextmanager
    def open(self, root: Path) -> Iterator[None]:
        self.root = root
        try:
            yield
        finally:
            self.root, self._built = None, {}
            base = _postgres_url()
            names, self._databases = self._databases, []
            if base is not None and names:
                import psycopg

                with psycopg.connect(_admin_url(base), autocommit=True) as connection:
                    for name in names:
                        _drop_database(connection, name)
            shutil.rmtree(root, ignore_errors=True)

    def template(self, env: dict[str, str], *, seeds: bool) -> dict[str, str]:
        """The environment of the set-up template for env's configuration, built on first use."""
        key = _template_key(env, seeds=seeds)
        if key not in self._built:
            data_dir = Path(tempfile.mkdtemp(prefix="template-", dir=self.root))  # a new one if a build failed
            template_env = {**env, "ARCHIVE_DATA_DIR": str(data_dir)}
            base = _postgres_url()
            if base is None:
                template_env["DATABASE_URL"] = f"{_SQLITE}{data_dir / 'archive.sqlite3'}"
            else:
                import psycopg

                name = f"archive_template_{uuid.uuid4().hex[:12]}"
                with psycopg.connect(_admin_url(base), autocommit=True) as connection:
                    connection.execute(f'CREATE DATABASE "{name}"')
                self._databases.append(name)
                template_env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
            _run_set_up(template_env, seeds=seeds)
            self._built[key] = template_env
        return self._built[key]

    def clone(self, template: dict[str, str], env: dict[str, str]) -> None:
        """Copy the template's data dir and database into env's (fresh) ones."""
        source, target = Path(template["ARCHIVE_DATA_DIR"]), Path(env["ARCHIVE_DATA_DIR"])
        # symlinks=True keeps `index` a relative link to the copy's own indexes/ directory.
        shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True, ignore=_sqlite_files)
        url = env["DATABASE_URL"]
        if url.startswith(_SQLITE):
            with (
                contextlib.closing(sqlite3.connect(template["DATABASE_URL"][len(_SQLITE) :])) as src,
                contextlib.closing(sqlite3.connect(url[len(_SQLITE) :])) as dst,
            ):
                src.backup(dst)
            return
        import psycopg

        # archive_env made env's database empty; replace it with a server-side copy under the same name.
        name, template_name = url.rsplit("/", 1)[1], template["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(_admin_url(url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}"')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')


def _sqlite_files(directory: str, names: list[str]) -> list[str]:
    return [name for name in names if name.startswith("archive.sqlite3")]


_templates = _Templates()
templates = _templates.open  # tests/conftest.py: `with templates(session_temp_dir): ...`


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer (a server that sends plain HTTP to https answers so)


def wait_for_http(url: str, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Poll until the URL answers (any HTTP status, a redirect too); a safety net, not a measurement."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        try:
            urllib.request.build_opener(_NoRedirect).open(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@dataclasses.dataclass
class Server:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    process: subprocess.Popen  # the gunicorn master; its children are the workers


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, log: Path | None = None) -> Iterator[Server]:
    """Run the archive under gunicorn with the project's config on a free loopback port."""
    port = free_port()
    env = {**env, "ARCHIVE_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    log_file = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "archive/gunicorn.conf.py", "archive.wsgi"],
        cwd=REPO,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/static/does-not-exist", process)
        yield Server(base, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            log_file.close()


@contextlib.contextmanager
def seeded_server(data_dir: Path, *, workers: int = 2, prepare=None, **extra: str) -> Iterator[Server]:
    """A production server (DEBUG off, plain HTTP) over the seeded archive as `make setup` leaves it, in
    `data_dir`; `extra` are environment settings, `prepare(env)` runs after the set-up, before the server starts."""
    with archive_env(data_dir, production=True, **extra) as env:
        set_up(env)
        if prepare is not None:
            prepare(env)
        with gunicorn(env, workers=workers, log=data_dir / "gunicorn.log") as running:
            yield running


def with_editor(password: str):
    """A `prepare` for `seeded_server`: an editor account "editor" with this password."""

    def prepare(env: dict[str, str]) -> None:
        manage(env, "create_editor", "editor", "--password-stdin", stdin=password + "\n", timeout=120, check=True)

    return prepare


_HOLD_FLOCK = """
import fcntl, sys
lock = open(sys.argv[1], "w")
fcntl.flock(lock, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def flock_held_elsewhere(path: str | os.PathLike) -> Iterator[int]:
    """Another process holding an flock on `path` (as another writer holds the index's write lock) while the
    block runs; yields its PID. It says when it holds the lock and lets go when its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_FLOCK, os.fspath(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def live_lock_file() -> Path:
    """The live index's write lock file (Whoosh's, in the directory the live symlink points to)."""
    from django.conf import settings

    return Path(os.path.realpath(settings.ARCHIVE_INDEX_PATH)) / "MAIN_WRITELOCK"

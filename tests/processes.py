"""Environments and servers for tests that run the archive in other processes (commands, gunicorn, workers).

Each environment has its own data dir and its own database: SQLite in the data dir, or, when the suite
runs on PostgreSQL (DATABASE_URL set), a fresh database created on the same server and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

from archive.benchmark.http_load import free_port

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def _fresh_database(data_dir: Path) -> Iterator[str]:
    """A database URL for a new, empty database (SQLite in data_dir, or a new PostgreSQL database)."""
    base = _postgres_url()
    if base is None:
        yield f"sqlite:///{data_dir / 'archive.sqlite3'}"
        return
    import psycopg

    name = f"archive_proc_{uuid.uuid4().hex[:12]}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


def set_up(env: dict[str, str], *, seeds: bool = True) -> None:
    """What `make setup` does: migrate, the rate-limit counter table, gazetteers, seeds, static files, index."""
    manage(env, "migrate", "--noinput", "-v0", check=True)
    manage(env, "createcachetable", check=True)
    manage(env, "load_gazetteers", check=True)
    if seeds:
        manage(env, "import_articles", str(REPO / "seeds"), "--no-progress", check=True)
    manage(env, "collectstatic", "--noinput", "-v0", check=True)
    manage(env, "build_index", "--no-progress", check=True)


def wait_for_http(url: str, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Poll until the URL answers (any HTTP status); a safety net, not a measurement."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - loopback only
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

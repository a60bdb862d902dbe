"""Readers the settings use to turn the environment into settings: each value that cannot be read stops the start
with the variable's name and what it must be, instead of a 500 at the first request that needs it.

Imports nothing of the archive's but archive.environment (the settings import this module before Django is set up).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from archive.environment import env_switch


def env_bool(name: str, default: bool) -> bool:
    """An on/off setting (spellings: archive/environment.py); any other stops the start, as a bad number does."""
    try:
        return env_switch(name, default)
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from None


def env_number(name: str, default: str, kind: type = int):
    """A number from the environment; a value that is not one stops the start with the variable's name."""
    value = os.environ.get(name) or default
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what} (it is {value!r}).") from None


def env_rate(name: str, default: str) -> str:
    """A django-ratelimit rate ("10/h", "100/5m"); another value stops the start (the form answered 500s)."""
    value = (os.environ.get(name) or default).strip()
    if not re.fullmatch(r"\d+/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/h or 100/5m (it is {value!r}).")
    return value


def kept_secret_key(path: Path) -> str:
    """The key generated for this data dir on its first start with DEBUG off (mode 600), the same for every
    process after: a production server never signs with the public development key."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        os.link(draft, path)  # atomic: of two processes starting at once, one key wins and both read it
    except FileExistsError:
        pass
    except OSError as error:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not set and no key can be kept in {path} ({error.strerror}): set DJANGO_SECRET_KEY."
        ) from None
    finally:
        draft.unlink(missing_ok=True)
    return path.read_text().strip()


def create_private(database: Path) -> None:
    """Create a SQLite database file that does not exist yet, empty (a new database to SQLite) and readable by this
    user only: SQLite would create it 0644, readable by any local user, and its -wal and -shm files take its mode."""
    # One that exists is left as it is (preflight's archive.W002 says so if others may read it); one that cannot be
    # made is SQLite's to report (archive.E008).
    with contextlib.suppress(OSError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

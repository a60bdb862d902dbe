"""gunicorn settings for `make serve` (see README, "Deploying"); each can be overridden on the command line.

ARCHIVE_BIND      address to listen on (default 127.0.0.1:8000; `make serve HOST=...` sets it)
WEB_CONCURRENCY   worker processes (default: 2 per core, at least 2, at most 8)
"""

import importlib.util
import multiprocessing
import os
from pathlib import Path


def _whole(name: str, default: int) -> int:
    """A whole number from the environment; another value stops the server with the variable's name (as the
    archive's own settings do), not with int()'s traceback."""
    value = os.environ.get(name) or str(default)
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number (it is {value!r}).") from None


def _switch(name: str, default: bool) -> bool:
    """An on/off setting read as the archive's settings read it (archive/environment.py, loaded by its path: this
    master holds none of the archive's modules); a misspelled one stops the server with the variable's name."""
    spec = importlib.util.spec_from_file_location("_archive_environment", Path(__file__).with_name("environment.py"))
    environment = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(environment)
    try:
        return environment.env_switch(name, default)
    except ValueError as error:
        raise SystemExit(str(error)) from None


bind = os.environ.get("ARCHIVE_BIND", "127.0.0.1:8000")
# (gunicorn reads WEB_CONCURRENCY itself too, and stops with int()'s message before this file on a bad value)
workers = _whole("WEB_CONCURRENCY", max(2, min(8, 2 * multiprocessing.cpu_count())))
worker_class = "sync"
# A search answers within ARCHIVE_SEARCH_TIME_LIMIT; an admin upload or export may take longer.
timeout = _whole("ARCHIVE_WORKER_TIMEOUT", 120)
# A restart or reload lets each request finish within the time it was allowed anyway: at 30 s, a long admin upload
# was cut off. systemd's TimeoutStopSec must be above it (the README's unit).
graceful_timeout = timeout
# The longest request line gunicorn takes (its default is 4094 bytes): a 500-character query, the longest the
# search reads, is 4.5 KB percent-encoded in Chinese or Arabic, and must reach the archive's own pages.
limit_request_line = 8190
# Restart workers now and then so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Logs to the console, where a process manager (systemd, a container runtime) collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("ARCHIVE_LOG_LEVEL", "info").lower()
# The control socket (gunicornc) beside the archive's data, not one per user: several archives (or test
# servers) on one machine must not take each other's socket.
_data_dir = os.environ.get("ARCHIVE_DATA_DIR") or os.path.join(os.path.dirname(os.path.dirname(__file__)), "var")
control_socket = os.path.join(os.path.abspath(_data_dir), "gunicorn.ctl")
# Only a proxy on this machine may set X-Forwarded-* headers that gunicorn itself trusts (its X-Forwarded-Proto makes
# a request https), and only when the archive is said to be behind one: otherwise anyone on the machine could.
_behind_proxy = _switch("DJANGO_BEHIND_PROXY", False)
forwarded_allow_ips = os.environ.get("ARCHIVE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1" if _behind_proxy else "")


def on_starting(server) -> None:
    """Refuse to start on a misconfiguration (a missing static manifest, a database not migrated) instead of
    answering 500s; remove upload copies a killed worker of an earlier server left (`manage.py preflight`).

    In a process of its own: this master then imports none of the archive's code (nor opens a database
    connection), so the workers it forks after a reload (`kill -HUP`, an upgrade) load the new code. When the master
    had run the checks itself, they inherited its old modules beside the new templates and answered 500s."""
    import subprocess
    import sys

    manage = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "manage.py")
    if subprocess.run([sys.executable, manage, "preflight"], check=False).returncode:
        raise SystemExit("The archive's start-up checks failed (above): the server does not start.")


def post_worker_init(worker) -> None:
    """Apply index changes a previous server left queued (killed after an upload, say), and warm up the
    search (archive/search/startup.py), in the background: the worker serves at once, and the writer lock
    lets one worker apply the queue."""
    from archive.search import apply_queue_in_background, warm_in_background

    apply_queue_in_background()
    warm_in_background()

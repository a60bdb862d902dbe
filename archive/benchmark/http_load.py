"""`bench_http`'s server and load: gunicorn on a free loopback port, and concurrent keep-alive clients.

`free_port` is also the tests' (tests/processes.py), so this module needs no Django app loaded to import.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from archive.benchmark.timing import percentile


def server_env(workdir: Path) -> dict[str, str]:
    """The environment of the server over the benchmark's archive, as `make serve` runs it (DEBUG off)."""
    data = workdir / "data"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "ARCHIVE_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'archive.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "ARCHIVE_RATE_LIMIT": "1000000000",  # the clients all come from 127.0.0.1
        "ARCHIVE_LOG_LEVEL": os.environ.get("ARCHIVE_LOG_LEVEL", "warning"),
        "PYTHONUNBUFFERED": "1",
    }


def free_port() -> int:
    """A loopback port free at the moment of asking (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with the project's config and `workers` workers on a free loopback port (a context manager)."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.env = {**env, "ARCHIVE_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        self.log = log
        self.process: subprocess.Popen | None = None
        self.warm_up: dict = {}  # the last /healthz `warm_up` seen before timing started, and the wait

    def __enter__(self) -> Gunicorn:
        from django.conf import settings

        gunicorn = Path(sys.executable).with_name("gunicorn")
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "--config", "archive/gunicorn.conf.py", "archive.wsgi"],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120  # a safety net for the start
        while fetch(self.port, "/healthz")[0] == 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start (see {self.log})")
            time.sleep(0.1)
        self._wait_for_warm_up(workers=int(self.env["WEB_CONCURRENCY"]))
        return self

    def _wait_for_warm_up(self, workers: int) -> None:
        """Until the workers' start-up warm-up is over (/healthz's `warm_up`): a worker warming spends a core on
        it for its first seconds, which would be timed against whichever requests came first. Any worker may
        answer a poll, so several polls in a row must find none warming."""
        started = time.monotonic()
        deadline = started + 600  # a safety net: the warm-up stops itself after WARM_SECONDS
        in_a_row, seen = 0, {}
        while in_a_row < 3 * workers and time.monotonic() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                connection.request("GET", "/healthz")
                seen = json.loads(connection.getresponse().read()).get("warm_up", {})
            except (OSError, ValueError):
                seen = {}
            finally:
                connection.close()
            in_a_row = in_a_row + 1 if seen.get("state") not in (None, "warming") else 0
            if in_a_row == 0:
                time.sleep(0.2)
        self.warm_up = {**seen, "waited_s": round(time.monotonic() - started, 2)}

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(port: int, path: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, float]:
    """(status, seconds) of one GET, the whole body read; status 0 when the connection failed."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        conn.close()  # reconnects on the next request
        status = 0
    seconds = time.perf_counter() - started
    if connection is None:
        conn.close()
    return status, seconds


def load(port: int, paths: list[str], clients: int) -> dict:
    """`clients` threads, each on its own (keep-alive when the server allows it) connection, send `paths`."""
    lock = threading.Lock()
    position = [0]
    latencies: list[float] = []
    errors: dict[str, int] = {}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while True:
                with lock:
                    if position[0] >= len(paths):
                        return
                    path = paths[position[0]]
                    position[0] += 1
                status, seconds = fetch(port, path, connection)
                with lock:
                    latencies.append(seconds)
                    if status != 200:
                        key = f"{status} {path.split('?')[0]}"
                        errors[key] = errors.get(key, 0) + 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    ms = sorted(s * 1000 for s in latencies)
    return {
        "clients": clients,
        "requests": len(ms),
        "seconds": round(seconds, 2),
        "requests_per_s": round(len(ms) / seconds, 1) if seconds else 0.0,
        "median_ms": round(statistics.median(ms), 1) if ms else 0.0,
        "p95_ms": round(percentile(ms, 95), 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }

"""The rate limit holds across gunicorn workers (one counter in the database, incremented atomically), and
behind a proxy over real HTTP a forged X-Forwarded-For does not rotate the counted address."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.processes import archive_env, gunicorn, set_up
from tests.web.ratelimit_window import LONG_WINDOW, fresh_window

pytestmark = pytest.mark.slow

LIMIT = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Two gunicorn workers behind one (simulated) proxy, LIMIT requests per client in one long window."""
    data_dir = tmp_path_factory.mktemp("ratelimit")
    with archive_env(
        data_dir,
        production=True,
        ARCHIVE_RATE_LIMIT=str(LIMIT),
        ARCHIVE_RATE_LIMIT_WINDOW=str(LONG_WINDOW),
        ARCHIVE_TRUSTED_PROXIES="1",
    ) as env:
        set_up(env, seeds=False)
        with gunicorn(env, workers=2, log=data_dir / "gunicorn.log") as running:
            yield running


def get(url: str, forwarded_for: str) -> tuple[int, dict, str]:
    """As our proxy would send it: X-Forwarded-For with the client's address appended last."""
    request = urllib.request.Request(url, headers={"X-Forwarded-For": forwarded_for})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_limit_holds_across_workers_under_concurrent_requests(server):
    # GIVEN one client and a fresh counting window
    client = "198.51.100.1"
    fresh_window(client)
    # WHEN it sends 3 × the limit requests, 6 at a time, to two workers
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: get(server.url + "/api/", client), range(3 * LIMIT)))
    # THEN exactly LIMIT were served: no worker counted on its own and no concurrent count was lost
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200] * LIMIT + [429] * (2 * LIMIT)
    # AND the refusals are JSON under /api/ with a Retry-After
    refused = [(headers, body) for status, headers, body in answers if status == 429]
    assert all(0 < int(headers["Retry-After"]) <= LONG_WINDOW for headers, _ in refused)
    assert all(json.loads(body)["status"] == 429 for _, body in refused)


def test_a_forged_forwarded_for_does_not_rotate_the_counted_address(server):
    # GIVEN a client behind the proxy, which appends its real address
    client = "198.51.100.2"
    fresh_window(client)
    # WHEN the client forges a new left-most address on every request
    statuses = [get(server.url + "/api/", f"203.0.113.{i}, {client}")[0] for i in range(LIMIT + 2)]
    # THEN the limit still applies to it
    assert statuses == [200] * LIMIT + [429, 429]
    # AND the health check stays out of the limit
    assert get(server.url + "/healthz", client)[0] == 200

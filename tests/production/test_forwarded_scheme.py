"""Who may say a request came over HTTPS: only the proxy the archive is told it is behind."""

from __future__ import annotations

import urllib.request

import pytest

from tests.processes import seeded_server
from tests.production.test_production_server import fetch

pytestmark = pytest.mark.slow


def forwarded_https(url: str) -> int:
    status, _, _ = fetch(urllib.request.Request(url + "/help/", headers={"X-Forwarded-Proto": "https"}))  # noqa: S310 - loopback only
    return status


@pytest.mark.parametrize(("behind_proxy", "status"), [("0", 301), ("1", 200)])
def test_x_forwarded_proto_is_trusted_only_behind_a_proxy(tmp_path, behind_proxy, status):
    """GIVEN the production server redirecting plain HTTP to HTTPS, behind a proxy or not WHEN a client on the machine
    says `X-Forwarded-Proto: https` THEN it is believed behind a proxy alone (gunicorn trusted it from loopback
    whatever DJANGO_BEHIND_PROXY said)."""
    with seeded_server(tmp_path, DJANGO_SECURE_SSL_REDIRECT="1", DJANGO_BEHIND_PROXY=behind_proxy) as server:
        assert forwarded_https(server.url) == status
        assert fetch(server.url + "/help/")[0] == 301  # plain HTTP, no header: redirected either way

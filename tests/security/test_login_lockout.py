"""The login lockout counts the client's real address: behind N trusted proxies the X-Forwarded-For entry the
outermost one appended (the same address the rate limit counts, from the one ARCHIVE_TRUSTED_PROXIES setting),
never the left part a client can forge; with no trusted proxy, REMOTE_ADDR whatever the headers say."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from archive.ratelimit import client_ip

REPO = Path(__file__).resolve().parents[2]
PROXY = "127.0.0.1"  # REMOTE_ADDR of every request that came through the proxy
LOGIN = "/admin/login/?next=/admin/"
RIGHT = "right-password-123"
# What settings.py derives from ARCHIVE_TRUSTED_PROXIES for the lockout (and the setting itself).
DERIVED = ["ARCHIVE_TRUSTED_PROXIES", "AXES_IPWARE_PROXY_ORDER", "AXES_IPWARE_PROXY_COUNT"]
DERIVED += ["AXES_IPWARE_META_PRECEDENCE_ORDER", "IPWARE_STRICT"]

pytestmark = pytest.mark.django_db


@functools.cache
def settings_for(proxies: int) -> dict:
    """The settings a fresh process reads from the environment, given only ARCHIVE_TRUSTED_PROXIES."""
    env = {**os.environ, "ARCHIVE_TRUSTED_PROXIES": str(proxies)}
    names = f"{{n: getattr(s, n) for n in {DERIVED!r} if hasattr(s, n)}}"
    code = f"import json, archive.settings as s; print(json.dumps({names}))"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture
def trusted_proxies(settings):
    """Apply what settings.py makes of ARCHIVE_TRUSTED_PROXIES=N, as a deployment would."""

    def apply(proxies: int) -> None:
        for name, value in settings_for(proxies).items():
            setattr(settings, name, tuple(value) if isinstance(value, list) else value)

    return apply


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=RIGHT, is_staff=True)


def log_in(client, password: str, **meta: str):
    return client.post(LOGIN, {"username": "editor", "password": password}, **meta)


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_bad_passwords_from_one_client_behind_the_proxy_do_not_lock_out_another(client, editor, trusted_proxies):
    # GIVEN the app behind one trusted proxy, which appends each client's address to X-Forwarded-For
    trusted_proxies(1)
    # WHEN client A tries five wrong passwords
    for _ in range(5):
        assert not logged_in(log_in(client, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"))
    # THEN client A is locked out, even with the right password
    locked = log_in(client, RIGHT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code in (403, 429) and not logged_in(locked)
    # AND the editor can still log in from client B behind the same proxy
    assert logged_in(log_in(client, RIGHT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.20"))


def test_a_locked_out_editor_gets_a_page_saying_for_how_long(client, editor):
    # GIVEN five wrong passwords WHEN the editor tries again THEN a 429 page in the site's layout (it was 64 bytes
    # of bare text: no title, no language, no way on) says how long the lock lasts, and Retry-After says it too
    for _ in range(5):
        log_in(client, "wrong")
    locked = log_in(client, RIGHT)
    html = locked.content.decode()
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 3600
    assert 'class="site-header"' in html and '<html lang="en' in html and "<title>" in html
    assert "Too many failed sign-ins" in html and "try again in an hour" in html


@pytest.mark.parametrize("proxies", [1, 2])
def test_a_forged_left_most_forwarded_for_cannot_escape_the_lockout(client, editor, trusted_proxies, proxies):
    # GIVEN the app behind N trusted proxies: the outermost appends the client, the ones inside append it
    trusted_proxies(proxies)
    appended = "198.51.100.7" + "".join(f", 10.0.0.{hop}" for hop in range(2, proxies + 1))
    # WHEN a client sends a different forged X-Forwarded-For (none, one or two entries) with each wrong password
    for attempt in range(5):
        forged = "".join(f"203.0.{attempt}.{n}, " for n in range(attempt % 3))
        log_in(client, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged + appended)
    # THEN after five failures it is locked out, whatever it forges next
    locked = log_in(client, RIGHT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {appended}")
    assert locked.status_code in (403, 429) and not logged_in(locked)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, editor, trusted_proxies):
    # GIVEN no proxy in front: the peer address is the client
    trusted_proxies(0)
    # WHEN one client tries five wrong passwords, each with a different made-up X-Forwarded-For
    for attempt in range(5):
        log_in(client, "wrong", REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    # THEN it is locked out, with or without the header
    locked = log_in(client, RIGHT, REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert locked.status_code in (403, 429) and not logged_in(locked)
    assert not logged_in(log_in(client, RIGHT, REMOTE_ADDR="192.0.2.44"))
    # AND claiming to be that client in the header does not lock anyone else out
    assert logged_in(log_in(client, RIGHT, REMOTE_ADDR="192.0.2.45", HTTP_X_FORWARDED_FOR="192.0.2.44"))


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded"),
    [
        (0, "192.0.2.1", "198.51.100.7"),
        (1, PROXY, "198.51.100.7"),
        (1, PROXY, "8.8.8.8, 198.51.100.7"),
        (1, PROXY, "not-an-address, 10.1.2.3"),
        (1, PROXY, "2001:db8::1, 2001:db8:1::7"),
        (2, "10.0.0.3", "8.8.8.8, 198.51.100.7, 10.0.0.2"),
        (2, "10.0.0.3", "1.1.1.1, 8.8.8.8, 198.51.100.7, 10.0.0.2"),
    ],
)
def test_the_lockout_and_the_rate_limit_count_the_same_address(settings, trusted_proxies, proxies, remote, forwarded):
    # GIVEN only ARCHIVE_TRUSTED_PROXIES set, as the deployment does
    trusted_proxies(proxies)
    # WHEN a request carries a (partly forged) X-Forwarded-For
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    # THEN django-axes resolves the same client address as the rate limit
    assert get_client_ip_address(request) == client_ip(request)
    assert client_ip(request) == (remote if proxies == 0 else forwarded.split(", ")[-proxies])

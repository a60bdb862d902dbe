"""The rate limit counts the client's real address: behind N trusted proxies the X-Forwarded-For entry the
outermost one appended (counted from the right), never the left part a client can forge; 429 in the layout."""

import pytest
from django.test import RequestFactory

from archive.ratelimit import client_ip
from tests.web.ratelimit_window import LONG_WINDOW, fresh_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_one_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.ARCHIVE_TRUSTED_PROXIES = 1
    settings.ARCHIVE_RATE_LIMIT = 3
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW


def test_a_forged_left_most_forwarded_for_cannot_rotate_the_counted_address(client, behind_one_proxy):
    # GIVEN a client behind our proxy (REMOTE_ADDR is the proxy, which appends the client's address)
    fresh_window("198.51.100.7")
    # WHEN it sends a different forged X-Forwarded-For with each request
    statuses = [
        client.get(
            "/api/search/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.{i}.1, 203.0.113.{i}, 198.51.100.7"
        ).status_code
        for i in range(5)
    ]
    # THEN all its requests count against the one address the proxy appended
    assert statuses == [200, 200, 200, 429, 429]
    # AND another client behind the same proxy is not affected
    other = client.get("/api/search/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.9.1, 198.51.100.8")
    assert other.status_code == 200


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, settings):
    # GIVEN no proxy in front: the peer address is the client
    settings.ARCHIVE_TRUSTED_PROXIES = 0
    settings.ARCHIVE_RATE_LIMIT = 2
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW
    fresh_window("192.0.2.44")
    # WHEN one client sends made-up X-Forwarded-For headers
    statuses = [
        client.get("/feeds/search/", REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
        for i in range(3)
    ]
    # THEN they change nothing
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "extra", "expected"),
    [
        (1, "127.0.0.1", "198.51.100.7", {}, "198.51.100.7"),
        (1, "127.0.0.1", "8.8.8.8, 198.51.100.7", {}, "198.51.100.7"),
        (1, "127.0.0.1", "not-an-address, 198.51.100.7", {}, "198.51.100.7"),
        # a private client: ipware must not prefer a public address from a header the client sent
        (1, "127.0.0.1", "10.1.2.3", {"HTTP_CLIENT_IP": "8.8.8.8", "HTTP_X_REAL_IP": "8.8.4.4"}, "10.1.2.3"),
        # two proxies: the outer one appended the client, the inner one the outer proxy
        (2, "10.0.0.3", "8.8.8.8, 198.51.100.7, 10.0.0.2", {}, "198.51.100.7"),
        # no header from the proxy: the peer
        (1, "127.0.0.1", None, {}, "127.0.0.1"),
        (0, "192.0.2.1", "198.51.100.7", {}, "192.0.2.1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, extra, expected):
    settings.ARCHIVE_TRUSTED_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote, **extra}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_the_429_page_is_in_the_site_layout_with_retry_after(client, settings):
    # GIVEN a limit of one request per window
    settings.ARCHIVE_RATE_LIMIT = 1
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW
    fresh_window("127.0.0.1")
    assert client.get("/", {"q": "pakistan"}).status_code == 200
    # WHEN the page, the API and a feed are asked for again
    page, api, feed = client.get("/", {"q": "pakistan"}), client.get("/api/search/"), client.get("/feeds/search/")
    # THEN each is a 429 with Retry-After: the page in the site layout, the API as JSON
    assert [page.status_code, api.status_code, feed.status_code] == [429, 429, 429]
    assert all(0 < int(response["Retry-After"]) <= LONG_WINDOW for response in (page, api, feed))
    html = page.content.decode()
    assert 'class="site-header"' in html and 'name="q"' in html and "Too many requests" in html
    assert api.json() == {"error": api.json()["error"], "status": 429}
    # AND the message says how long to wait, as Retry-After does
    assert f"try again in {int(api['Retry-After'])} seconds" in api.json()["error"]
    # AND so is a search's concordance, which reads its articles' text
    assert client.get("/concordance/", {"q": "pakistan"}).status_code == 429
    # AND a timeline (a count a month) and its CSV, which were not limited
    assert client.get("/timeline/", {"q": "pakistan"}).status_code == 429
    assert client.get("/timeline/export.csv", {"q": "pakistan"}).status_code == 429
    # AND an article reached from a search, which runs that search to place it among its results, and the
    # selection, which writes every article's citation: both cost what a search costs (they were not limited)
    assert client.get("/articles/1/any/", {"back": "q=oil OR copper"}).status_code == 429
    assert client.get("/selected/", {"ids": "1,2,3", "style": "apa"}).status_code == 429
    # AND the alert form, which runs the search it is for (a client over the limit searched on through it)
    assert client.get("/alerts/new/", {"q": "oil OR copper"}).status_code == 429
    # AND pages that are not searches are not limited, an article read on its own among them
    assert client.get("/help/").status_code == 200 and client.get("/healthz").status_code != 429
    assert client.get("/articles/1/any/").status_code == 404


def test_every_counted_answer_says_the_clients_budget(client, settings):
    # GIVEN a limit of three requests per window
    settings.ARCHIVE_RATE_LIMIT = 3
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW
    fresh_window("127.0.0.1")
    # WHEN a script asks four times THEN each answer says how many it may still send and when the count starts afresh
    answers = [client.get("/api/search/", {"q": "pakistan"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a["RateLimit-Limit"] for a in answers} == {"3"}
    assert all(0 < int(a["RateLimit-Reset"]) <= LONG_WINDOW for a in answers)
    # AND a page the limit does not count carries none
    assert "RateLimit-Limit" not in client.get("/help/")


def test_a_busy_database_lets_the_request_through_at_once_and_says_so(client, settings, monkeypatch, caplog):
    """GIVEN SQLite's write lock held by a long write (a bulk tag change, an import) WHEN a search is asked for
    THEN its counter waits a moment, not the 20 s busy timeout (searches took 24 to 60 s during bulk actions), and
    the request is served; the log says the database was busy, not to check that the user can write to it."""
    from django.db import OperationalError, connection

    from archive import ratelimit

    settings.ARCHIVE_RATE_LIMIT = 100
    waits = []

    def locked(*args, **kwargs):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                waits.append(cursor.execute("PRAGMA busy_timeout").fetchone()[0])
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "get_usage", locked)
    with caplog.at_level("WARNING", logger="archive"):
        assert client.get("/api/search/").status_code == 200
    assert "the database was busy" in caplog.text and "check that this user can write" not in caplog.text
    if connection.vendor == "sqlite":
        assert waits and waits[0] <= 500  # milliseconds
        with connection.cursor() as cursor:  # and the connection's own timeout is back for what follows
            assert (
                cursor.execute("PRAGMA busy_timeout").fetchone()[0]
                == settings.DATABASES["default"]["OPTIONS"]["timeout"] * 1000
            )

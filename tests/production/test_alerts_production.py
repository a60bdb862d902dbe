"""Issue 20, items 1-3 in production mode: gunicorn with DJANGO_DEBUG=0 serves the alert pages over real HTTP,
mails go through SMTP (aiosmtpd on loopback), and send_alerts runs as cron would run it (SQLite or PostgreSQL)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.alerts.helpers import WORD, links, smtp_server, text_of, write_articles
from tests.processes import archive_env, gunicorn, manage, set_up
from tests.production.test_production_server import NoRedirect, fetch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(server, environment, inbox): a seeded production server whose mail goes to a test SMTP server."""
    data_dir = tmp_path_factory.mktemp("alerts-production")
    with smtp_server() as inbox:
        mail_env = {"EMAIL_HOST": inbox.host, "EMAIL_PORT": str(inbox.port), "ARCHIVE_SITE_URL": "http://archive.test",
                    "DEFAULT_FROM_EMAIL": "Archive <alerts@archive.test>", "ARCHIVE_ALERT_SETTLE_SECONDS": "0",
                    "ARCHIVE_RATE_LIMIT": "0"}  # fmt: skip
        with archive_env(data_dir, production=True, **mail_env) as env:
            set_up(env)
            with gunicorn(env, log=data_dir / "gunicorn.log") as server:
                yield server, env, inbox


def browser():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)


def post_form(opener, url: str, page: str, **fields) -> tuple[int, str]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    status, _, body = fetch(url, opener=opener, data=data)
    return status, body


def test_subscribe_confirm_alert_and_one_click_unsubscribe_over_http(site, tmp_path):
    server, env, inbox = site
    reader = browser()
    # GIVEN the search page's alert link, followed
    _, _, search = fetch(server.url + f"/?q={WORD}", opener=reader)
    link = re.search(r'href="(/alerts/new/[^"]*)"', search).group(1)
    status, _, form = fetch(server.url + link.replace("&amp;", "&"), opener=reader)
    assert status == 200 and 'name="website"' in form
    # WHEN the form is sent THEN the confirmation mail goes out through SMTP
    status, page = post_form(reader, server.url + "/alerts/new/", form, email="prod@example.org",
                             frequency="daily", search=f"q={WORD}", website="")  # fmt: skip
    assert status == 200 and "Check your inbox" in page, page[:2000]
    (confirmation,) = inbox.wait_for(1)
    (confirm_path,) = links(confirmation, "alerts/confirm")
    status, _, confirm_page = fetch(server.url + confirm_path, opener=reader)
    assert status == 200
    status, page = post_form(reader, server.url + confirm_path, confirm_page)
    assert status == 200 and "Alert confirmed" in page
    # WHEN a matching article is imported and cron runs send_alerts
    articles = [("p1", f"Production {WORD}", f"The {WORD} in production.")]
    manage(env, "import_articles", str(write_articles(tmp_path, articles)), "--no-progress", check=True)
    assert manage(env, "send_alerts", check=True).stdout.startswith("1 alert mail(s) with 1 article(s)")
    # THEN it arrives, and the article and manage links work on the server
    alert = inbox.wait_for(2)[1]
    assert f"Production {WORD}" in text_of(alert)
    assert fetch(server.url + links(alert, "articles")[0])[0] == 200
    status, _, manage_page = fetch(server.url + links(alert, "alerts/manage")[0])
    assert status == 200 and f"“{WORD}”" in manage_page
    # WHEN the mail program unsubscribes with one click (no cookie, no CSRF token) THEN the alert stops
    unsubscribe = alert["List-Unsubscribe"].strip()[1:-1].replace("http://archive.test", server.url)
    assert fetch(unsubscribe, data=b"List-Unsubscribe=One-Click")[0] == 200
    assert "already stopped" in fetch(unsubscribe)[2]
    assert manage(env, "send_alerts", check=True).stdout.startswith("0 alert mail(s)")


@pytest.mark.parametrize(
    ("path", "status"),
    [("/alerts/new/?q=trade&country=PK", 200), ("/alerts/confirm/nonsense/", 400),
     ("/alerts/unsubscribe/nonsense/", 400), ("/alerts/manage/nonsense/", 400), ("/alerts/", 404)],
)  # fmt: skip
def test_alert_pages_answer_in_the_sites_layout(site, path, status):
    server, _, _ = site
    answer, headers, body = fetch(server.url + path)
    assert answer == status and 'class="site-header"' in body, body[:2000]
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_a_form_without_its_csrf_token_is_refused(site):
    server, _, inbox = site
    before = len(inbox.messages)
    data = urllib.parse.urlencode({"email": "x@example.org", "frequency": "daily", "search": "q=x"}).encode()
    status, _, body = fetch(server.url + "/alerts/new/", data=data)
    assert status == 403 and "CSRF" in body and len(inbox.messages) == before

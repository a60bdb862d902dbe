"""Error pages in the site's layout (header, search box, a way back), JSON under /api/; errors are logged
with their traceback; the favicon answers."""

import io
import logging
from html import unescape

import pytest
from django.test import Client

from archive.models import Article

pytestmark = pytest.mark.django_db

FAILING_URLS = "tests.web.failing_urls"  # tests/web/failing_urls.py


def assert_in_layout(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'class="site-header"' in html  # the site's header and navigation
    assert 'role="search"' in html and 'name="q"' in html  # a search box
    assert 'href="/"' in html  # a way back
    assert f"Error {status}" in html
    return html


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status
    data = response.json()
    assert data["status"] == status and data["error"]
    return data


def test_a_missing_page_is_a_404_in_the_site_layout(client):
    # WHEN a page that does not exist is asked for
    response = client.get("/no-such-page/")
    # THEN the answer is a 404 page with the header, a search box and a way back
    html = assert_in_layout(response, 404)
    assert "Page not found" in html


def test_a_missing_api_resource_is_a_json_404(client):
    # WHEN an API address that does not exist is asked for
    response = client.get("/api/no-such-thing/")
    # THEN the answer is JSON, not HTML
    assert_json_error(response, 404)


@pytest.mark.parametrize(
    "url", ["/api/search/?q=oil", "/api/articles/{pk}/", "/api/countries/", "/api/search/export?format=csv"]
)
def test_the_api_answers_head_as_get_without_the_body(client, archive, url):
    # GIVEN an API address a link checker or a monitor asks about
    url = url.format(pk=Article.objects.order_by("pk").first().pk)
    # WHEN it asks with HEAD
    head, get = client.head(url), client.get(url)
    # THEN the answer is GET's, status and type, without the body
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert (b"".join(head.streaming_content) if head.streaming else head.content) == b""


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("post", "/api/search/", "GET, HEAD"),
        ("delete", "/api/articles/1/", "GET, HEAD"),
        ("get", "/api/batch/", "POST"),
    ],
)
def test_a_wrong_method_under_the_api_is_a_json_405(client, method, url, allowed):
    # WHEN an API address is asked with a method it does not answer
    response = getattr(client, method)(url)
    # THEN the answer is JSON in the API's error shape, naming the methods it answers
    data = assert_json_error(response, 405)
    assert response["Allow"] == allowed and allowed.replace(", ", " or ") in data["error"]


def test_a_deleted_articles_address_says_it_was_removed(client, archive, django_capture_on_commit_callbacks):
    # GIVEN an article a reader cited, since deleted by an editor
    article = Article.objects.order_by("pk").first()
    url, api = article.get_absolute_url(), f"/api/articles/{article.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    # WHEN its address is followed THEN the answer is 410 Gone, saying when, in the site layout (JSON in the API),
    # and not naming what was removed
    html = assert_in_layout(client.get(url), 410)
    assert "was removed from the archive on" in html and article.title not in html
    assert "was removed from the archive on" in assert_json_error(client.get(api), 410)["error"]
    # AND an address that never held an article is still a 404
    assert client.get("/articles/999999/nothing/").status_code == 404


def test_a_bad_request_is_a_400_in_the_site_layout(client):
    # WHEN a request names a host the site does not serve (Django refuses it as a bad request)
    page = client.get("/help/", HTTP_HOST="evil.example")
    api = client.get("/api/search/", HTTP_HOST="evil.example")
    # THEN pages get the 400 page and the API gets JSON
    assert_in_layout(page, 400)
    assert_json_error(api, 400)


def test_a_failed_csrf_check_is_a_403_page_that_says_what_to_do():
    # GIVEN a client whose form post carries no CSRF token
    client = Client(enforce_csrf_checks=True)
    # WHEN it posts the admin login form
    response = client.post("/admin/login/", {"username": "someone", "password": "x"})
    # THEN it gets the 403 page in the site layout, explaining the failed check
    html = assert_in_layout(response, 403)
    assert "CSRF" in html and "cookies" in html


@pytest.mark.urls(FAILING_URLS)
def test_permission_denied_is_a_403_page_or_json(client):
    assert "Forbidden" in assert_in_layout(client.get("/forbidden/"), 403)
    assert_json_error(client.get("/api/forbidden/"), 403)


@pytest.fixture
def stderr_log():
    """What the configured stderr handler writes, captured (the handler stays the one settings.LOGGING made)."""
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "stderr")
    captured = io.StringIO()
    previous = handler.setStream(captured)
    yield captured
    handler.setStream(previous)


def test_a_request_for_another_host_is_logged_in_one_line(stderr_log, settings):
    # GIVEN a scanner asking for the server by its address (a proxy passes any Host on)
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="203.0.113.7")
    # THEN it gets a 400, and the log one line naming the host: no traceback burying the real errors
    assert response.status_code == 400
    log = stderr_log.getvalue()
    assert "Invalid HTTP_HOST header: '203.0.113.7'" in log and "Traceback" not in log
    assert len(log.strip().splitlines()) == 1


@pytest.mark.urls(FAILING_URLS)
@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/disk-full/", "The archive's disk is full: what was sent could not be saved."),
        ("/database-down/", "The archive's database cannot be reached just now"),
    ],
)
def test_a_database_that_cannot_be_reached_or_written_is_a_503_that_says_so(stderr_log, path, said):
    # GIVEN a database stopped, or a disk full under it WHEN a page needs it
    client = Client(raise_request_exception=False)
    response = client.get(path)
    # THEN the reader gets a 503 saying what happened, to try again (it was "Something went wrong on our side")
    html = unescape(assert_in_layout(response, 503))
    assert said in html and "Search unavailable" not in html and int(response["Retry-After"]) > 0
    # AND the operator's log has the error with its traceback
    assert "Traceback" in stderr_log.getvalue() and "OperationalError" in stderr_log.getvalue()
    # AND under /api/ the answer is JSON
    if path == "/database-down/":
        assert said in assert_json_error(client.get("/api/database-down/"), 503)["error"]


@pytest.mark.urls(FAILING_URLS)
def test_a_view_that_raises_is_a_500_page_and_its_traceback_is_logged(stderr_log):
    # GIVEN a client that gets the server's answer instead of the exception
    client = Client(raise_request_exception=False)
    # WHEN a view raises
    page = client.get("/boom/")
    api = client.get("/api/boom/")
    # THEN the reader gets the 500 page in the site layout (JSON under /api/)
    assert "Server error" in assert_in_layout(page, 500)
    assert_json_error(api, 500)
    # AND the error is logged to stderr with its traceback, whatever DEBUG is
    log = stderr_log.getvalue()
    assert "ERROR django.request" in log and "Internal Server Error: /boom/" in log
    assert "Traceback (most recent call last)" in log and "RuntimeError: boom from a view" in log


def test_the_500_page_renders_without_a_request_context(rf):
    from archive.errors import server_error

    # GIVEN a request no middleware has touched (no user, no session: as when the database is down)
    request = rf.get("/")
    # WHEN the 500 handler renders
    response = server_error(request)
    # THEN it still renders the page in the site layout
    assert_in_layout(response, 500)


def test_errors_of_the_archive_logger_go_to_stderr_with_traceback(stderr_log):
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "stderr")
    archive_logger = logging.getLogger("archive.somewhere")
    assert handler in logging.getLogger("archive").handlers
    try:
        raise ValueError("index unreadable")
    except ValueError:
        archive_logger.exception("While checking")
    assert "ERROR archive.somewhere" in stderr_log.getvalue()
    assert "ValueError: index unreadable" in stderr_log.getvalue()


def test_favicon_is_linked_and_answers_at_favicon_ico(client):
    # GIVEN any page of the site
    html = client.get("/help/").content.decode()
    # THEN it links an SVG icon, and /favicon.ico sends browsers to that file
    assert 'rel="icon"' in html and "archive/favicon" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")
    from django.contrib.staticfiles import finders

    assert finders.find("archive/favicon.svg")  # served by whitenoise (fetched over HTTP in tests/production)


@pytest.mark.parametrize(
    ("method", "address", "data"),
    [
        ("get", "/articles/9223372036854775808/cite.ris", {}),
        ("get", "/articles/99999999999999999999999/cite.bib", {}),
        ("get", "/selected/", {"ids": "1", "removed": "²"}),
    ],
)
def test_numbers_no_article_can_have_are_not_found_not_a_500(client, archive, method, address, data):
    # GIVEN an id past a 64-bit key (SQLite cannot bind it) or a digit int() refuses ("²" is a digit to isdigit())
    # WHEN asked for THEN an answer, not a server error
    assert getattr(client, method)(address, data).status_code in (200, 404)

"""Under gunicorn with DEBUG off, a view that raises answers the 500 page and its traceback reaches stderr."""

import urllib.error
import urllib.request

import pytest

from tests.processes import archive_env, gunicorn, set_up

pytestmark = pytest.mark.slow


def test_a_500_under_gunicorn_logs_its_traceback_to_stderr(tmp_path):
    # GIVEN the production server (its stderr in a log file) with the archive's URLs plus a view that raises
    log = tmp_path / "gunicorn.log"
    with archive_env(tmp_path / "data", production=True, DJANGO_SETTINGS_MODULE="tests.web.failing_settings") as env:
        set_up(env, seeds=False)
        with gunicorn(env, workers=1, log=log) as server:
            # WHEN that view is asked for
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(server.url + "/boom/", timeout=60)  # noqa: S310 - loopback
            page = answer.value.read().decode()
    # THEN the reader gets the 500 page in the site layout
    assert answer.value.code == 500
    assert 'class="site-header"' in page and "Server error" in page and "boom" not in page
    # AND the server's stderr has the error with its whole traceback
    text = log.read_text()
    assert "ERROR django.request" in text and "Internal Server Error: /boom/" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom from a view" in text

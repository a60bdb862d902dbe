"""The archive's settings with views that fail on purpose (tests/web/failing_urls.py), for a server in a test."""

from archive.settings import *  # noqa: F403

ROOT_URLCONF = "tests.web.failing_urls"

"""Fixtures of the alert tests: a real SMTP server Django sends through, imports, confirmed alerts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from archive.importers import import_paths
from archive.models import Subscription
from tests.alerts.helpers import WORD, smtp_server, smtp_settings, write_articles


@pytest.fixture
def inbox(settings):
    with smtp_server() as server:
        for name, value in smtp_settings(server).items():
            setattr(settings, name, value)
        settings.ARCHIVE_SITE_URL = "http://testserver"
        settings.ARCHIVE_ALERT_SETTLE_SECONDS = 0  # no import is left open in these tests
        yield server


@pytest.fixture
def add_articles(tmp_path, django_capture_on_commit_callbacks):
    """Import (and index, as after a real commit) articles (reference, title, body); each call its own file."""
    calls = []

    def add(*articles: tuple[str, str, str]) -> None:
        calls.append(1)
        with django_capture_on_commit_callbacks(execute=True):
            report = import_paths([write_articles(tmp_path, list(articles), name=f"new-{len(calls)}.jsonl")])
        assert report.total("new") == len(articles), report

    return add


@pytest.fixture
def alert(db):
    """A confirmed alert, as the confirmation link leaves it (it looks at articles entering from now on)."""

    def make(email: str = "reader@example.org", query: str = f"q={WORD}", **fields) -> Subscription:
        now = timezone.now()
        values = {"confirmed_at": now, "matched_until": now, "next_due_at": now, **fields}
        return Subscription.objects.create(email=email, query=query, **values)

    return make

"""`manage.py preflight`: the production server does not start without the rate limits' counter table
(`createcachetable` not run: every limit was off, silently but for one log line, and preflight exited 0)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from archive import ratelimit

pytestmark = pytest.mark.django_db


def test_preflight_passes_with_the_counter_table(monkeypatch):
    # GIVEN a database set up as `make setup` leaves it WHEN preflight looks for the table THEN it passes
    monkeypatch.setattr(ratelimit, "_table_seen", False)
    call_command("preflight")


def test_preflight_refuses_to_start_without_the_counter_table(no_counter_table):
    # GIVEN a database whose counter table was never made WHEN preflight runs THEN it fails, saying what to run
    with pytest.raises(SystemCheckError, match=r"archive\.E009: The rate limits' table archive_ratelimit does not"):
        call_command("preflight")
    with pytest.raises(SystemCheckError, match="createcachetable"):
        call_command("preflight")

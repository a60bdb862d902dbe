"""archive/admin/alerts.py: editors see every alert with its address masked, its state, and disable it."""

from __future__ import annotations

from django.utils import timezone

from archive.admin.alerts import masked
from archive.models import Subscription
from tests.admin.helpers import last_message, run_action


def test_masked_addresses():
    assert masked("jane.doe@example.org") == "j•••@e•••.org"
    assert masked("x@localhost") == "x•••@l•••"


def test_the_list_masks_addresses_and_says_why_an_alert_stopped(editor_client):
    # GIVEN an active alert and one given up after refused sends
    Subscription.objects.create(email="jane.doe@example.org", query="q=trade", confirmed_at=timezone.now())
    Subscription.objects.create(
        email="gone@example.net", query="q=oil", confirmed_at=timezone.now(), failures=5, gave_up_at=timezone.now()
    )
    page = editor_client.get("/admin/archive/subscription/").content.decode()
    # THEN the list shows masked addresses, never whole ones, and each alert's state
    assert "j•••@e•••.org" in page and "jane.doe" not in page and "gone@example.net" not in page
    assert "given up after 5 refused sends" in page and "active" in page
    assert editor_client.get("/admin/archive/subscription/?state=gave_up").content.decode().count("g•••@") == 1


def test_editors_disable_and_enable_alerts(editor_client):
    subscription = Subscription.objects.create(email="a@example.org", confirmed_at=timezone.now(), failures=5)
    response = run_action(editor_client, "subscription", "disable", [subscription.pk])
    assert "1 alert(s) disabled" in last_message(response)
    assert not Subscription.objects.active().exists()
    run_action(editor_client, "subscription", "enable", [subscription.pk])
    subscription.refresh_from_db()
    assert not subscription.disabled and subscription.failures == 0
    assert editor_client.get(f"/admin/archive/subscription/{subscription.pk}/change/").status_code == 200
    assert editor_client.get("/admin/archive/subscription/add/").status_code == 403

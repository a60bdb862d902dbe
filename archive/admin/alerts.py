"""E-mail alerts: every subscription with its address partly masked, its state and failures; staff disable."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q

from archive.alerts import searches
from archive.models import Subscription


def masked(email: str) -> str:
    """j•••@e•••.org: enough to tell two apart, not enough to read an address off the screen."""
    local, _, domain = email.partition("@")
    name, dot, tld = domain.rpartition(".")
    if not name:
        name, dot, tld = domain, "", ""
    return f"{local[:1]}•••@{name[:1]}•••{dot}{tld}"


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"
    STATES = {
        "pending": Q(confirmed_at__isnull=True),
        "active": Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True, disabled=False, gave_up_at__isnull=True),
        "gave_up": Q(gave_up_at__isnull=False, unsubscribed_at__isnull=True),
        "disabled": Q(disabled=True),
        "unsubscribed": Q(unsubscribed_at__isnull=False),
    }

    def lookups(self, request, model_admin):
        return [(key, key.replace("_", " ")) for key in self.STATES]

    def queryset(self, request, queryset):
        return queryset.filter(self.STATES[self.value()]) if self.value() in self.STATES else queryset


def state(subscription: Subscription) -> str:
    if subscription.unsubscribed_at:
        return "unsubscribed"
    if subscription.disabled:
        return "disabled by staff"
    if subscription.gave_up_at:
        return f"given up after {subscription.failures} refused sends"
    return "active" if subscription.confirmed_at else "waiting for confirmation"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("address", "search", "frequency", "status", "failures", "last_sent_at", "created_at")
    list_filter = (StateFilter, "frequency")
    search_fields = ("=email",)  # the whole address, typed exactly: the list never shows it
    actions = ("disable", "enable")
    fields = ("address", "search", "frequency", "status", "disabled", "created_at", "confirmed_at",
              "last_sent_at", "next_due_at", "matched_until", "failures", "last_error", "gave_up_at")  # fmt: skip
    readonly_fields = tuple(name for name in fields if name != "disabled")

    @admin.display(description="address", ordering="email")
    def address(self, subscription: Subscription) -> str:
        return masked(subscription.email)

    @admin.display(description="search")
    def search(self, subscription: Subscription) -> str:
        return searches.describe(subscription.query)

    @admin.display(description="state")
    def status(self, subscription: Subscription) -> str:
        return state(subscription)

    def has_add_permission(self, request) -> bool:
        return False  # only the double opt-in creates one

    @admin.action(description="Disable the selected alerts (nothing more is sent)", permissions=["change"])
    def disable(self, request, queryset):
        count = queryset.update(disabled=True, claimed_until=None)
        self.message_user(request, f"{count} alert(s) disabled.", messages.SUCCESS)

    @admin.action(description="Enable the selected alerts again (failures reset)", permissions=["change"])
    def enable(self, request, queryset):
        count = queryset.update(disabled=False, gave_up_at=None, failures=0, last_error="")
        self.message_user(request, f"{count} alert(s) enabled.", messages.SUCCESS)

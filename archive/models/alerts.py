"""E-mail alerts: a subscription to a search, and the articles already mailed to it."""

from __future__ import annotations

import datetime as dt

from django.db import models

from archive.models.articles import Article


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed, not cancelled, not disabled by staff, not given up on after repeated failures."""
        return self.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, disabled=False, gave_up_at__isnull=True
        )

    def unclaimed(self, at: dt.datetime) -> SubscriptionQuerySet:
        return self.filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=at))

    def due(self, at: dt.datetime) -> SubscriptionQuerySet:
        return self.active().unclaimed(at).filter(next_due_at__lte=at)


class Subscription(models.Model):
    """An e-mail alert for a search (archive/alerts/): no account, double opt-in, one address per row."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    email = models.EmailField(max_length=254, db_index=True)
    query = models.TextField(blank=True, help_text="The search's parameters as a query string.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(auto_now_add=True)
    confirm_nonce = models.CharField(max_length=32, blank=True, help_text="Emptied when the link is used.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    disabled = models.BooleanField(default=False, help_text="Disabled by staff: nothing is sent.")
    # Articles that entered the archive up to this moment have been looked at for this alert.
    matched_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A send_alerts run owns the row until then (a killed run's claim lapses by itself).
    claimed_until = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Sends the mail server refused in a row.")
    last_error = models.CharField(max_length=300, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True, help_text="Too many refused sends: no more tries.")

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "e-mail alert"

    def __str__(self) -> str:
        return f"alert {self.pk} ({self.frequency})"


class SentAlert(models.Model):
    """An article mailed to a subscription: never mailed to it again."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "article"], name="unique_sent_alert")]

    def __str__(self) -> str:
        return f"article {self.article_id} to alert {self.subscription_id}"

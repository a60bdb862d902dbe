"""The gazetteers and where articles come from: sources, countries, organisations."""

from __future__ import annotations

import functools
from datetime import UTC

from django.conf import settings
from django.db import connections, models
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from archive.extraction.fixtures import ORGANISATION_KINDS
from archive.models.base import IndexedModel


class Source(IndexedModel):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", "Newspaper"
        AGENCY = "agency", "News agency"
        BROADCASTER = "broadcaster", "Broadcaster"
        WEBSITE = "website", "Website"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    domain = models.CharField(max_length=200, blank=True, help_text="e.g. dawn.com")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names files give this source.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "source"
        super().save(*args, **kwargs)


class Country(IndexedModel):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names to recognise in text.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def approved(self) -> OrganisationQuerySet:
        return self.filter(status=Organisation.Status.APPROVED)


class Organisation(IndexedModel):
    # The kinds the shipped fixture may give (archive.extraction.fixtures): INTERNATIONAL = "international",
    # labelled "International", and so on.
    Kind = models.TextChoices("Kind", [(kind.upper(), kind) for kind in ORGANISATION_KINDS])

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        PROPOSED = "proposed", "Proposed"  # found in text; not a facet until an editor approves it
        REJECTED = "rejected", "Rejected"  # an editor said no: kept so that no import proposes it again

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names to recognise in text.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED)
    # Derived, for triage (archive/proposals_triage.py): articles whose text names it, and when counted.
    mention_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    mentions_counted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["mention_count", "mentions_counted_at"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def label(self) -> str:
        return self.acronym or self.name

    @property
    def full_label(self) -> str:
        """ "ICC — International Criminal Court": an acronym alone may name two (the Cricket Council's too)."""
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


def records_version() -> tuple[str, float] | None:
    """The state of the sources', countries' and organisations' records, for answers that show what the index does
    not hold (aliases, links, an organisation's approval; a name the search resolves): a tag and the time of the
    last change, from their history, which every save and delete writes in its transaction (the newest row of
    each: ids only grow, AUTOINCREMENT on SQLite, a sequence on PostgreSQL). None when history is turned off
    (SIMPLE_HISTORY_ENABLED = False): a change could not be seen."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return None
    alias = Country.objects.db  # where the histories are too (`Country.history` makes a manager: 80 µs)
    with connections[alias].cursor() as cursor:
        cursor.execute(_records_sql(alias))
        row = cursor.fetchone()
    changed = 0.0
    for at in row[1::2]:  # a datetime, or (SQLite) its text in UTC
        if at is not None:
            at = parse_datetime(at) if isinstance(at, str) else at
            changed = max(changed, (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp())
    return ".".join(str(last or 0) for last in row[0::2]), changed


@functools.cache
def _records_sql(alias: str) -> str:
    """One statement for the three histories' newest row and time, each read from the end of an index (the ORM's
    aggregates took 1.2 ms, more than a kept answer; a row count would read the whole table)."""
    quote = connections[alias].ops.quote_name
    tables = [quote(model.history.model._meta.db_table) for model in (Source, Country, Organisation)]
    # Only the models' own table names, quoted, go into the statement.
    each = "(SELECT MAX(history_id) FROM {0}), (SELECT MAX(history_date) FROM {0})"
    return "SELECT " + ", ".join(each.format(table) for table in tables)

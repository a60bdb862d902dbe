"""The archive's data: sources, articles, the gazetteers and the tags that join them."""

from __future__ import annotations

import datetime as dt
import functools

from django import forms
from django.db import models, transaction
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import normalize_newlines, slugify
from simple_history.models import HistoricalRecords

from archive.dates import Precision  # the one Precision (also imported from here); the field's choices derive from it
from archive.extraction.fixtures import ORGANISATION_KINDS


class TagOrigin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    EDITOR = "editor", "Editor"
    IMPORTED = "imported", "Imported"  # given by the file itself (e.g. a JSON Lines export)


class PlainTextFormField(forms.CharField):
    """A textarea's text with LF line breaks: browsers post every line break as CRLF."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_newlines(value) if isinstance(value, str) else value


class PlainTextField(models.TextField):
    """Text people type or paste (a body, a bio), stored with LF line breaks however it arrives.

    Normalised on the way in at both depths: the form field (so a form sees an untouched textarea as
    unchanged: the admin's change message and history name only what the editor changed) and the
    save (so any other path stores the same text). Files are normalised by the ingest parsers;
    `raw_text`, the text exactly as received, is a plain TextField on purpose.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PlainTextFormField, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_newlines(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str) and "\r" in value:
            value = normalize_newlines(value)
            setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        # The column is an ordinary text column: migrations record Django's TextField, so they
        # never import this module (see archive/migrations: frozen, no application code).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


class IndexedModel(models.Model):
    """A model whose saves and deletes change what the index holds.

    Django sends post_save/post_delete after an autocommit save has committed; running them
    in one transaction means the index change their signals record (archive/signals.py)
    commits with the row or not at all. Inside an outer transaction nothing changes.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            return super().delete(*args, **kwargs)


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


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """What the public sees: search, API and feeds."""
        return self.filter(is_published=True)

    def needs_review(self) -> ArticleQuerySet:
        """A generated title or an unknown date that no editor has reviewed yet (some texts have no date)."""
        return self.filter(models.Q(title_generated=True) | models.Q(date_unknown=True), reviewed_at__isnull=True)

    def with_tags(self) -> ArticleQuerySet:
        """Source and active tags loaded in three queries; `active_*_tags()` then read plain lists.

        `to_attr` lists, not the managers' prefetch cache: Django clones a queryset per article
        to fill that cache, which cost more than the queries themselves on a page of results.
        """
        return self.select_related("source").prefetch_related(
            models.Prefetch(
                "country_tags",
                queryset=ArticleCountry.objects.active().select_related("country").order_by("country__name"),
                to_attr="_active_country_tags",
            ),
            models.Prefetch(
                "organisation_tags",
                queryset=ArticleOrganisation.objects.active()
                .select_related("organisation")
                .order_by("organisation__name"),
                to_attr="_active_organisation_tags",
            ),
        )


class CopyGroup(models.Model):
    """Articles that are copies of one story (syndicated versions, near-identical bodies)."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Copy group {self.pk}"


_PK_MARK, _SLUG_MARK = 987654321, "slug-mark"


@functools.lru_cache(maxsize=16)
def _article_url_parts(_prefix: str, _urlconf) -> tuple[str, str, str]:
    """An article's URL around its id and slug, for this URL prefix and URLconf."""
    url = reverse("archive:article", kwargs={"pk": _PK_MARK, "slug": _SLUG_MARK})
    head, rest = url.split(str(_PK_MARK))
    middle, tail = rest.split(_SLUG_MARK)
    return head, middle, tail


class Article(IndexedModel):
    title = models.CharField(max_length=500)
    title_generated = models.BooleanField(default=False, help_text="Made from the lead; needs an editor's title.")
    standfirst = models.JSONField(default=list, blank=True, help_text="Summary bullets.")
    body = PlainTextField()
    raw_text = models.TextField(help_text="The text exactly as received.")

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    url = models.URLField(max_length=1000, blank=True)
    author = models.CharField(max_length=200, blank=True)
    author_bio = PlainTextField(blank=True)
    dateline_place = models.CharField(max_length=100, blank=True)
    dateline_agency = models.CharField(max_length=100, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    precision = models.CharField(
        max_length=10, choices=[(p.value, p.label) for p in Precision], default=Precision.UNKNOWN
    )
    date_text = models.CharField(max_length=200, blank=True, help_text="The words the date came from.")
    date_unknown = models.BooleanField(default=False, help_text="No usable date in the text; needs an editor.")
    captions = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, default="en")

    checksum = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the normalised body.")
    import_ref = models.CharField(max_length=300, unique=True, help_text="Stable reference to where it came from.")
    # When the article entered the archive: e-mail alerts send what entered after their last look.
    imported_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=True, help_text="Unpublished articles are hidden from the public.")

    countries = models.ManyToManyField(Country, through="ArticleCountry", related_name="articles", blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="ArticleOrganisation", related_name="articles", blank=True
    )
    # NULL: no known copy. Set by archive.copies (detection) and by editors (split, join).
    copy_group = models.ForeignKey(CopyGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["raw_text"])

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["is_published", "published"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The review flag follows the date: setting a date clears it.
        self.date_unknown = self.published is None
        if self.published is None:
            self.precision = Precision.UNKNOWN
        elif self.precision == Precision.UNKNOWN:
            self.precision = Precision.DAY
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # A list links every article: reverse() once per URL prefix, then the id and slug put in its place
        # (an int and slugify's [a-z0-9_-]: nothing reverse() would quote).
        head, middle, tail = _article_url_parts(get_script_prefix(), get_urlconf())
        return f"{head}{self.pk}{middle}{self.slug}{tail}"

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "article"

    @property
    def published_display(self) -> str:
        """The date to the precision we know it."""
        return format_partial_date(self.published, self.precision)

    def active_country_tags(self) -> list[ArticleCountry]:
        loaded = getattr(self, "_active_country_tags", None)  # from with_tags()
        if loaded is not None:
            return loaded
        return [tag for tag in self.country_tags.all() if not tag.rejected]

    def active_organisation_tags(self) -> list[ArticleOrganisation]:
        loaded = getattr(self, "_active_organisation_tags", None)
        if loaded is not None:
            return loaded
        return [tag for tag in self.organisation_tags.all() if not tag.rejected]


class CopyFingerprint(models.Model):
    """An article's MinHash signature (archive.copies), kept to verify LSH candidates, and the editor's say."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="copy_fingerprint")
    signature = models.BinaryField(help_text="MinHash hash values, little-endian uint64.")
    checksum = models.CharField(max_length=64, help_text="The body checksum the signature was made from.")
    detached = models.BooleanField(
        default=False, help_text="An editor split it out of its group: detection never regroups it."
    )

    def __str__(self) -> str:
        return f"Fingerprint of article {self.article_id}"


class CopyBucket(models.Model):
    """One LSH band of an article's signature: articles sharing a (band, bucket) are candidate copies."""

    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["band", "bucket"], name="archive_copybucket_band_bucket")]

    def __str__(self) -> str:
        return f"Band {self.band} bucket {self.bucket} of article {self.article_id}"


def format_partial_date(value: dt.date | None, precision: str) -> str:
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year}"
    if precision == Precision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


class TagQuerySet(models.QuerySet):
    def active(self) -> TagQuerySet:
        """Tags that count: an editor's rejection keeps the row (so extraction never re-adds it) but hides it."""
        return self.filter(rejected=False)


class ArticleTag(IndexedModel):
    origin = models.CharField(max_length=10, choices=TagOrigin.choices, default=TagOrigin.EXTRACTED)
    mentions = models.PositiveIntegerField(default=0)
    rejected = models.BooleanField(default=False, help_text="An editor removed this tag; extraction won't re-add it.")

    objects = TagQuerySet.as_manager()

    class Meta:
        abstract = True


class ArticleCountry(ArticleTag):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="country_tags")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="article_tags")

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "country"], name="unique_article_country")]
        verbose_name = "country tag"

    def __str__(self) -> str:
        try:
            return self.country.code
        except Country.DoesNotExist:  # a historical tag whose country is gone
            return f"country {self.country_id} (deleted)"


class ArticleOrganisation(ArticleTag):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="organisation_tags")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="article_tags")

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "organisation"], name="unique_article_organisation")]
        verbose_name = "organisation tag"

    def __str__(self) -> str:
        try:
            return self.organisation.slug
        except Organisation.DoesNotExist:  # a historical tag whose organisation was merged away
            return f"organisation {self.organisation_id} (deleted)"


class IndexChange(models.Model):
    """An article whose index entry must be refreshed, recorded in the same transaction as the change.

    Not a foreign key: a deleted article must still reach the index as a removal.
    """

    article_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"article {self.article_id}"


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


class AttachmentQuerySet(models.QuerySet):
    def listed(self) -> AttachmentQuerySet:
        """For lists (the article page, the admin): everything but the bytes, in the message's order."""
        return self.defer("data").order_by("position", "pk")


class ArticleAttachment(models.Model):
    """A file that came with an article (an e-mail's attachment), kept as received.

    ``data`` holds the bytes when they are within ARCHIVE_MAX_ATTACHMENT_BYTES; a larger file is listed
    (name, type, size, checksum) with ``stored`` off. Served only as a download (archive/attachment_views.py).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField(default=1, help_text="Its place among the message's attachments.")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, help_text="As the message declared it.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(blank=True, default=b"")
    stored = models.BooleanField(default=True, help_text="Off when the file was over the size limit and not kept.")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="attachment_position_unique")]

    def __str__(self) -> str:
        return self.filename

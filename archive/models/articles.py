"""Articles and the tags that join them to countries and organisations."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

# the one Precision (also imported from here); the field's choices derive from it
from archive.dates import PartialDate, Precision
from archive.models.base import IndexedModel, PlainTextField
from archive.models.entities import Country, Organisation, Source


class TagOrigin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    EDITOR = "editor", "Editor"
    IMPORTED = "imported", "Imported"  # given by the file itself (e.g. a JSON Lines export)


def sees_unpublished(user) -> bool:
    """Whether `user` may read unpublished articles (their pages, text, citations, attachments): an editor who may
    view articles in the admin, not any staff account (a staff user without that permission is refused there)."""
    return bool(user is not None and user.has_perm("archive.view_article"))


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """What the public sees: search, API and feeds."""
        return self.filter(is_published=True)

    def visible_to(self, user) -> ArticleQuerySet:
        """Every article for an editor who may view them (`sees_unpublished`), the published ones for anyone else."""
        return self if sees_unpublished(user) else self.published()

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
                "country_tags", queryset=_shown_countries(ArticleCountry.objects), to_attr="_active_country_tags"
            ),
            models.Prefetch(
                "organisation_tags",
                queryset=_shown_organisations(ArticleOrganisation.objects),
                to_attr="_active_organisation_tags",
            ),
        )


# An article's active tags as every page lists them, by name: the same order whether loaded with `with_tags()`
# or read later from one article (an unordered read came back in any order on PostgreSQL).
def _shown_countries(tags) -> models.QuerySet:
    return tags.active().select_related("country").order_by("country__name")


def _shown_organisations(tags) -> models.QuerySet:
    return tags.active().select_related("organisation").order_by("organisation__name")


_PK_MARK, _SLUG_MARK = 987654321, "slug-mark"


@functools.lru_cache(maxsize=16)
def _article_url_parts(_prefix: str, _urlconf) -> tuple[str, str, str]:
    """An article's URL around its id and slug, for this URL prefix and URLconf."""
    url = reverse("archive:article", kwargs={"pk": _PK_MARK, "slug": _SLUG_MARK})
    head, rest = url.split(str(_PK_MARK))
    middle, tail = rest.split(_SLUG_MARK)
    return head, middle, tail


@functools.lru_cache(maxsize=4096)
def article_slug(title: str) -> str:
    # Lists and feeds link every article they show, and slugify's Unicode normalising and two regexes were
    # a few per cent of a search request; the same titles come back from search to search.
    # Cut to 80 characters, without the hyphen a cut can leave at the end ("…-of-southeast-/").
    return slugify(title)[:80].rstrip("-") or "article"


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
    # When the article last became public: its import, or an editor publishing it again (Article.save(),
    # curation.set_published). E-mail alerts send what became public after their last look, so an article held
    # back while an alert looked past its import is still sent once published.
    public_since = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    countries = models.ManyToManyField(Country, through="ArticleCountry", related_name="articles", blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="ArticleOrganisation", related_name="articles", blank=True
    )
    # NULL: no known copy. Set by archive.copies (detection) and by editors (split, join).
    copy_group = models.ForeignKey(
        "CopyGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["raw_text"])

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [
            models.Index(fields=["is_published", "published"]),
            # /writers/ counts bylines from this index alone, reading only the articles that have one.
            models.Index(fields=["author", "is_published", "source"], name="article_byline_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._published_as_loaded = article.__dict__.get("is_published")  # None: deferred, not known
        return article

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._published_as_loaded = self.__dict__.get("is_published")

    def save(self, *args, **kwargs) -> None:
        if self.is_published and self._was_unpublished():
            self.public_since = timezone.now()  # published again: new to alerts from now on
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "public_since"}
        self._published_as_loaded = self.is_published
        for name in _COMPOSED_FIELDS:  # as imports store them: "Zürich" typed decomposed is found, one writer
            value = getattr(self, name)
            if value and not value.isascii():
                setattr(self, name, unicodedata.normalize("NFC", value))
        # The review flag follows the date: setting a date clears it.
        self.date_unknown = self.published is None
        if self.published is None:
            self.precision = Precision.UNKNOWN
        elif self.precision == Precision.UNKNOWN:
            self.precision = Precision.DAY
        super().save(*args, **kwargs)

    def _was_unpublished(self) -> bool:
        """Whether the stored article is unpublished: as it was loaded (None: loaded without the field, not known),
        or, for an instance not loaded from the database (the history's "Revert" builds one from a version), as it
        is stored now."""
        if hasattr(self, "_published_as_loaded"):
            return self._published_as_loaded is False
        return self.pk is not None and Article.objects.filter(pk=self.pk, is_published=False).exists()

    @classmethod
    def removed_on(cls, pk: int):
        """When the article with this id was deleted (its history's last word), or None if it never was."""
        removed = cls.history.filter(id=pk, history_type="-").order_by("-history_date")
        return removed.values_list("history_date", flat=True).first()

    def get_absolute_url(self) -> str:
        # A list links every article: reverse() once per URL prefix, then the id and slug put in its place
        # (an int and slugify's [a-z0-9_-]: nothing reverse() would quote).
        head, middle, tail = _article_url_parts(get_script_prefix(), get_urlconf())
        return f"{head}{self.pk}{middle}{self.slug}{tail}"

    @property
    def slug(self) -> str:
        return article_slug(self.title)

    @property
    def published_display(self) -> str:
        """The date to the precision we know it."""
        return format_partial_date(self.published, self.precision)

    @property
    def published_iso(self) -> str | None:
        """YYYY-MM-DD, YYYY-MM or YYYY to the precision we know it (a <time datetime>: never an invented day)."""
        return PartialDate(self.published, Precision(self.precision)).isoformat()

    def active_country_tags(self) -> list[ArticleCountry]:
        loaded = getattr(self, "_active_country_tags", None)  # from with_tags()
        if loaded is not None:
            return loaded
        return list(_shown_countries(self.country_tags))

    def active_organisation_tags(self) -> list[ArticleOrganisation]:
        loaded = getattr(self, "_active_organisation_tags", None)
        if loaded is not None:
            return loaded
        return list(_shown_organisations(self.organisation_tags))


# Text an editor types (macOS may send "ü" as "u" and a combining mark), composed as imports compose it
# (`archive.ingest` ParsedArticle); the raw text stays as received.
_COMPOSED_FIELDS = ("title", "body", "author", "author_bio", "dateline_place", "dateline_agency")


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

"""The editors' admin: articles with their tags, the review queue, gazetteers, sources, imports, history.

Request handling only: what an action does lives in `archive.curation`, which records history and
index changes. Every view that writes runs in one transaction, so search shows the change as soon
as it commits.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.csrf import csrf_exempt
from simple_history.admin import SimpleHistoryAdmin

from archive import admin_import, curation
from archive.models import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    Country,
    Organisation,
    Precision,
    Source,
    TagOrigin,
)

# --- Form fields -----------------------------------------------------------------------------------


class LinesField(forms.CharField):
    """A list of strings (aliases) edited as one per line."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(line) for line in value]
        lines = (line.strip() for line in str(value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


YEAR_ONLY = re.compile(r"^(\d{4})$")
YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_partial_date(text: str) -> tuple[dt.date, str] | None:
    """'2023' -> (2023-01-01, year); '2023-06' or 'June 2023' -> (2023-06-01, month); else None."""
    text = (text or "").strip()
    try:
        if match := YEAR_ONLY.match(text):
            return dt.date(int(match[1]), 1, 1), Precision.YEAR
        if match := YEAR_MONTH.match(text):
            return dt.date(int(match[1]), int(match[2]), 1), Precision.MONTH
    except ValueError:
        return None
    for fmt in ("%B %Y", "%b %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date(), Precision.MONTH
        except ValueError:
            continue
    return None


class PartialDateField(forms.DateField):
    """A date field that also takes a year or a month, for dates known only that far."""

    widget = AdminDateWidget

    def to_python(self, value):
        if isinstance(value, str) and (partial := parse_partial_date(value)):
            return partial[0]
        return super().to_python(value)


class ArticleForm(forms.ModelForm):
    published = PartialDateField(
        required=False,
        label="Published",
        help_text="A full date, a month (2023-06 or June 2023) or a year (2023): the precision follows "
        "what you type unless you choose one. Month and year dates are stored as the 1st.",
    )

    class Meta:
        model = Article
        fields = [
            *("title", "title_generated", "standfirst", "body", "is_published"),
            *("published", "precision", "date_text"),
            *("source", "url", "author", "author_bio", "dateline_place", "dateline_agency", "captions", "language"),
        ]

    def clean(self):
        data = super().clean()
        if "published" in self.errors:
            return data
        published, precision = data.get("published"), data.get("precision") or Precision.UNKNOWN
        if published is None:
            precision = Precision.UNKNOWN
        else:
            if "published" in self.changed_data and "precision" not in self.changed_data:
                typed = parse_partial_date(self.data.get(self.add_prefix("published"), ""))
                precision = typed[1] if typed else Precision.DAY
            if precision == Precision.UNKNOWN:
                precision = Precision.DAY
            if precision == Precision.MONTH:
                published = published.replace(day=1)
            elif precision == Precision.YEAR:
                published = published.replace(month=1, day=1)
        data["published"], data["precision"] = published, precision
        if "title" in self.changed_data and "title_generated" not in self.changed_data:
            data["title_generated"] = False  # an editor's title is no longer a generated one
        return data


class GazetteerForm(forms.ModelForm):
    aliases = LinesField(help_text="Other names to recognise in text, one per line.")


# --- History ---------------------------------------------------------------------------------------


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin (per-object history, revert), with a revert in one transaction.

    Objects made without history (data migration, bulk paths) get a first version before an editor
    changes them, so the change can be reverted.
    """

    def save_model(self, request, obj, form, change):
        if change:
            curation.ensure_history_baseline(type(obj), [obj.pk])
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)


CHANGE_TYPES = {"+": "Added", "~": "Changed", "-": "Deleted"}


def tag_history(article_id: int, *, limit: int = 200) -> list[dict]:
    """The history of an article's tags, newest first, with a link to revert each version."""
    rows = []
    for tag_model, target_model in ((ArticleCountry, Country), (ArticleOrganisation, Organisation)):
        target = target_model._meta.model_name
        records = list(
            tag_model.history.filter(article_id=article_id)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        names = target_model.objects.in_bulk({getattr(r, f"{target}_id") for r in records})
        for record in records:
            target_id = getattr(record, f"{target}_id")
            state = [record.get_origin_display(), f"{record.mentions} mentions"]
            if record.rejected:
                state.append("rejected")
            rows.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "kind": capfirst(target_model._meta.verbose_name),
                    "label": str(names.get(target_id) or f"{target} #{target_id} (deleted)"),
                    "change": CHANGE_TYPES.get(record.history_type, record.history_type),
                    "state": ", ".join(state),
                    "revert_url": reverse(
                        f"admin:archive_{tag_model._meta.model_name}_simple_history",
                        args=[record.id, record.history_id],
                    ),
                }
            )
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows[:limit]


# --- Tags ------------------------------------------------------------------------------------------


class TagInline(admin.TabularInline):
    """One kind of tag on its article: the target (autocomplete), its origin, mentions and rejection.

    Rejecting keeps the row, so re-extraction never adds the tag back.
    """

    target = ""
    extra = 0
    readonly_fields = ["origin_label", "mentions"]

    def get_fields(self, request, obj=None):
        return [self.target, "origin_label", "mentions", "rejected"]

    @admin.display(description="Origin")
    def origin_label(self, tag) -> str:
        return tag.get_origin_display() if tag.pk else TagOrigin.EDITOR.label  # what a new row is saved as

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.target).order_by("rejected", f"{self.target}__name")


class CountryTagInline(TagInline):
    model = ArticleCountry
    target = "country"
    autocomplete_fields = ["country"]


class OrganisationTagInline(TagInline):
    model = ArticleOrganisation
    target = "organisation"
    autocomplete_fields = ["organisation"]


class TagRevertForm(forms.ModelForm):
    """A tag's own form (revert): refuses a version that would clash with the article's current tags."""

    def clean(self):
        data = super().clean()
        tag = self.instance
        target = TagAdmin.target_of(type(tag))
        target_id = getattr(tag, f"{target}_id")
        target_model = type(tag)._meta.get_field(target).related_model
        if not Article.objects.filter(pk=tag.article_id).exists():
            raise ValidationError("The article of this tag has been deleted.")
        if not target_model.objects.filter(pk=target_id).exists():
            raise ValidationError(f"The {target} of this tag has been deleted or merged.")
        clash = type(tag).objects.filter(article_id=tag.article_id, **{f"{target}_id": target_id}).exclude(pk=tag.pk)
        if clash.exists():
            raise ValidationError(f"The article already has another tag for this {target}; change that one instead.")
        return data


class TagAdmin(HistoryAdmin):
    """Tags are edited on their article; this admin is for a tag's history and reverting it."""

    form = TagRevertForm
    object_history_template = "admin/archive/tag_history.html"
    object_history_list_template = "admin/archive/tag_history_list.html"
    object_history_form_template = "admin/archive/tag_history_form.html"
    list_filter = ["origin", "rejected"]
    list_select_related = True

    @staticmethod
    def target_of(tag_model) -> str:
        return "country" if tag_model is ArticleCountry else "organisation"

    def get_fields(self, request, obj=None):
        return ["article", self.target_of(self.model), "origin", "mentions", "rejected"]

    def get_readonly_fields(self, request, obj=None):
        return ["article", self.target_of(self.model), "mentions"]

    def get_list_display(self, request):
        return ["__str__", "article", "origin", "mentions", "rejected"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_model_perms(self, request) -> dict:
        return {}  # not listed on the index

    @staticmethod
    def label(tag) -> str:
        """The tag's name, even for an old version whose country or organisation is gone."""
        target = TagAdmin.target_of(type(tag))
        related = type(tag)._meta.get_field(target).related_model
        if not related.objects.filter(pk=getattr(tag, f"{target}_id")).exists():
            return f"{tag._meta.verbose_name} #{tag.pk} (its {target} was deleted or merged)"
        return f"{tag.article_id}: {tag}"

    def history_view_title(self, request, obj):
        return f"History: {self.label(obj)}"

    def history_form_view_title(self, request, obj):
        return f"Revert {self.label(obj)}"

    def render_history_view(self, request, template, context, **kwargs):
        tag = context.get("original") or context.get("object")
        if tag is not None:
            context["tag_label"] = self.label(tag)
        return super().render_history_view(request, template, context, **kwargs)


# --- Article list filters --------------------------------------------------------------------------


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("needs", "Needs review"),
            ("title", "Generated title"),
            ("date", "Unknown date"),
            ("reviewed", "Reviewed"),
            ("unreviewed", "Not reviewed"),
        ]

    def queryset(self, request, queryset):
        return {
            "needs": lambda: queryset.needs_review(),
            "title": lambda: queryset.filter(title_generated=True),
            "date": lambda: queryset.filter(date_unknown=True),
            "reviewed": lambda: queryset.filter(reviewed_at__isnull=False),
            "unreviewed": lambda: queryset.filter(reviewed_at__isnull=True),
        }.get(self.value(), lambda: queryset)()


class TagFilter(admin.SimpleListFilter):
    """Articles with an active tag for one country / organisation (only those used are listed)."""

    tag_model = ArticleCountry
    target = "country"
    key = "code"

    def lookups(self, request, model_admin):
        target_model = self.tag_model._meta.get_field(self.target).related_model
        used = self.tag_model.objects.active().values(self.target)
        return [(getattr(obj, self.key), str(obj)) for obj in target_model.objects.filter(pk__in=used)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        tags = self.tag_model.objects.active().filter(
            article=OuterRef("pk"), **{f"{self.target}__{self.key}": self.value()}
        )
        return queryset.filter(Exists(tags))


class CountryFilter(TagFilter):
    title = "country"
    parameter_name = "country"


class OrganisationFilter(TagFilter):
    title = "organisation"
    parameter_name = "organisation"
    tag_model = ArticleOrganisation
    target = "organisation"
    key = "slug"


class TagOriginFilter(admin.SimpleListFilter):
    title = "tag origin"
    parameter_name = "tag_origin"

    def lookups(self, request, model_admin):
        return [
            *((value, f"Has {label.lower()} tags") for value, label in TagOrigin.choices),
            ("rejected", "Has rejected tags"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "rejected":
            wanted = {"rejected": True}
        elif value in TagOrigin.values:
            wanted = {"origin": value, "rejected": False}
        else:
            return queryset
        return queryset.filter(
            Exists(ArticleCountry.objects.filter(article=OuterRef("pk"), **wanted))
            | Exists(ArticleOrganisation.objects.filter(article=OuterRef("pk"), **wanted))
        )


# --- Articles --------------------------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "date",
        "precision",
        "source",
        "country_list",
        "organisation_list",
        "review",
        "is_published",
    ]
    list_filter = [
        ReviewFilter,
        ("source", admin.RelatedOnlyFieldListFilter),
        CountryFilter,
        OrganisationFilter,
        TagOriginFilter,
        "is_published",
        "precision",
    ]
    list_select_related = ["source"]
    search_fields = ["title", "body", "import_ref"]
    date_hierarchy = "published"
    autocomplete_fields = ["source"]
    readonly_fields = ["raw_text", "checksum", "import_ref", "imported_at", "updated_at", "date_unknown", "reviewed_at"]
    inlines = [CountryTagInline, OrganisationTagInline]
    actions = ["reextract_entities", "mark_reviewed", "publish", "unpublish", "reindex"]
    object_history_template = "admin/archive/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "title_generated", "standfirst", "body", "is_published"]}),
        ("Date", {"fields": ["published", "precision", "date_text", "date_unknown"]}),
        (
            "Source",
            {
                "fields": [
                    "source",
                    "url",
                    "author",
                    "author_bio",
                    "dateline_place",
                    "dateline_agency",
                    "captions",
                    "language",
                ]
            },
        ),
        ("Review", {"fields": ["reviewed_at"]}),
        (
            "Provenance",
            {"classes": ["collapse"], "fields": ["import_ref", "checksum", "imported_at", "updated_at", "raw_text"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_tags()  # the tag columns without a query per row

    def get_ordering(self, request):
        if request.GET.get(ReviewFilter.parameter_name) == "needs":
            return ["pk"]  # the review queue's order, which "Save and review next" follows
        return super().get_ordering(request)

    @admin.display(description="Date", ordering="published")
    def date(self, article: Article) -> str:
        return article.published_display or "—"

    @admin.display(description="Review", ordering="reviewed_at")
    def review(self, article: Article) -> str:
        needs = [what for what, flag in (("title", article.title_generated), ("date", article.date_unknown)) if flag]
        if needs:
            return "Needs " + " and ".join(needs)
        return f"Reviewed {article.reviewed_at:%d %b %Y}" if article.reviewed_at else ""

    @admin.display(description="Countries")
    def country_list(self, article: Article) -> str:
        return ", ".join(tag.country.code for tag in article.active_country_tags())

    @admin.display(description="Organisations")
    def organisation_list(self, article: Article) -> str:
        return ", ".join(tag.organisation.label for tag in article.active_organisation_tags())

    def has_add_permission(self, request) -> bool:
        return False  # articles come from files: see "Import files"

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(["archive.add_article", "archive.change_article"])

    def get_urls(self):
        import_view = self.admin_site.admin_view(csrf_exempt(self.import_view))
        return [path("import/", import_view, name="archive_article_import"), *super().get_urls()]

    def import_view(self, request):
        return admin_import.import_view(self, request)

    # The change form: tags, the review queue.

    def save_model(self, request, obj, form, change):
        if "_review_next" in request.POST:
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model not in (ArticleCountry, ArticleOrganisation):
            return super().save_formset(request, form, formset, change)
        target = TagAdmin.target_of(formset.model)
        tags = formset.save(commit=False)
        touched = [tag.pk for tag in formset.deleted_objects] + [tag.pk for tag, _ in formset.changed_objects]
        curation.ensure_history_baseline(formset.model, touched)
        kept = 0
        for tag in formset.deleted_objects:
            if tag.origin == TagOrigin.EDITOR:
                tag.delete()
            else:  # deleted, extraction (or the file) would add it back: reject it instead
                tag.rejected = True
                tag.save()
                kept += 1
        for tag, changed in formset.changed_objects:
            if target in changed or ("rejected" in changed and not tag.rejected):
                tag.origin = TagOrigin.EDITOR  # the editor's decision now
        for tag in formset.new_objects:
            tag.origin = TagOrigin.EDITOR
        for tag in tags:
            tag.save()
        formset.save_m2m()
        if kept:
            self.message_user(
                request,
                f"{kept} {formset.model._meta.verbose_name}(s) not added by an editor were rejected rather than "
                "deleted, so extraction will not add them back.",
                messages.INFO,
            )
        return None

    def response_change(self, request, obj):
        if "_review_next" not in request.POST:
            return super().response_change(request, obj)
        opts = self.opts
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": opts}
        following = curation.next_for_review(after=obj.pk)
        if following is None:
            self.message_user(request, f"Saved “{obj}”. That was the last article in the review queue.")
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?review=needs"
            return HttpResponseRedirect(url)
        self.message_user(request, f"Saved and marked “{obj}” reviewed. Next in the review queue:")
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[following.pk])
        return HttpResponseRedirect(add_preserved_filters(preserved, url))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "review_count": Article.objects.needs_review().count()}
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_count": Article.objects.needs_review().count(),
            "can_import": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "tag_history": tag_history(object_id)}
        return super().history_view(request, object_id, extra_context)

    # Actions: each one call to a curation service.

    @admin.action(description="Re-extract entities (keeps editors' tags and rejections)", permissions=["change"])
    def reextract_entities(self, request, queryset):
        done = curation.reextract(queryset)
        self.message_user(request, f"Re-extracted entities for {done} article(s); editors' tags and rejections kept.")

    @admin.action(description="Mark reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        done = curation.mark_reviewed(queryset, user=request.user)
        self.message_user(request, f"Marked {done} article(s) reviewed.")

    @admin.action(description="Publish", permissions=["change"])
    def publish(self, request, queryset):
        done = curation.set_published(queryset, True, user=request.user)
        self.message_user(request, f"Published {done} article(s); they are in public search now.")

    @admin.action(description="Unpublish (hide from public search, API and feeds)", permissions=["change"])
    def unpublish(self, request, queryset):
        done = curation.set_published(queryset, False, user=request.user)
        self.message_user(request, f"Unpublished {done} article(s); only staff can see them now.")

    @admin.action(description="Reindex", permissions=["change"])
    def reindex(self, request, queryset):
        done = curation.reindex(queryset)
        self.message_user(request, f"Queued {done} article(s) for reindexing.")


# --- Merging (organisations, sources) --------------------------------------------------------------


def merge_action(model_admin, request, queryset, *, service, what: str):
    """Ask which entry to keep, then call `service(keep=..., merge=..., user=...)`."""
    entries = list(queryset)
    if len(entries) < 2:
        model_admin.message_user(request, f"Select at least two {what} to merge.", messages.WARNING)
        return None
    if request.POST.get("confirm_merge"):
        keep = next((entry for entry in entries if str(entry.pk) == request.POST.get("keep")), None)
        if keep is None:
            model_admin.message_user(request, "Choose the one to keep.", messages.ERROR)
        else:
            try:
                report = service(keep=keep, merge=[e for e in entries if e.pk != keep.pk], user=request.user)
            except curation.CurationError as error:
                model_admin.message_user(request, str(error), messages.ERROR)
            else:
                model_admin.message_user(request, report.summary(), messages.SUCCESS)
            return None
    suggested = max(
        entries,
        key=lambda e: (getattr(e, "status", "approved") == "approved", getattr(e, "article_count", 0), -e.pk),
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Merge {what}",
        "what": what,
        "entries": entries,
        "suggested": suggested,
        "opts": model_admin.opts,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/archive/merge_confirmation.html", context)


# --- Gazetteers and sources ------------------------------------------------------------------------


def active_tag_count(relation: str) -> Count:
    return Count(relation, filter=Q(**{f"{relation}__rejected": False}), distinct=True)


@admin.display(description="Aliases")
def alias_list(obj) -> str:
    aliases = obj.aliases or []
    return ", ".join(aliases[:5]) + (f" (+{len(aliases) - 5})" if len(aliases) > 5 else "")


@admin.display(description="Articles", ordering="article_count")
def article_count(obj) -> int:
    return obj.article_count


@admin.register(Country)
class CountryAdmin(HistoryAdmin):
    form = GazetteerForm
    list_display = ["name", "code", alias_list, article_count]
    search_fields = ["name", "code", "aliases"]
    fields = ["name", "code", "aliases"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=active_tag_count("article_tags")).order_by("name")

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    form = GazetteerForm
    list_display = ["name", "acronym", alias_list, "kind", "country", "status", article_count]
    list_filter = ["status", "kind", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "acronym", "slug", "aliases"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["acronym"]}
    fields = ["name", "acronym", "slug", "aliases", "kind", "country", "status"]
    actions = ["approve", "merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=active_tag_count("article_tags")).order_by("name")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == ArticleOrganisation._meta.model_name:
            queryset = queryset.approved()  # tagging autocomplete: proposed ones are not facets yet
        return queryset, may_have_duplicates

    @admin.action(description="Approve (and tag the articles that name them)", permissions=["change"])
    def approve(self, request, queryset):
        report = curation.approve_organisations(queryset, user=request.user)
        self.message_user(
            request, f"Approved {report.approved} organisation(s); re-extracted {report.reextracted} article(s)."
        )

    @admin.action(description="Merge into one…", permissions=["change", "delete"])
    def merge(self, request, queryset):
        return merge_action(self, request, queryset, service=curation.merge_organisations, what="organisations")


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["name", "domain", "kind", article_count]
    list_filter = ["kind"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles")).order_by("name")

    def delete_model(self, request, obj):
        curation.delete_sources(Source.objects.filter(pk=obj.pk), user=request.user)

    def delete_queryset(self, request, queryset):
        curation.delete_sources(queryset, user=request.user)

    @admin.action(description="Merge into one…", permissions=["change", "delete"])
    def merge(self, request, queryset):
        return merge_action(self, request, queryset, service=curation.merge_sources, what="sources")


admin.site.register(ArticleCountry, TagAdmin)
admin.site.register(ArticleOrganisation, TagAdmin)

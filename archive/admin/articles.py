"""The article screens: list, filters, the review queue, tags inline, actions and the import page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt

from archive import curation
from archive.admin import bulk_actions
from archive.admin import copies as copy_actions
from archive.admin import imports as admin_import
from archive.admin.article_filters import CountryFilter, OrganisationFilter, PublicFilter, ReviewFilter, TagOriginFilter
from archive.admin.attachments import DeletesAttachments, attachment_list
from archive.admin.concurrency import VERSION_FIELD
from archive.admin.forms import ArticleForm
from archive.admin.history import HistoryAdmin, TagAdmin, report_rejected, tag_history
from archive.admin.proposals import MentionsFilter
from archive.admin.recovery import RecoveryMixin
from archive.models import Article, ArticleCountry, ArticleOrganisation, TagOrigin


class PlaceholderAutocomplete(AutocompleteSelect):
    """The admin's autocomplete box with a placeholder: with nothing chosen, select2 names the box by its shown
    text, and Django's empty placeholder leaves it with no accessible name (axe: aria-input-field-name)."""

    def __init__(self, field, admin_site, *, placeholder: str, **kwargs) -> None:
        super().__init__(field, admin_site, **kwargs)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "data-placeholder": self.placeholder}


# --- Tags ------------------------------------------------------------------------------------------


class TagFormSet(BaseInlineFormSet):
    """A tabular inline's checkboxes have only a column heading: name each one after its row's tag, so a screen
    reader says "Reject Pakistan", not an unlabelled checkbox (axe: `label`, critical)."""

    target = ""  # the tagged field ("country", "organisation"), set by the inline

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        tag = form.instance
        name = str(getattr(tag, self.target)) if tag.pk and getattr(tag, f"{self.target}_id") else "the new tag"
        for field, verb in (("rejected", "Reject"), ("DELETE", "Delete")):
            if field in form.fields:
                form.fields[field].widget.attrs["aria-label"] = f"{verb} {name}"


class TagInline(admin.TabularInline):
    """One kind of tag on its article: the target (autocomplete), its origin, mentions and rejection.

    Rejecting keeps the row, so re-extraction never adds the tag back; deleting a tag an editor did
    not add rejects it (`curation.delete_tags`).
    """

    target = ""
    extra = 0
    formset = TagFormSet
    template = "admin/archive/article/tag_inline.html"
    readonly_fields = ["origin_label", "mentions"]

    def get_fields(self, request, obj=None):
        return [self.target, "origin_label", "mentions", "rejected"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.target = self.target
        return formset

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


# --- Articles --------------------------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(RecoveryMixin, DeletesAttachments, copy_actions.HidesDetectionRows, HistoryAdmin):
    form = ArticleForm
    list_display = [
        "short_title",
        "date",  # to its precision ("April 2025", "2025"): no column of its own
        "source",
        "country_list",
        "organisation_list",
        "review",
        "public",
        copy_actions.copy_group_link,
    ]
    list_filter = [
        ReviewFilter,
        ("source", admin.RelatedOnlyFieldListFilter),
        CountryFilter,
        OrganisationFilter,
        TagOriginFilter,
        ("is_published", PublicFilter),
        "precision",
        copy_actions.CopiesFilter,
        MentionsFilter,  # ?mentions=<organisation id>: from a proposal's mention count
    ]
    list_select_related = ["source"]
    search_fields = ["title", "body", "import_ref"]
    date_hierarchy = "published"
    autocomplete_fields = ["source"]
    readonly_fields = [
        "raw_text",
        "checksum",
        "import_ref",
        "imported_at",
        "public_since",
        "updated_at",
        "date_state",
        "reviewed_at",
        copy_actions.copy_versions,
        attachment_list,
    ]
    inlines = [CountryTagInline, OrganisationTagInline]
    actions = [
        bulk_actions.add_tag,
        bulk_actions.remove_tag,
        bulk_actions.set_source,
        "reextract_entities",
        "mark_reviewed",
        "publish",
        "unpublish",
        "reindex",
        copy_actions.split_copies,
        copy_actions.join_copies,
    ]
    object_history_template = "admin/archive/article/object_history.html"
    object_history_form_template = "admin/archive/article/object_history_form.html"
    fieldsets = [
        # What editors fix most comes first (title, date, then the tags, which the template places next).
        (None, {"fields": ["title", "title_generated", "is_published", VERSION_FIELD]}),
        ("Date", {"fields": ["published", "precision", "date_text", "date_state"]}),
        ("Text", {"fields": ["standfirst", "body"]}),
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
        ("Copies", {"fields": [copy_actions.copy_versions]}),
        ("Attachments", {"fields": [attachment_list]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": ["import_ref", "checksum", "imported_at", "public_since", "updated_at", "raw_text"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_tags()  # the tag columns without a query per row

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            kwargs["widget"] = PlaceholderAutocomplete(
                db_field, self.admin_site, placeholder="No source: type to find one"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and request.method == "POST" and transaction.get_connection().in_atomic_block:
            # The change form's version check (archive.admin.concurrency) compares with this row: lock it
            # first and read it again, so a save committing meanwhile cannot slip between (PostgreSQL).
            list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk", flat=True))
            article.refresh_from_db()
        return article

    def get_ordering(self, request):
        if request.GET.get(ReviewFilter.parameter_name) == "needs":
            return ["pk"]  # the review queue's order, which "Save and review next" follows
        return super().get_ordering(request)

    @admin.display(description="Title", ordering="title")
    def short_title(self, article: Article) -> str:
        """One line in the list (the stylesheet cuts it with an ellipsis); the whole title on hover."""
        return format_html('<span class="article-title" title="{}">{}</span>', article.title, article.title)

    @admin.display(description="Date status")
    def date_state(self, article: Article) -> str:
        if article.published is None:
            return "Unknown: no usable date in the text. Set it above (a year or a month is enough)."
        return f"Known, to the {article.get_precision_display().lower()}."

    @admin.display(description="Date", ordering="published")
    def date(self, article: Article) -> str:
        return article.published_display or "—"

    @admin.display(description="Review", ordering="reviewed_at")
    def review(self, article: Article) -> str:
        needs = [what for what, flag in (("title", article.title_generated), ("date", article.date_unknown)) if flag]
        if needs:
            return "Needs " + " and ".join(needs)
        return f"Reviewed {article.reviewed_at:%d %b %Y}" if article.reviewed_at else ""

    # "Public", not the field's "Is published": narrower (the copy group's column fits at 1366 px), and not read as the
    # publication date, which the form calls "Published".
    @admin.display(description="Public", boolean=True, ordering="is_published")
    def public(self, article: Article) -> bool:
        return article.is_published

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
        undo_view = self.admin_site.admin_view(self.undo_bulk_change_view)
        return [
            path("import/", import_view, name="archive_article_import"),
            path("undo-bulk-change/", undo_view, name="archive_article_undo_bulk_change"),
            *super().get_urls(),
        ]

    def undo_bulk_change_view(self, request):
        return bulk_actions.undo_view(self, request)

    def import_view(self, request):
        return admin_import.import_view(self, request)

    # The change form: tags, the review queue.

    def save_model(self, request, obj, form, change):
        if "_review_next" in request.POST:
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)
        if getattr(form, "cleared_url", ""):
            self.message_user(
                request,
                f"The stored source URL “{form.cleared_url[:200]}” was not a web address (an older import let it "
                "through) and has been cleared. Enter the right address if you know it.",
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model not in (ArticleCountry, ArticleOrganisation):
            return super().save_formset(request, form, formset, change)
        target = TagAdmin.target_of(formset.model)
        tags = formset.save(commit=False)
        curation.ensure_history_baseline(formset.model, [tag.pk for tag, _ in formset.changed_objects])
        # Extraction's are rejected; the article's own save is its new version (no second one)
        rejected = curation.delete_tags(formset.deleted_objects, user=request.user, touch=False)
        for tag, changed in formset.changed_objects:
            if target in changed or ("rejected" in changed and not tag.rejected):
                tag.origin = TagOrigin.EDITOR  # the editor's decision now
        for tag in tags:
            if tag not in formset.new_objects:
                tag.save()
        merged = curation.save_new_editor_tags(formset.new_objects)
        formset.save_m2m()
        if formset.new_objects or formset.changed_objects or formset.deleted_objects:
            curation.note_tags_changed(form.instance)
        if merged:
            self.message_user(
                request,
                f"Already tagged meanwhile (by someone else or by extraction): {', '.join(merged)}. "
                "Kept as one tag each, with your decision.",
                messages.INFO,
            )
        report_rejected(self, request, formset.model, rejected)
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
        self.message_user(request, f"Unpublished {done} article(s); only editors can see them now.")

    @admin.action(description="Reindex", permissions=["change"])
    def reindex(self, request, queryset):
        done = curation.reindex(queryset)
        self.message_user(request, f"Queued {done} article(s) for reindexing.")

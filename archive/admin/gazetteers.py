"""Countries, organisations and sources: aliases, article counts, approving and merging."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from archive import curation
from archive.admin import proposals
from archive.admin.forms import GazetteerForm, OrganisationForm, SourceForm
from archive.admin.history import HistoryAdmin
from archive.models import ArticleOrganisation, Country, Organisation, Source

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
    form = OrganisationForm
    list_display = ["name", "acronym", alias_list, "kind", "country", "status", article_count, proposals.mentions]
    list_filter = ["status", "kind", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "acronym", "slug", "aliases"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["acronym"]}
    fields = ["name", "acronym", "slug", "aliases", "kind", "country", "status", proposals.mentions]
    readonly_fields = [proposals.mentions]
    actions = ["approve", "merge", "reject"]

    def changelist_view(self, request, extra_context=None):
        if proposals.refresh_if_stale():  # the proposals' mention counts (one pass over the articles)
            self.message_user(
                request, "The proposals' mention counts are being counted again: reload in a minute.", messages.INFO
            )
        return super().changelist_view(request, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                OrganisationAdmin.delete_or_reject,
                "delete_selected",
                "Delete selected organisations (proposed ones are rejected)",
            )
        return actions

    def delete_or_reject(self, request, queryset):
        """Proposed ones are rejected at once (approving undoes it); approved ones go to Django's confirmation."""
        triage = queryset.filter(status__in=proposals.PROPOSALS)
        if triage.exists():
            proposals.delete(self, request, triage)
        approved = queryset.filter(status=Organisation.Status.APPROVED)
        return delete_selected(self, request, approved) if approved.exists() else None

    def save_model(self, request, obj, form, change):
        """Approving or rejecting on the form does what the list's actions do (tag the articles that name it; never
        propose it again): the other fields are saved here, the status by the action's service once committed."""
        status = obj.status
        was = form.initial.get("status") if change else Organisation.Status.PROPOSED
        decided = status != was and status in (Organisation.Status.APPROVED, Organisation.Status.REJECTED)
        if decided:
            obj.status = was
        super().save_model(request, obj, form, change)
        names = ("name", "acronym", "aliases")
        if (
            change
            and not decided
            and obj.status == Organisation.Status.APPROVED
            and set(names) & set(form.changed_data)
        ):
            before = Organisation(
                **{name: form.initial.get(name) or ([] if name == "aliases" else "") for name in names}
            )
            transaction.on_commit(lambda: self.retag_renamed(request, obj, before))
        if decided:
            chosen = Organisation.objects.filter(pk=obj.pk)
            if status == Organisation.Status.APPROVED:
                transaction.on_commit(lambda: self.approve(request, chosen))
            else:
                transaction.on_commit(lambda: self.reject(request, chosen))
            obj.status = status  # as the page's messages will name it

    def retag_renamed(self, request, obj: Organisation, before: Organisation) -> None:
        """Its names changed: the articles holding a name it gained are re-extracted, as approving does."""
        done = curation.reextract_renamed(obj, before=before)
        self.message_user(
            request,
            f"Its names changed: re-extracted {done} article(s) holding a new name.",
            messages.INFO,
        )

    def delete_model(self, request, obj):
        proposals.delete(self, request, Organisation.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        proposals.delete(self, request, queryset)

    def response_delete(self, request, obj_display, obj_id):
        if Organisation.objects.filter(pk=obj_id).exists():  # a proposal: rejected, not deleted
            return HttpResponseRedirect(reverse("admin:archive_organisation_changelist"))
        return super().response_delete(request, obj_display, obj_id)

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
        self.message_user(request, report.summary())

    @admin.action(description="Merge into one…", permissions=["change", "delete"])
    def merge(self, request, queryset):
        return merge_action(self, request, queryset, service=curation.merge_organisations, what="organisations")

    @admin.action(description="Reject (never propose them again)", permissions=["change"])
    def reject(self, request, queryset):
        proposals.reject(self, request, queryset)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    form = SourceForm
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

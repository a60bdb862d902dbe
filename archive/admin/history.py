"""History for every screen (who, when, what; revert in one transaction) and the tags' own screens (history, delete)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin

from archive import curation
from archive.admin import index_notice
from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin (per-object history, revert), with a revert in one transaction.

    Objects made without history (data migration, bulk paths) get a first version before an editor
    changes them, so the change can be reverted.
    """

    object_history_list_template = "admin/archive/object_history_list.html"
    object_history_form_template = "admin/archive/object_history_form.html"

    def save_model(self, request, obj, form, change):
        if change:
            curation.ensure_history_baseline(type(obj), [obj.pk])
        reverted_to = getattr(request, "reverted_to", None)
        if change and reverted_to is not None:
            # Its new version says which one it restored (the reason was blank, the message "changed successfully")
            when = date_format(localtime(reverted_to), "DATETIME_FORMAT")  # as the history page shows it
            obj._change_reason = f"Reverted to the version of {when}"
            self.message_user(request, f"Reverted “{obj}” to its version of {when}", messages.SUCCESS)
            request.revert_said = True
        super().save_model(request, obj, form, change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "revert_said", False) and level == messages.SUCCESS:
            return  # Django's "… was changed successfully" after the revert's own message, which says more
        super().message_user(request, message, level, *args, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        index_notice.start(request)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        return index_notice.warn_if_behind(request, response)  # saved, but the index could not be written

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        version = self.model.history.filter(id=object_id, history_id=version_id).values("history_date").first()
        request.reverted_to = version["history_date"] if version else None  # for save_model: the reason
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)


def report_rejected(model_admin: admin.ModelAdmin, request, tag_model, rejected: int) -> None:
    """Tell the editor that tags they deleted were rejected instead (`curation.delete_tags`)."""
    if rejected:
        model_admin.message_user(
            request,
            f"{rejected} {tag_model._meta.verbose_name}(s) not added by an editor were rejected rather than "
            "deleted, so extraction will not add them back.",
            messages.INFO,
        )


CHANGE_TYPES = {"+": "Added", "~": "Changed", "-": "Deleted"}
# A tag made without history (an import's bulk write) is recorded as it was just before its first change, at
# that moment and by nobody: "Added" then read as if someone had added it alongside the change.
BASELINE_CHANGE = "As it was before (first recorded)"


def _change(record) -> str:
    if record.history_change_reason == curation.BASELINE_REASON:
        return BASELINE_CHANGE
    return CHANGE_TYPES.get(record.history_type, record.history_type)


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
            # why, when its version says ("Undid the bulk change of …"); the baseline's is its change already
            reason = "" if record.history_change_reason == curation.BASELINE_REASON else record.history_change_reason
            if record.rejected:
                state.append("rejected")
            rows.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "kind": capfirst(target_model._meta.verbose_name),
                    "label": str(names.get(target_id) or f"{target} #{target_id} (deleted)"),
                    "change": _change(record),
                    "reason": reason or "",
                    "state": ", ".join(state),
                    "revert_url": reverse(
                        f"admin:archive_{tag_model._meta.model_name}_simple_history",
                        args=[record.id, record.history_id],
                    ),
                }
            )
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows[:limit]


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
    """Tags are edited on their article; this admin is for a tag's history, reverting it and deleting it.

    Deleting goes through `curation.delete_tags`, as on the article's form: a tag an editor did not add is
    rejected instead.
    """

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

    def delete_model(self, request, obj):
        report_rejected(self, request, self.model, curation.delete_tags([obj], user=request.user))

    def delete_queryset(self, request, queryset):
        report_rejected(self, request, self.model, curation.delete_tags(queryset, user=request.user))

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

    def response_post_save_change(self, request, obj):
        """After a revert, the article's history, where its tag changes are listed (tags have no list of their own)."""
        return HttpResponseRedirect(reverse("admin:archive_article_history", args=[obj.article_id]))

    def render_history_view(self, request, template, context, **kwargs):
        tag = context.get("original") or context.get("object")
        if tag is not None:
            context["tag_label"] = self.label(tag)
        return super().render_history_view(request, template, context, **kwargs)


admin.site.register(ArticleCountry, TagAdmin)
admin.site.register(ArticleOrganisation, TagAdmin)

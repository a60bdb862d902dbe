"""Bulk actions on the selected articles: add a tag, remove a tag, set the source.

Each asks what to apply, then shows what will change (how many of the selected articles, which ones,
how many tags are rejected rather than deleted) and changes nothing until the editor confirms. The
work is `archive.curation`'s (`plan_*` to preview, `add_tag` / `remove_tag` / `set_source` to apply):
history recorded, search updated as the transaction commits, editors' decisions kept.

A bulk tag change's message offers to undo it (a form the message list shows, `templates/admin/base_site.html`,
posting to `undo_view`): every tag it changed, and only those, put back as it was (`curation.undo_bulk_change`).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from archive import curation
from archive.models import ArticleCountry, ArticleOrganisation, Country, Organisation, Source
from archive.search import take_index_in_background

PREVIEW_TITLES = 50  # the confirmation page lists this many of the articles that change, then says how many more
# A message's extra tag naming the bulk change it reports, for the message list's Undo form (`undo_batch`).
UNDO_TAG = "bulk-change-"


def _tag_choices(queryset, *, add: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """Adding: every country and approved organisation. Removing: those the selection has, with how many."""
    if add:
        countries = [(f"country:{c.code}", str(c)) for c in Country.objects.order_by("name")]
        orgs = [
            (f"org:{o.slug}", f"{o.name} ({o.acronym})" if o.acronym else o.name)
            for o in Organisation.objects.approved().order_by("name")
        ]
    else:
        ids = queryset.values("pk")
        country_counts = (
            ArticleCountry.objects.active().filter(article__in=ids).values("country__code", "country__name")
        ).annotate(n=Count("article", distinct=True))
        org_counts = (
            ArticleOrganisation.objects.active()
            .filter(article__in=ids)
            .values("organisation__slug", "organisation__name")
            .annotate(n=Count("article", distinct=True))
        )
        countries = [
            (f"country:{row['country__code']}", f"{row['country__name']} ({row['n']})")
            for row in country_counts.order_by("country__name")
        ]
        orgs = [
            (f"org:{row['organisation__slug']}", f"{row['organisation__name']} ({row['n']})")
            for row in org_counts.order_by("organisation__name")
        ]
    return [("Countries", countries), ("Organisations", orgs)]


def _target(value: str) -> Country | Organisation | None:
    kind, _, key = value.partition(":")
    if kind == "country":
        return Country.objects.filter(code=key).first()
    if kind == "org":
        return Organisation.objects.filter(slug=key).first()
    return None


class TagChoiceForm(forms.Form):
    target = forms.ChoiceField(label="Tag")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose a country or organisation…"), *choices]


class SourceChoiceForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("name"), label="Source", empty_label="Choose a source…"
    )


def _page(model_admin, request, queryset, *, title: str, form, plan=None, verb: str = "", notes=()) -> TemplateResponse:
    across = request.POST.get("select_across") == "1"
    changing = (
        list(queryset.model.objects.filter(pk__in=plan.changing[:PREVIEW_TITLES]).order_by("title")) if plan else []
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "form": form,
        "plan": plan,
        "verb": verb,
        "notes": notes,
        "changing": changing,
        "more": len(plan.changing) - len(changing) if plan else 0,
        # "Select all N" is carried as such (the list's filters are in the URL the form posts back to) with one id,
        # which Django's action dispatch needs to see, not as N hidden ids: a selection over Django's 1,000 fields a
        # request (DATA_UPLOAD_MAX_NUMBER_FIELDS) was a 400.
        "select_across": across,
        "selected_ids": [str(pk) for pk in (queryset[:1] if across else queryset).values_list("pk", flat=True)],
        "selected_count": queryset.count(),
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/archive/article/bulk_action.html", context)


def _tag_action(model_admin, request, queryset, *, add: bool):
    choices = _tag_choices(queryset, add=add)
    title = "Add a tag to the selected articles" if add else "Remove a tag from the selected articles"
    if not add and not any(options for _, options in choices):
        model_admin.message_user(request, "None of the selected articles has a tag to remove.", messages.WARNING)
        return None
    form = TagChoiceForm(request.POST if "target" in request.POST else None, choices=choices)
    if not form.is_valid() or (target := _target(form.cleaned_data["target"])) is None:
        return _page(model_admin, request, queryset, title=title, form=form)
    if request.POST.get("confirm") != "yes":
        plan = curation.plan_tag(queryset, target, add=add)
        notes = []
        if not add and plan.rejecting:
            notes.append(
                f"{plan.rejecting} of these tags were found by extraction or given by a file: they are rejected "
                "(kept, inactive), so re-extraction or a re-import never adds them back."
            )
        verb = f"{'Add' if add else 'Remove'} “{target}”"
        return _page(model_admin, request, queryset, title=title, form=form, plan=plan, verb=verb, notes=notes)
    take_index_in_background()  # a note left on this thread by an earlier request is not this change's
    plan = (curation.add_tag if add else curation.remove_tag)(queryset, target, user=request.user)
    done = f"{'Tagged' if add else 'Removed'} “{target}” {'on' if add else 'from'} {len(plan.changing)} article(s)"
    if plan.unchanged:
        done += f"; {plan.unchanged} {'already had it' if add else 'did not have it'}"
    if plan.rejecting:
        done += f"; {plan.rejecting} extracted or imported tag(s) rejected"
    undo = UNDO_TAG + plan.batch if plan.changing else ""
    model_admin.message_user(request, done + _in_background() + ".", messages.SUCCESS, extra_tags=undo)
    return None


def undo_batch(message) -> str:
    """The bulk change a message reports, which its Undo form names; "" for any other message."""
    tags = getattr(message, "extra_tags", "") or ""
    return next((tag.removeprefix(UNDO_TAG) for tag in tags.split() if tag.startswith(UNDO_TAG)), "")


def undo_view(model_admin, request) -> HttpResponse:
    """Undo a bulk tag change (its message's form): back to the page the form was on, with what happened said."""
    if request.method != "POST":  # a change: never from a link or a prefetch
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    take_index_in_background()
    try:
        report = curation.undo_bulk_change(request.POST.get("batch", ""), user=request.user)
    except curation.CurationError as error:
        model_admin.message_user(request, str(error), messages.ERROR)
    else:
        model_admin.message_user(request, report.summary() + _in_background() + ".", messages.SUCCESS)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("admin:archive_article_changelist")
    return HttpResponseRedirect(back)


def _in_background() -> str:
    """What an action's message adds when its change was too big to index before answering."""
    articles = take_index_in_background()
    if not articles:
        return ""
    return f". Search shows it once the index has taken in the {articles:,} articles, in the background (minutes)"


@admin.action(description="Add a tag…", permissions=["change"])
def add_tag(model_admin, request, queryset):
    return _tag_action(model_admin, request, queryset, add=True)


@admin.action(description="Remove a tag…", permissions=["change"])
def remove_tag(model_admin, request, queryset):
    return _tag_action(model_admin, request, queryset, add=False)


@admin.action(description="Set the source…", permissions=["change"])
def set_source(model_admin, request, queryset):
    title = "Set the source of the selected articles"
    form = SourceChoiceForm(request.POST if "source" in request.POST else None)
    if not form.is_valid():
        return _page(model_admin, request, queryset, title=title, form=form)
    source = form.cleaned_data["source"]
    if request.POST.get("confirm") != "yes":
        plan = curation.plan_source(queryset, source)
        return _page(
            model_admin, request, queryset, title=title, form=form, plan=plan, verb=f"Set the source to “{source}”"
        )
    take_index_in_background()
    plan = curation.set_source(queryset, source, user=request.user)
    done = f"Set the source of {len(plan.changing)} article(s) to “{source}”"
    if plan.unchanged:
        done += f"; {plan.unchanged} had it already"
    model_admin.message_user(request, done + _in_background() + ".", messages.SUCCESS)
    return None

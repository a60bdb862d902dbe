"""Helpers for the admin tests: seed references, what search shows, and admin form data."""

from __future__ import annotations

import datetime as dt

from django.forms import CheckboxInput

from archive.search import SearchParams, search

# The seed articles, by import reference.
RUSSIA_TIES = "seeds/002_663fb898ec153f75.txt#1"  # PK, RU, US (one mention); SAARC, UN; date unknown
CONSULTATIONS = "seeds/003_5cf35de7a53bf458.txt#1"  # generated title; AF, PK, RU
ARMY_CHIEF = "seeds/004_466a4c17d71ee6e5.txt#1"  # PK, US; ISPR
CANADA_TRADE = "seeds/004_466a4c17d71ee6e5.txt#2"  # CA, PK; IMF; date unknown


def found(**params) -> list[int]:
    """Article ids public search returns (all on one page)."""
    return [hit.article_id for hit in search(SearchParams(per_page=100, **params)).hits]


def facet(name: str, **params) -> dict[str, int]:
    return {value.value: value.count for value in search(SearchParams(per_page=100, **params)).facets[name]}


def form_data(response) -> dict[str, object]:
    """The POST data of an admin change form as rendered (main form, inlines and management forms)."""
    data: dict[str, object] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update({field.html_name: field.value() for field in formset.management_form})
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
                continue
            if value is None:
                continue
            data[field.html_name] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def inline_row(data: dict[str, object], prefix: str, *, target_field: str, target_id: int) -> int:
    """The index of the inline row whose target is `target_id`."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index in range(total):
        if str(data.get(f"{prefix}-{index}-{target_field}")) == str(target_id):
            return index
    raise AssertionError(f"no {prefix} row for {target_field}={target_id}")


def tag_field(data: dict[str, object], target, name: str) -> str:
    """The form key of field `name` on the inline row tagging `target` (a Country or an Organisation)."""
    kind = type(target).__name__.lower()
    prefix = f"{kind}_tags"
    return f"{prefix}-{inline_row(data, prefix, target_field=kind, target_id=target.pk)}-{name}"


def add_inline_row(data: dict[str, object], prefix: str, **fields) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value


def run_action(client, model: str, action: str, ids, **extra):
    return client.post(
        f"/admin/archive/{model}/",
        {"action": action, "_selected_action": [str(pk) for pk in ids], **extra},
    )


def last_message(response) -> str:
    """The newest message the admin queued for the user."""
    return [str(message) for message in response.wsgi_request._messages][-1]

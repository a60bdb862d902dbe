"""The Editors group: staff who curate the archive, with exactly the permissions that needs.

`create_editor` puts new editors in it (and resets it); migration 0003 made it with a frozen copy
of these permissions, since a migration must not import application code that later changes.
"""

from __future__ import annotations

from django.apps import apps as global_apps

EDITORS_GROUP = "Editors"
_CURATE = ("view", "add", "change", "delete")
_HISTORY = ("view", "change")  # see and revert versions (when history permissions are enforced)
EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "article": _CURATE,  # add = import files
    "articlecountry": _CURATE,
    "articleorganisation": _CURATE,
    "country": ("view", "change"),  # aliases editable; the list of countries and their codes are fixed
    "organisation": _CURATE,
    "source": _CURATE,
    "subscription": ("view", "change"),  # e-mail alerts: see them (addresses masked), disable them (0006)
    "articleattachment": ("view", "change"),  # e-mail attachments: list them, import them as articles (0007)
    **{
        f"historical{name}": _HISTORY
        for name in ("article", "articlecountry", "articleorganisation", "country", "organisation", "source")
    },
}


def editor_permission_codenames() -> set[str]:
    """The group's permissions as `User.has_perms` names them."""
    return {f"archive.{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions}


def ensure_editors_group(*, apps=global_apps):
    """Create or reset the Editors group with exactly the curation permissions (and nothing on users).

    Creates the content types and permissions it needs if Django has not made them yet. Migration
    0003 holds a frozen copy of this: a change to EDITOR_PERMISSIONS reaches existing databases
    through `create_editor` or a new data migration.
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for model_name, actions in EDITOR_PERMISSIONS.items():
        opts = apps.get_model("archive", model_name)._meta
        content_type, _ = content_type_model.objects.get_or_create(app_label="archive", model=model_name)
        for action in actions:
            permission, _ = permission_model.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {opts.verbose_name_raw}"},
            )
            permissions.append(permission)
    group, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(permissions)
    return group

"""The Editors group, with exactly the permissions curation needs (nothing on users or groups).

Frozen: the permissions are those `archive.editors.EDITOR_PERMISSIONS` granted when this was
written, inline, so later changes to the archive cannot break `migrate` on a fresh database (a
later change to the group's permissions is a migration of its own).
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
_CURATE = ("view", "add", "change", "delete")
_HISTORY = ("view", "change")  # see and revert versions
EDITOR_PERMISSIONS = {
    "article": _CURATE,  # add = import files
    "articlecountry": _CURATE,
    "articleorganisation": _CURATE,
    "country": ("view", "change"),  # aliases editable; the list of countries and their codes are fixed
    "organisation": _CURATE,
    "source": _CURATE,
    **{
        f"historical{name}": _HISTORY
        for name in ("article", "articlecountry", "articleorganisation", "country", "organisation", "source")
    },
}


def create_group(apps, schema_editor):
    """Creates the content types and permissions it needs: Django makes them only after all migrations ran."""
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


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_load_gazetteers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

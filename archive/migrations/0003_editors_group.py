"""The Editors group, with exactly the permissions curation needs (nothing on users or groups)."""

from django.db import migrations


def create_group(apps, schema_editor):
    from archive.curation import ensure_editors_group

    ensure_editors_group(apps=apps)


def remove_group(apps, schema_editor):
    from archive.curation import EDITORS_GROUP

    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_load_gazetteers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

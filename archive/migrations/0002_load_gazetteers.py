"""The gazetteers are there right after `migrate`: extraction works in a brand-new data dir."""

from django.db import migrations


def load(apps, schema_editor):
    from archive.gazetteers import load_gazetteers

    load_gazetteers(country_model=apps.get_model("archive", "Country"),
                    organisation_model=apps.get_model("archive", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""`Article.public_since`: when the article last became public, what e-mail alerts send from (they read `imported_at`,
and an article an editor published again after an alert had looked past its import never reached it).

Existing articles keep what alerts did with them: each is public since its import. An article unpublished now gets
its own time when an editor publishes it."""

import django.utils.timezone
from django.db import migrations, models


def since_import(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        apps.get_model("archive", name).objects.update(public_since=models.F("imported_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_byline_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="public_since",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="public_since",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(since_import, migrations.RunPython.noop, elidable=True),
    ]

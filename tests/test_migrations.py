"""Migrations are frozen: they import no application code, and a fresh database migrates to the shipped state."""

import ast
import json
from pathlib import Path

import pytest

from archive.editors import EDITOR_PERMISSIONS
from archive.extraction import default_country_rows
from archive.extraction.fixtures import ORGANISATION_FIXTURE
from tests.processes import archive_env, manage

MIGRATIONS = Path(__file__).resolve().parents[1] / "archive" / "migrations"

# What a migrated database holds: the gazetteers and the Editors group's permissions.
DUMP = """
import json
from django.contrib.auth.models import Group
from archive.editors import EDITORS_GROUP
from archive.models import Country, Organisation
organisations = Organisation.objects.values("slug", "name", "acronym", "aliases", "kind", "country__code", "status")
editors = Group.objects.get(name=EDITORS_GROUP).permissions.select_related("content_type")
print(json.dumps({
    "countries": sorted(Country.objects.values_list("code", "name")),
    "organisations": sorted(organisations, key=lambda row: row["slug"]),
    "editors": sorted([p.content_type.app_label, p.codename, p.name] for p in editors),
}))
"""


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_migration_imports_application_code():
    # GIVEN every migration module WHEN its imports are read (also those inside functions)
    offenders = {
        path.name: sorted(m for m in imported_modules(path) if m == "archive" or m.startswith("archive."))
        for path in sorted(MIGRATIONS.glob("[0-9]*.py"))
    }
    # THEN none imports the archive's own code, which may change after the migration was written
    assert {name: modules for name, modules in offenders.items() if modules} == {}


def shipped_state() -> dict:
    """What the application's own code ships today: the state a fresh migrate must give."""
    from django.apps import apps

    countries = sorted([row["code"], row["name"]] for row in default_country_rows())
    codes = {code for code, _ in countries}
    organisations = [
        {
            "slug": row["slug"],
            "name": row["name"],
            "acronym": row.get("acronym", ""),
            "aliases": list(row.get("aliases", [])),
            "kind": row.get("kind", "other"),
            "country__code": row.get("country") if row.get("country") in codes else None,
            "status": "approved",
        }
        for row in json.loads(ORGANISATION_FIXTURE.read_text(encoding="utf-8"))
    ]
    editors = sorted(
        ["archive", f"{action}_{model}", f"Can {action} {apps.get_model('archive', model)._meta.verbose_name_raw}"]
        for model, actions in EDITOR_PERMISSIONS.items()
        for action in actions
    )
    return {"countries": countries, "organisations": sorted(organisations, key=lambda r: r["slug"]), "editors": editors}


@pytest.mark.slow
def test_a_fresh_database_migrates_to_the_shipped_gazetteers_and_editors_group(tmp_path):
    # GIVEN a new data dir and an empty database
    with archive_env(tmp_path) as env:
        # WHEN it is migrated (nothing else: no load_gazetteers, no create_editor)
        manage(env, "migrate", "--noinput", "-v0", check=True)
        dump = manage(env, "shell", "--no-imports", "-c", DUMP, check=True)
    state = json.loads(dump.stdout.strip().splitlines()[-1])
    # THEN it holds every shipped country and organisation and the Editors group with exactly its permissions
    expected = shipped_state()
    assert len(state["countries"]) > 240 and len(state["organisations"]) > 50
    assert state == expected


def test_0011_makes_every_existing_article_public_since_its_import(db) -> None:
    """GIVEN articles as they were before 0011 (its column filled with the time it was added)
    WHEN its data step runs
    THEN each article, and each history row, is public since its import: alerts send what they sent before."""
    import datetime as dt
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from archive.models import Article, Source

    step = importlib.import_module("archive.migrations.0011_article_public_since")
    source = Source.objects.create(name="Migration Wire", slug="migration-wire")
    for ref in ("a", "b"):
        Article.objects.create(title=ref, body=ref, raw_text=ref, checksum=ref, import_ref=ref, source=source)
    Article.objects.update(imported_at=timezone.now() - dt.timedelta(days=30))
    Article.history.update(imported_at=timezone.now() - dt.timedelta(days=30))

    step.since_import(apps, None)

    assert all(since == imported for imported, since in Article.objects.values_list("imported_at", "public_since"))
    assert all(since == imported for imported, since in Article.history.values_list("imported_at", "public_since"))

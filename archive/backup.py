"""Backup and restore: the database's content as a fixture in a tarball; the index is rebuilt from it.

The index holds nothing that is not in the database, so the database dump is all a restore needs.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from archive.models import Article
from archive.search import writer

FORMAT_VERSION = 1
# What a backup holds: every archive table (with history) and the accounts and groups editors use.
DUMPED = ["archive", "auth.user", "auth.group"]


@dataclass
class BackupReport:
    path: Path
    articles: int
    bytes: int


def backup(*, output: Path) -> BackupReport:
    data = io.StringIO()
    call_command("dumpdata", *DUMPED, natural_foreign=True, natural_primary=True, stdout=data)
    payload = data.getvalue().encode("utf-8")
    manifest = json.dumps(
        {
            "format": FORMAT_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "articles": Article.objects.count(),
        }
    ).encode("utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        for name, content in (("manifest.json", manifest), ("data.json", payload)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(content), int(time.time())
            archive.addfile(info, io.BytesIO(content))
    partial.replace(output)  # a backup file is complete or absent, never half-written
    return BackupReport(path=output, articles=Article.objects.count(), bytes=output.stat().st_size)


class RestoreError(Exception):
    pass


def _read(path: Path) -> tuple[dict, bytes]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            if set(members) != {"manifest.json", "data.json"} or not all(m.isfile() for m in members.values()):
                raise RestoreError("This is not an archive backup (unexpected contents).")
            manifest = json.load(archive.extractfile(members["manifest.json"]))
            data = archive.extractfile(members["data.json"]).read()
    except (tarfile.TarError, OSError, json.JSONDecodeError) as error:
        raise RestoreError(f"Cannot read the backup: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreError(f"Unsupported backup format {manifest.get('format')!r}.")
    return manifest, data


def restore(*, path: Path) -> dict:
    """Replace the database's content with the backup's, then rebuild the index. All or nothing."""
    manifest, data = _read(path)
    with tempfile.NamedTemporaryFile(suffix=".json") as fixture:
        fixture.write(data)
        fixture.flush()
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", fixture.name, verbosity=0)
    writer.rebuild()
    return manifest

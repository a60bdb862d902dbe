"""Building backups, good and malformed, for the restore tests."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

Manifest = dict | bytes
Data = list | bytes


def make_backup(path: Path, *, manifest: Manifest, data: Data | IO[bytes], data_size: int | None = None) -> Path:
    """A tarball laid out as backup_archive writes one; `data` may be a stream of `data_size` bytes."""
    raw_manifest = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    if isinstance(data, list):
        data = json.dumps(data).encode()
    if isinstance(data, bytes):
        data, data_size = io.BytesIO(data), len(data)
    with tarfile.open(path, "w:gz", compresslevel=1) as archive:
        for name, size, content in (
            ("manifest.json", len(raw_manifest), io.BytesIO(raw_manifest)),
            ("data.json", data_size, data),
        ):
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, content)
    return path


def read_backup(path: Path) -> tuple[dict, list]:
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        data = json.load(archive.extractfile("data.json"))
    return manifest, data


def counts_of(records: list) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in records:
        counts[record["model"]] = counts.get(record["model"], 0) + 1
    return counts


def manifest_for(records: list, **overrides) -> dict:
    """A format-2 manifest that tells the truth about `records` (unless overridden)."""
    counts = counts_of(records)
    return {
        "format": 2,
        "created": "2026-01-01T00:00:00Z",
        "articles": counts.get("archive.article", 0),
        "counts": counts,
        **overrides,
    }


def census() -> dict[str, int]:
    """Rows per model of every table a backup holds (archive's, with history; users; groups)."""
    found = [*apps.get_app_config("archive").get_models(), apps.get_model("auth.user"), apps.get_model("auth.group")]
    return {model._meta.label_lower: model._base_manager.count() for model in found}


def backups_dir() -> Path:
    return Path(settings.ARCHIVE_DATA_DIR) / "backups"


def take_backup(path: Path) -> Path:
    call_command("backup_archive", "--output", str(path), stdout=io.StringIO())
    return path


def safety_backups() -> list[Path]:
    return sorted(backups_dir().glob("before-restore-*.tar.gz"))


def leftovers() -> list[Path]:
    """Staging and partial files a restore must not leave behind."""
    return sorted(backups_dir().glob("restore-*")) + sorted(backups_dir().glob("*.partial"))


class _Repeated(io.RawIOBase):
    """`size` bytes of one byte value, `head` first and `tail` last, produced as they are read."""

    def __init__(self, size: int, fill: bytes = b" ", head: bytes = b"", tail: bytes = b"") -> None:
        self.parts = [head, None, tail]
        self.middle = size - len(head) - len(tail)
        self.fill = fill

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.parts:
            part = self.parts[0]
            if part is None:
                n = min(len(buffer), self.middle)
                buffer[:n] = self.fill * n
                self.middle -= n
                if not self.middle:
                    self.parts.pop(0)
                if n:
                    return n
                continue
            if not part:
                self.parts.pop(0)
                continue
            n = min(len(buffer), len(part))
            buffer[:n] = part[:n]
            self.parts[0] = part[n:]
            return n
        return 0


def repeated(size: int, fill: bytes = b" ", head: bytes = b"", tail: bytes = b"") -> IO[bytes]:
    """`size` bytes of `fill` between `head` and `tail`, made as they are read (tarfile wants full reads)."""
    return io.BufferedReader(_Repeated(size, fill, head, tail), buffer_size=1024 * 1024)


def seed_archive(seeds_dir) -> None:
    """The seeds with what a backup must hold (a transactional test may start from an emptied database)."""
    from archive.editors import ensure_editors_group
    from archive.gazetteers import load_gazetteers
    from archive.importers import import_paths

    load_gazetteers()
    ensure_editors_group()
    import_paths([seeds_dir])

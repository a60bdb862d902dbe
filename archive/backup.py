"""Backup and restore: the database's content as a fixture in a tarball; the index is rebuilt from it.

The index holds nothing that is not in the database, so the database dump is all a restore needs. A backup is
a gzipped tar of `manifest.json` (format, time, and how many records of each model) and `data.json` (Django's
JSON fixture: one array of records).

A restore is all or nothing, and checked before anything changes:
1. a safety backup of the archive as it is goes to <data dir>/backups/before-restore-<time>.tar.gz;
2. the tarball is read as a stream, never whole: each member's uncompressed size is capped
   (ARCHIVE_MAX_RESTORE_BYTES, checked against the tar header and again while reading), records are decoded
   one at a time, counted per model and copied to a staging file in the data dir (never /tmp);
3. the counts must equal the manifest's, and the data must hold what the archive needs (articles, the
   gazetteer, the Editors group) unless `allow_empty`;
4. the search index's write lock is taken (a writer holding it longer than ARCHIVE_INDEX_LOCK_WAIT refuses the
   restore here, nothing changed);
5. one transaction empties the database, loads the staging file and checks that the database now holds
   exactly the records counted; any failure rolls all of it back;
6. the search index is rebuilt, under the same lock.
Every refusal is a RestoreError whose message is one line.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tarfile
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction

from archive.backup_stream import Capped, JsonArray, RestoreError, one_line, too_big
from archive.editors import EDITORS_GROUP
from archive.search import IndexBusy, index_busy_message, rebuild

FORMAT_VERSION = 2  # 2: the manifest counts every model's records; 1: only the articles
READABLE_FORMATS = (1, 2)
# What a backup holds: every archive table (with history), the accounts and groups editors use, and the admin's
# log of their actions (a restore empties every table; sessions and login lock-outs are not kept: editors log in
# again).
DUMPED = ["archive", "auth.user", "auth.group", "admin.logentry"]
MEMBERS = ("manifest.json", "data.json")
MANIFEST_MAX_BYTES = 64 * 1024
# Rows the load itself adds (signals queue every loaded article for the index rebuild that follows): neither
# dumped nor loaded (a backup taken while an import ran held a queue whose ids a restore's own rows then took).
DERIVED = frozenset({"archive.indexchange"})
# What the archive cannot work without: a restore lacking any of them needs allow_empty.
REQUIRED = {
    "archive.article": "no articles",
    "archive.country": "no gazetteer countries",
    "archive.organisation": "no gazetteer organisations",
}


@dataclass
class BackupReport:
    path: Path
    articles: int
    bytes: int
    data_bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class RestoreReport:
    articles: int
    records: int
    created: str
    safety_backup: Path
    missing: list[str]  # what the archive needs and the backup lacked (only with allow_empty)


def max_restore_bytes() -> int:
    """Restores refuse a member whose uncompressed size is larger (a gzip of zeros is 1,000 times smaller)."""
    return settings.ARCHIVE_MAX_RESTORE_BYTES


def backups_dir() -> Path:
    return Path(settings.ARCHIVE_DATA_DIR) / "backups"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


# --- Backup -------------------------------------------------------------------------------------------


def backup(*, output: Path) -> BackupReport:
    """Write a backup to `output`: complete or absent, never half-written; nothing is held whole in memory."""
    output.parent.mkdir(parents=True, exist_ok=True)
    dump = output.with_name(output.name + ".data.partial")
    partial = output.with_name(output.name + ".partial")
    try:
        for private in (dump, partial):  # password hashes and subscribers' addresses: the owner's eyes only
            private.touch(mode=0o600)
            private.chmod(0o600)
        # dumpdata's own --output opens the file in the locale's encoding; the fixture is UTF-8.
        with dump.open("w", encoding="utf-8") as stream, _one_moment():
            call_command(
                "dumpdata",
                *DUMPED,
                exclude=sorted(DERIVED),
                natural_foreign=True,
                natural_primary=True,
                use_base_manager=True,
                stdout=stream,
            )
        # The manifest says what data.json holds, counted from the file itself.
        with dump.open("rb") as stream:
            counts, _groups = _scan(Capped(stream, "data.json", limit=None), sink=None)
        manifest = json.dumps(
            {
                "format": FORMAT_VERSION,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "articles": counts["archive.article"],
                "counts": dict(sorted(counts.items())),
            }
        ).encode("utf-8")
        with tarfile.open(partial, "w:gz") as archive, dump.open("rb") as data:
            for name, size, content in (
                ("manifest.json", len(manifest), io.BytesIO(manifest)),
                ("data.json", dump.stat().st_size, data),
            ):
                info = tarfile.TarInfo(name)
                info.size, info.mtime = size, int(time.time())
                archive.addfile(info, content)
        data_bytes = dump.stat().st_size
        partial.replace(output)
    finally:
        dump.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return BackupReport(
        path=output,
        articles=counts["archive.article"],
        bytes=output.stat().st_size,
        data_bytes=data_bytes,
        counts=dict(counts),
    )


@contextlib.contextmanager
def _one_moment() -> Iterator[None]:
    """Every table read as it was at one moment: an import committing meanwhile (a nightly backup while the archive
    works) is wholly in the backup or wholly not. Dumped table by table without it, a tag written after the articles
    were read named an article the backup did not hold, and the file could not be restored.

    Reading only: SQLite's WAL gives a read transaction its snapshot at its first read, and lets writers go on;
    PostgreSQL's REPEATABLE READ is one snapshot for the whole transaction."""
    if connection.in_atomic_block:  # inside a transaction already (a caller's): it is one moment
        yield
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a deferred BEGIN: Django's atomic() would take the write lock
            cursor.execute("BEGIN DEFERRED")
            cursor.execute("SELECT COUNT(*) FROM sqlite_master")  # the snapshot starts at the first read
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def dumped_models() -> dict[str, type[models.Model]]:
    """The models a backup holds, by the label fixtures use ("archive.article")."""
    found = [
        model
        for label in DUMPED
        for model in ([apps.get_model(label)] if "." in label else apps.get_app_config(label).get_models())
    ]
    return {model._meta.label_lower: model for model in found}


_PUBLIC_SINCE_IMPORT = ("archive.article", "archive.historicalarticle")


def _scan(stream: Capped, *, sink: IO[str] | None) -> tuple[Counter[str], set[str]]:
    """Check each record of data.json and count it per model, copying it to `sink` as one JSON line."""
    known = dumped_models()
    counts: Counter[str] = Counter({label: 0 for label in known})
    groups: set[str] = set()
    for number, record in enumerate(JsonArray(stream), start=1):
        is_record = isinstance(record, dict) and isinstance(record.get("model"), str)
        if not (is_record and isinstance(record.get("fields"), dict)):
            raise RestoreError(f"record {number:,} of data.json is not a fixture record (model and fields)")
        label = record["model"].lower()
        if label not in known:
            raise RestoreError(f"record {number:,} of data.json is a {one_line(label, 80)!r}: backups hold none")
        counts[label] += 1
        if label == "auth.group":
            groups.add(str(record["fields"].get("name")))
        if label in _PUBLIC_SINCE_IMPORT and "public_since" not in record["fields"]:
            # A backup made before migration 0011: public since its import, as 0011 made every article (loaded
            # without it, every article would be new to every alert at the restore's time).
            record["fields"]["public_since"] = record["fields"].get("imported_at")
        if sink is not None:
            try:  # ASCII: loaddata reads the file as bytes, and no character can split a line
                sink.write(json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n")
            except OSError as error:
                raise RestoreError(f"cannot write the staging file in the data dir: {error}") from error
    return counts, groups


def _manifest(raw: bytes) -> dict:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise RestoreError(f"manifest.json is not UTF-8 text: {error.reason}") from error
    except (ValueError, RecursionError) as error:
        raise RestoreError(f"manifest.json is not valid JSON: {one_line(error, 120)}") from error
    if not isinstance(manifest, dict):
        raise RestoreError("manifest.json is not a JSON object")
    version = manifest.get("format")
    if type(version) is not int or version not in READABLE_FORMATS:
        raise RestoreError(f"unsupported backup format {one_line(repr(version), 40)}")
    articles, created, counts = manifest.get("articles"), manifest.get("created"), manifest.get("counts", {})
    if type(articles) is not int or articles < 0:
        raise RestoreError(f"manifest.json's article count is not a number: {one_line(repr(articles), 40)}")
    if not isinstance(created, str) or len(created) > 40:
        raise RestoreError("manifest.json's creation time is not a short text")
    valid_counts = isinstance(counts, dict) and all(type(n) is int and n >= 0 for n in counts.values())
    if version >= 2 and not (valid_counts and counts.get("archive.article", 0) == articles):
        raise RestoreError("manifest.json's counts are not a table of record counts matching its article count")
    return manifest


@dataclass
class _Staged:
    manifest: dict
    counts: Counter[str]
    groups: set[str]


def _stage(path: Path, sink: IO[str], limit: int) -> _Staged:
    """Read and check the whole backup, copying its records to `sink`; the database is not touched."""
    manifest: dict | None = None
    scanned: tuple[Counter[str], set[str]] | None = None
    try:
        with tarfile.open(path, "r|gz") as archive:
            for member in archive:
                seen = manifest is not None if member.name == "manifest.json" else scanned is not None
                if member.name not in MEMBERS or not member.isfile() or seen:
                    raise RestoreError(f"this is not an archive backup: it holds {one_line(member.name, 80)!r}")
                cap = MANIFEST_MAX_BYTES if member.name == "manifest.json" else limit
                if member.size > cap:  # refused before a byte is decompressed
                    raise RestoreError(too_big(member.name, cap))
                stream = Capped(archive.extractfile(member), member.name, cap)
                if member.name == "manifest.json":
                    manifest = _manifest(stream.read(cap + 1))
                else:
                    scanned = _scan(stream, sink=sink)
    except RestoreError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise RestoreError(f"the backup file is damaged or truncated: {one_line(error, 160)}") from error
    if manifest is None or scanned is None:
        raise RestoreError("this is not an archive backup: it lacks manifest.json or data.json")
    return _Staged(manifest=manifest, counts=scanned[0], groups=scanned[1])


def _check_counts(staged: _Staged) -> None:
    manifest, counts = staged.manifest, staged.counts
    if manifest["format"] == 1:
        claimed = {"archive.article": manifest["articles"]}
    else:
        claimed = {label: manifest["counts"].get(label, 0) for label in set(manifest["counts"]) | set(counts)}
    wrong = [
        f"{one_line(label, 60)}: {claimed[label]:,} in the manifest, {counts.get(label, 0):,} in data.json"
        for label in sorted(claimed)
        if claimed[label] != counts.get(label, 0)
    ]
    if wrong:
        raise RestoreError(f"the manifest does not match the data ({'; '.join(wrong[:3])})")


def _missing(staged: _Staged) -> list[str]:
    missing = [what for label, what in REQUIRED.items() if not staged.counts[label]]
    if EDITORS_GROUP not in staged.groups:
        missing.append(f"no {EDITORS_GROUP} group")
    return missing


def census() -> dict[str, int]:
    """How many rows each model a backup holds has now."""
    return {label: model._base_manager.count() for label, model in dumped_models().items()}


def _load(staging: Path, counts: Counter[str]) -> None:
    """Replace the database's content with the staging file's, in one transaction, and verify it."""
    try:
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            if sum(counts.values()):  # an empty backup (--allow-empty) has nothing to load: loaddata would warn
                # The queue of index changes is the load's own (an older backup's would collide with it by id).
                call_command("loaddata", str(staging), exclude=sorted(DERIVED), verbosity=0)
            loaded = census()
            wrong = [
                f"{label} {counts[label]:,} → {loaded[label]:,}"
                for label in sorted(counts)
                if label not in DERIVED and loaded[label] != counts[label]
            ]
            if wrong:
                raise RestoreError(f"the database did not end up holding the backup's records ({'; '.join(wrong[:3])})")
    except RestoreError:
        raise
    except Exception as error:  # whatever bad data makes loaddata or the database raise: all rolled back
        reason = re.sub(r"^Problem installing fixtures?( '[^']*')?: ", "", str(error))
        raise RestoreError(f"data.json cannot be loaded: {one_line(reason)}") from error


def _remove_stale_staging(max_age: float = 3600.0) -> None:
    """Staging and partial files a killed restore or backup left behind (a live one is younger)."""
    cutoff = time.time() - max_age
    for leftover in [*backups_dir().glob("restore-*.jsonl"), *backups_dir().glob("*.partial")]:
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:  # gone meanwhile, or not ours to remove: the restore does not depend on it
            pass


def restore(*, path: Path, allow_empty: bool = False) -> RestoreReport:
    """Replace the database's content with the backup's, then rebuild the index. All or nothing."""
    if not path.is_file():
        raise RestoreError(f"there is no backup file at {path}")
    try:
        safety = backup(output=backups_dir() / f"before-restore-{_stamp()}.tar.gz").path
    except OSError as error:
        raise RestoreError(f"the safety backup could not be written: {one_line(error)}") from error
    _remove_stale_staging()
    staging = backups_dir() / f"restore-{_stamp()}.jsonl"
    try:
        try:
            with staging.open("w", encoding="ascii") as sink:
                staged = _stage(path, sink, max_restore_bytes())
        except OSError as error:  # the staging file itself (reading the backup is handled in _stage)
            raise RestoreError(f"cannot write the staging file in {backups_dir()}: {one_line(error)}") from error
        _check_counts(staged)
        missing = _missing(staged)
        if missing and not allow_empty:
            raise RestoreError(f"the backup holds {', '.join(missing)}: pass --allow-empty to restore it anyway")
        try:  # loaded once the index lock is taken: a busy index refuses the restore before anything changed
            rebuild(before_build=lambda: _load(staging, staged.counts))
        except IndexBusy as error:
            raise RestoreError(index_busy_message(error.waited)) from error
    except RestoreError as error:
        error.safety_backup = safety
        raise
    finally:
        staging.unlink(missing_ok=True)
    return RestoreReport(
        articles=staged.counts["archive.article"],
        records=sum(staged.counts.values()),
        created=staged.manifest["created"],
        safety_backup=safety,
        missing=missing,
    )

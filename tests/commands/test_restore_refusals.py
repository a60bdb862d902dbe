"""A malformed backup changes nothing: restore_archive ends with "Nothing was changed: <reason>" (one line, a
CommandError), every table holds what it held, and the safety backup of the archive as it was is in the data dir."""

from __future__ import annotations

import copy
import gzip
import io
import json
import os
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.editors import ensure_editors_group
from archive.gazetteers import load_gazetteers
from archive.importers import import_paths
from tests.commands.backups import (
    backups_dir,
    census,
    leftovers,
    make_backup,
    manifest_for,
    read_backup,
    repeated,
    safety_backups,
    take_backup,
)
from tests.processes import flock_held_elsewhere, live_lock_file

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

Builder = Callable[[Path, dict, list], Path]


@pytest.fixture
def archive_state(seeds_dir, tmp_path, django_user_model):
    """The seed archive with its gazetteer and Editors group, a good backup of it, and its row counts."""
    load_gazetteers()
    ensure_editors_group()
    import_paths([seeds_dir])
    django_user_model.objects.create_user("editor", password="right-password-123", is_staff=True)
    good = take_backup(tmp_path / "good.tar.gz")
    manifest, records = read_backup(good)
    for path in safety_backups():
        path.unlink()
    return {"good": good, "manifest": manifest, "records": records, "before": census()}


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore_archive", str(path), "--yes", *args, stdout=out)
    return out.getvalue()


def refused(path: Path, *args: str) -> str:
    """The restore's one-line error; the command said where the safety backup is."""
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("restore_archive", str(path), "--yes", *args, stdout=out)
    message = str(caught.value)
    assert message.startswith("Nothing was changed: ") and "\n" not in message
    (safety,) = safety_backups()
    assert f"Safety backup of the archive as it was: {safety}" in out.getvalue()
    return message


def assert_nothing_changed(state: dict) -> None:
    # every table (articles, tags, history, gazetteer, users, groups) holds what it held
    assert census() == state["before"]
    assert census()["archive.article"] == 6 and census()["auth.group"] >= 1
    # AND the one safety backup holds the archive as it was, and no staging file is left
    (safety,) = safety_backups()
    manifest, _records = read_backup(safety)
    assert {label: n for label, n in manifest["counts"].items() if n} == {
        label: n for label, n in state["before"].items() if n
    }
    assert leftovers() == []


def with_records(change: Callable[[list], list]) -> Builder:
    """The good backup's records changed, under a manifest that tells the truth about them."""

    def build(path: Path, manifest: dict, records: list) -> Path:
        changed = change(copy.deepcopy(records))
        return make_backup(path, manifest=manifest_for(changed), data=changed)

    return build


def first(records: list, model: str) -> dict:
    return next(record for record in records if record["model"] == model)


def bad_foreign_key(records: list) -> list:
    first(records, "archive.articlecountry")["fields"]["article"] = 987654321
    return records


def unknown_field(records: list) -> list:
    first(records, "archive.article")["fields"]["no_such_field"] = "x"
    return records


def duplicate_user(records: list) -> list:
    user = first(records, "auth.user")
    return [*records, copy.deepcopy(user)]


def without_one_tag(records: list) -> list:
    tag = first(records, "archive.articlecountry")
    return [record for record in records if record is not tag]


def not_utf8_data(path: Path, manifest: dict, records: list) -> Path:
    changed = copy.deepcopy(records)
    first(changed, "archive.article")["fields"]["title"] = "Café MARK"
    data = json.dumps(changed, ensure_ascii=False).encode().replace(b"MARK", b"\xff\xfe")
    return make_backup(path, manifest=manifest, data=data)


def not_a_tarball(path: Path, manifest: dict, records: list) -> Path:
    path.write_bytes(b"not a tarball")
    return path


def truncated(path: Path, manifest: dict, records: list) -> Path:
    whole = make_backup(path, manifest=manifest, data=records).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


CASES: dict[str, tuple[Builder, str]] = {
    "empty data, the manifest claiming 1,000 articles": (
        lambda path, manifest, records: make_backup(
            path, manifest={"format": 1, "created": "x", "articles": 1000}, data=[]
        ),
        r"the manifest does not match the data \(archive.article: 1,000 in the manifest, 0 in data.json\)",
    ),
    "one tag fewer than the manifest counts": (
        lambda path, manifest, records: make_backup(path, manifest=manifest, data=without_one_tag(records)),
        r"the manifest does not match the data \(archive.articlecountry: (\d+) in the manifest, (?!\1)\d+ in data",
    ),
    "truncated gzip": (truncated, r"the backup file is damaged or truncated"),
    "not a tarball": (not_a_tarball, r"the backup file is damaged or truncated"),
    "corrupt JSON": (
        lambda path, manifest, records: make_backup(path, manifest=manifest, data=json.dumps(records).encode()[:-900]),
        r"data.json is not valid JSON",
    ),
    "data.json not an array": (
        lambda path, manifest, records: make_backup(path, manifest=manifest, data=b'{"model": "auth.user"}'),
        r"data.json is not a JSON array of records",
    ),
    "data.json not UTF-8": (not_utf8_data, r"data.json is not UTF-8 text"),
    "a model backups do not hold": (
        with_records(lambda records: [*records, {"model": "sessions.session", "pk": "k", "fields": {}}]),
        r"record [\d,]+ of data.json is a 'sessions.session': backups hold none",
    ),
    "a record that is not a record": (
        lambda path, manifest, records: make_backup(path, manifest=manifest, data=[*records, [1, 2]]),
        r"record [\d,]+ of data.json is not a fixture record",
    ),
    "nested manifest": (
        lambda path, manifest, records: make_backup(path, manifest=b"[" * 30000 + b"]" * 30000, data=records),
        r"manifest.json is not valid JSON",
    ),
    "manifest with a nested count": (
        lambda path, manifest, records: make_backup(path, manifest={**manifest, "articles": {"n": 6}}, data=records),
        r"manifest.json's article count is not a number",
    ),
    "manifest with a nested format": (
        lambda path, manifest, records: make_backup(path, manifest={**manifest, "format": {"format": 2}}, data=records),
        r"unsupported backup format \{'format': 2\}",
    ),
    "non-UTF-8 manifest": (
        lambda path, manifest, records: make_backup(
            path,
            manifest=json.dumps(manifest).encode().replace(b'"created": "', b'"created": "\xff\xfe', 1),
            data=records,
        ),
        r"manifest.json is not UTF-8 text",
    ),
    "no Editors group, no gazetteer": (
        with_records(lambda records: [r for r in records if r["model"] not in {"auth.group", "archive.country"}]),
        r"the backup holds no gazetteer countries, no Editors group: pass --allow-empty to restore it anyway",
    ),
}


# Found only while loading, after the database was emptied: run as in production, not in a test's transaction.
LOAD_CASES: dict[str, tuple[Builder, str]] = {
    "bad foreign key": (with_records(bad_foreign_key), r"data.json cannot be loaded: .*(FOREIGN KEY|foreign key)"),
    "unknown field": (with_records(unknown_field), r"data.json cannot be loaded: .*no_such_field"),
    "two users with one username": (
        with_records(duplicate_user),
        r"the database did not end up holding the backup's records \(auth.user",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_backup_changes_nothing(archive_state, tmp_path, case):
    # GIVEN an archive, and a backup malformed in one way
    build, reason = CASES[case]
    broken = build(tmp_path / "broken.tar.gz", archive_state["manifest"], archive_state["records"])
    # WHEN it is restored
    message = refused(broken)
    # THEN the command says nothing was changed, and why, in one line
    assert re.match(f"Nothing was changed: {reason}", message), message
    # AND nothing was changed, and the safety backup is there
    assert_nothing_changed(archive_state)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", LOAD_CASES)
def test_a_backup_that_fails_to_load_changes_nothing(archive_state, tmp_path, case):
    # GIVEN an archive, and a backup that passes every check before loading but cannot be loaded
    build, reason = LOAD_CASES[case]
    broken = build(tmp_path / "broken.tar.gz", archive_state["manifest"], archive_state["records"])
    # WHEN it is restored: the database is emptied and loaded in one transaction
    message = refused(broken)
    # THEN the command says nothing was changed, and why
    assert re.match(f"Nothing was changed: {reason}", message), message
    # AND the transaction was rolled back: every table holds what it held, the Editors group included
    assert_nothing_changed(archive_state)


def test_allow_empty_does_not_excuse_a_manifest_that_does_not_match(archive_state, tmp_path):
    # GIVEN an empty data.json whose manifest claims 1,000 articles (the backup that wiped an archive)
    broken = make_backup(tmp_path / "b.tar.gz", manifest={"format": 1, "created": "x", "articles": 1000}, data=[])
    # WHEN it is restored with --allow-empty
    message = refused(broken, "--allow-empty")
    # THEN it is still refused, and nothing changed
    assert "1,000 in the manifest, 0 in data.json" in message
    assert_nothing_changed(archive_state)


def test_an_oversized_member_is_refused_from_its_header(archive_state, tmp_path, settings):
    # GIVEN a restore cap of 1 MB and a backup whose data.json is 8 MB of zeros (a few KB compressed)
    settings.ARCHIVE_MAX_RESTORE_BYTES = 1_000_000
    bomb = make_backup(
        tmp_path / "bomb.tar.gz",
        manifest=archive_state["manifest"],
        data=repeated(8_000_000, b"0"),
        data_size=8_000_000,
    )
    assert bomb.stat().st_size < 100_000
    # WHEN it is restored
    message = refused(bomb)
    # THEN it is refused for its size, naming the setting
    assert "data.json is larger than 1,000,000 bytes uncompressed" in message
    assert "ARCHIVE_MAX_RESTORE_BYTES" in message
    assert_nothing_changed(archive_state)


def test_a_large_member_is_streamed_not_read_whole(archive_state, tmp_path):
    # GIVEN a data.json of 100 MB (an empty array padded with white space), under the cap
    size = 100_000_000
    data = repeated(size, b" ", head=b"[", tail=b"]")
    padded = make_backup(tmp_path / "padded.tar.gz", manifest=manifest_for([]), data=data, data_size=size)
    # WHEN it is restored, memory traced
    tracemalloc.start()
    try:
        message = refused(padded)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # THEN it was read to its end in chunks (gzip's own buffers included): refused for what it holds, with far
    # less memory than its size
    assert "the backup holds no articles" in message
    assert peak < size // 4, f"peak {peak:,} bytes"
    assert_nothing_changed(archive_state)


def test_the_member_cap_holds_while_streaming(tmp_path):
    # GIVEN a stream longer than its cap (whatever a header claimed)
    from archive.backup_stream import Capped, RestoreError

    stream = Capped(gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(b"0" * 300_000))), "data.json", 200_000)
    # WHEN it is read in chunks
    # THEN the read past the cap is refused
    with pytest.raises(RestoreError, match="larger than 200,000 bytes"):
        while stream.read(65536):
            pass


def test_a_restore_removes_staging_files_a_killed_restore_left(archive_state, tmp_path):
    # GIVEN a staging file and a partial backup a killed restore left two hours ago, and one of a live restore
    backups = backups_dir()
    backups.mkdir(parents=True, exist_ok=True)
    stale, partial, live = backups / "restore-old.jsonl", backups / "x.tar.gz.partial", backups / "restore-live.jsonl"
    for leftover in (stale, partial, live):
        leftover.write_text("[]")
    two_hours_ago = stale.stat().st_mtime - 7200
    for leftover in (stale, partial):
        os.utime(leftover, (two_hours_ago, two_hours_ago))
    # WHEN a restore runs (here, of a malformed backup)
    refused(not_a_tarball(tmp_path / "broken.tar.gz", {}, []))
    # THEN the old leftovers are gone, the live file is kept
    assert not stale.exists() and not partial.exists() and live.exists()


def test_a_restore_refuses_an_index_another_writer_keeps_locked_before_changing_anything(archive_state, settings):
    # GIVEN a good backup, and another process holding the index's write lock longer than the wait for it
    settings.ARCHIVE_INDEX_LOCK_WAIT = 0.2
    with flock_held_elsewhere(live_lock_file()) as pid:
        # WHEN it is restored
        message = refused(archive_state["good"])
    # THEN it ends in one line naming the holder (it waited for ever, silently, with the database swapped)
    assert message.startswith(f"Nothing was changed: the index is locked by another writer (PID {pid}: ")
    # AND the database holds what it held, with no index change queued
    assert_nothing_changed(archive_state)
    assert census()["archive.indexchange"] == 0

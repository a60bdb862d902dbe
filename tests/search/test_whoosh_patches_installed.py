"""The Whoosh fixes are part of every process from start-up, and only for the Whoosh they were written for."""

import whoosh
from django.core import checks

from archive.search import whoosh_patches
from tests.processes import archive_env, manage

# Prints whether each patched Whoosh function is ours, without touching search or the index.
PATCHED = """
from whoosh.codec import whoosh3
from whoosh.filedb import structfile
from whoosh.matching import binary
from whoosh import writing
patched = (binary.AndNotMatcher._find_first, whoosh3.W3PerDocReader._cached_reader, structfile.BufferFile.__init__,
           writing.PostingPool.iter_postings)
print(sorted({function.__module__ for function in patched}))
"""


def test_a_fresh_process_has_the_fixes_without_calling_search(tmp_path):
    # GIVEN a new process over a new data dir that never searches, writes or opens the index
    with archive_env(tmp_path) as env:
        # WHEN it looks at Whoosh's matcher, column reader, segment file and posting pool
        run = manage(env, "shell", "--no-imports", "-c", PATCHED, check=True)
    # THEN all four are already our fixed versions (installed when the app loaded)
    assert run.stdout.strip() == "['archive.search.whoosh_patches']", run.stdout + run.stderr


def test_the_system_check_fails_for_another_whoosh_version(monkeypatch):
    # GIVEN the Whoosh the fixes were written for: the check is quiet
    assert not [e for e in checks.run_checks() if e.id == "archive.E005"]
    # WHEN another version is installed
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 5))
    errors = [e for e in checks.run_checks() if e.id == "archive.E005"]
    # THEN the check fails, naming both versions
    assert len(errors) == 1 and errors[0].level == checks.ERROR
    assert "2.7.5" in errors[0].msg and "2.7.4" in errors[0].msg


def test_the_fixes_are_not_applied_to_another_whoosh_version(monkeypatch):
    # GIVEN another Whoosh version and a process where the fixes are not installed yet
    monkeypatch.setattr(whoosh, "__version__", (2, 8, 0))
    monkeypatch.setattr(whoosh_patches, "_installed", False)
    # WHEN install() runs THEN it patches nothing it was not written for
    assert whoosh_patches.install() is False
    assert not whoosh_patches.written_for_installed_whoosh()

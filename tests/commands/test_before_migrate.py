"""Our commands, run before `migrate`, say what to run instead of printing a "no such table" traceback."""

import pytest

from tests.processes import REPO, archive_env, manage

MESSAGE = "run make setup (or manage.py migrate) first"


@pytest.mark.parametrize(
    "command",
    [
        ("import_articles", str(REPO / "seeds"), "--no-progress"),
        ("check_index", "--no-progress"),
        ("create_editor", "ed"),
    ],
    ids=lambda command: command[0],
)
def test_a_command_before_migrate_names_the_set_up_step(tmp_path, command):
    # GIVEN a new data dir whose database was never migrated
    with archive_env(tmp_path) as env:
        # WHEN one of our commands runs
        run = manage(env, *command)
    # THEN it stops with a non-zero status and the message, without a traceback
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert MESSAGE in output and "archive.E004" in output
    assert "Traceback" not in output and "no such table" not in output and "does not exist" not in output


def test_djangos_own_commands_still_run_before_migrate(tmp_path):
    # GIVEN a new data dir whose database was never migrated
    with archive_env(tmp_path) as env:
        # WHEN Django's own check runs (as set-up and deployment do before or without migrating)
        run = manage(env, "check")
    # THEN our check does not stand in its way
    assert run.returncode == 0 and MESSAGE not in run.stdout + run.stderr, run.stdout + run.stderr

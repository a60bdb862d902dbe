"""tests/processes.py's set-up templates: which environments share one, and which count as fresh."""

from __future__ import annotations

from tests.processes import _is_fresh, _template_key, archive_env


def test_environments_differing_only_in_serving_settings_share_a_template(tmp_path):
    # GIVEN two production environments that differ in their data dir, database, secret key and serving limits
    with (
        archive_env(tmp_path / "a", production=True) as plain,
        archive_env(tmp_path / "b", production=True, ARCHIVE_RATE_LIMIT="0", ARCHIVE_EXPORT_LIMIT="4") as limited,
    ):
        # THEN their set-up state is the same: one template
        assert plain["DJANGO_SECRET_KEY"] != limited["DJANGO_SECRET_KEY"]
        assert _template_key(plain, seeds=True) == _template_key(limited, seeds=True)
        # BUT without seeds, it is another one
        assert _template_key(plain, seeds=False) != _template_key(plain, seeds=True)


def test_other_settings_and_debug_get_their_own_template(tmp_path):
    with (
        archive_env(tmp_path / "a", production=True) as plain,
        archive_env(tmp_path / "b", production=True, DJANGO_SETTINGS_MODULE="tests.web.failing_settings") as other,
        archive_env(tmp_path / "c") as debug,
    ):
        keys = {_template_key(env, seeds=True) for env in (plain, other, debug)}
    assert len(keys) == 3


def test_an_environment_is_fresh_until_its_index_exists(tmp_path):
    # GIVEN a new environment THEN it is fresh (a template may be copied into it)
    with archive_env(tmp_path / "data") as env:
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        assert _is_fresh(env)
        # WHEN an index has been built in it THEN it is not (set_up runs the commands over what is there)
        (data_dir / "indexes" / "build").mkdir(parents=True)
        (data_dir / "index").symlink_to("indexes/build")
        assert not _is_fresh(env)

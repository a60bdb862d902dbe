"""Hardened settings: check --deploy is quiet, CSP forbids inline scripts, logins lock out, search is rate limited."""

import json
import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import archive_env, set_up
from tests.web.ratelimit_window import LONG_WINDOW, fresh_window

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_check_deploy_prints_no_warnings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ARCHIVE_DATA_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
        # The alerts' mail settings (archive.W020 otherwise).
        "EMAIL_HOST": "smtp.example.org",
        "DEFAULT_FROM_EMAIL": "News archive <alerts@archive.example.org>",
        "ARCHIVE_SITE_URL": "https://archive.example.org",
    }
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_COOKIES", "DJANGO_HSTS_SECONDS", "DJANGO_BEHIND_PROXY"):
        env.pop(name, None)  # the defaults: HTTPS everywhere
    # GIVEN the static files collected, as `make setup` does
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, timeout=120
    )
    assert collect.returncode == 0
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def production_settings(tmp_path, **variables: str) -> dict:
    """The HTTPS and proxy settings as a fresh process reads them from the environment."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "ARCHIVE_DATA_DIR": str(tmp_path), **variables}
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_COOKIES", "DJANGO_HSTS_SECONDS", "DJANGO_BEHIND_PROXY"):
        if name not in variables:
            env.pop(name, None)
    names = [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "ARCHIVE_TRUSTED_PROXIES",
    ]
    code = f"import json, archive.settings as s; print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_https_is_the_default_when_debug_is_off(tmp_path):
    # GIVEN DEBUG off and nothing else said
    values = production_settings(tmp_path)
    # THEN plain HTTP redirects to HTTPS, cookies are Secure, HSTS is on, no proxy header is trusted
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_PROXY_SSL_HEADER"] is None and values["ARCHIVE_TRUSTED_PROXIES"] == 0


def test_plain_http_turns_the_secure_cookies_off_with_the_redirect(tmp_path):
    # GIVEN plain HTTP, as `make serve` runs on loopback
    values = production_settings(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    # THEN cookies are not Secure (a browser would not send them back over http://, and the admin login fails)
    assert not values["SECURE_SSL_REDIRECT"]
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]
    # AND DJANGO_SECURE_COOKIES can still force them (TLS at a proxy that itself redirects to HTTPS)
    forced = production_settings(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="1")
    assert forced["SESSION_COOKIE_SECURE"] and forced["CSRF_COOKIE_SECURE"]


def test_behind_a_proxy_its_headers_are_trusted(tmp_path):
    values = production_settings(tmp_path, DJANGO_BEHIND_PROXY="1", DJANGO_HSTS_SECONDS="3600")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ARCHIVE_TRUSTED_PROXIES"] == 1 and values["SECURE_HSTS_SECONDS"] == 3600
    two = production_settings(tmp_path, DJANGO_BEHIND_PROXY="1", ARCHIVE_TRUSTED_PROXIES="2")
    assert two["ARCHIVE_TRUSTED_PROXIES"] == 2


def test_make_serve_defaults_to_plain_http_and_can_be_told_otherwise():
    # WHEN the serve target is dry-run, with and without HTTPS asked for
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SECURE_SSL_REDIRECT"}
    plain = subprocess.run(["make", "-n", "serve"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    https = subprocess.run(
        ["make", "-n", "serve", "DJANGO_SECURE_SSL_REDIRECT=1"], cwd=REPO, env=env, capture_output=True, text=True
    )
    # THEN gunicorn runs with DEBUG off, on plain HTTP unless HTTPS is asked for
    assert "DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0" in plain.stdout, plain.stdout + plain.stderr
    assert "DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=1" in https.stdout, https.stdout + https.stderr
    # AND after collectstatic ran with DEBUG off: only then does it write the manifest of hashed names
    # (without it gunicorn refuses to start, archive.E003)
    collect = plain.stdout.index("DJANGO_DEBUG=0 .venv/bin/python manage.py collectstatic")
    assert collect < plain.stdout.index("gunicorn --config")


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_warns_of_the_development_key(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1", "ARCHIVE_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    run = check_deploy(env)
    assert "archive.W001" in run.stdout + run.stderr


def test_without_a_secret_key_production_keeps_its_own_not_the_public_development_key(tmp_path):
    """GIVEN DEBUG off and no DJANGO_SECRET_KEY (the repository's development key signs alert links: anyone could
    forge them) WHEN two processes start on one data dir THEN both sign with one key generated for it, readable by
    its owner alone, and the deployment check has nothing to say about it."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "ARCHIVE_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    read_key = [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    env["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    keys = {subprocess.run(read_key, cwd=REPO, env=env, capture_output=True, text=True, timeout=120).stdout.strip()}
    keys.add(subprocess.run(read_key, cwd=REPO, env=env, capture_output=True, text=True, timeout=120).stdout.strip())
    kept = tmp_path / "secret_key"
    assert keys == {kept.read_text().strip()} and len(kept.read_text().strip()) >= 50
    assert "development" not in kept.read_text() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "archive.W001" not in (run := check_deploy(env)).stdout + run.stderr


def test_check_deploy_names_the_command_when_static_files_are_not_collected(tmp_path):
    # GIVEN production settings and a data dir where collectstatic never ran
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env["ARCHIVE_DATA_DIR"] = str(tmp_path)
    # WHEN the deployment checks run (as the production server does before it starts)
    run = check_deploy(env)
    # THEN they fail with a message that says which command to run
    assert run.returncode != 0
    assert "archive.E003" in run.stderr and "collectstatic" in run.stderr


def test_pages_carry_a_csp_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    # And our own pages use no inline script either.
    for url in ("/", "/help/", "/api/"):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script on {url}: {tag}"


def test_raw_text_is_sandboxed(client, django_user_model):
    from archive.models import Article

    article = Article.objects.create(
        title="t", body="b", raw_text="<script>alert(1)</script>", checksum="c", import_ref="t:1"
    )
    response = client.get(f"/articles/{article.pk}/raw/")
    assert response["Content-Type"].startswith("text/plain")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_attempts_are_throttled(client, django_user_model):
    django_user_model.objects.create_user("editor", password="right-password-123", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "right-password-123"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_search_and_api_are_rate_limited(client, settings):
    settings.ARCHIVE_RATE_LIMIT = 3
    settings.ARCHIVE_RATE_LIMIT_WINDOW = LONG_WINDOW
    fresh_window("127.0.0.1")
    for _ in range(3):
        assert client.get("/api/search/").status_code == 200
    response = client.get("/api/search/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert client.get("/", REMOTE_ADDR="10.9.9.9").status_code == 200  # another client is not affected
    assert client.get("/help/").status_code == 200  # static pages are not limited


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("ARCHIVE_RATE_LIMIT", "abc", "ARCHIVE_RATE_LIMIT must be a whole number (it is 'abc')."),
        ("ARCHIVE_SEARCH_TIME_LIMIT", "1s", "ARCHIVE_SEARCH_TIME_LIMIT must be a number (it is '1s')."),
        ("ARCHIVE_LOG_LEVEL", "verbose", "ARCHIVE_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ("DATABASE_URL", "notaurl", "DATABASE_URL is not a database URL Django knows"),
        (
            "ARCHIVE_DATA_DIR",
            "/dev/null/archive",
            "ARCHIVE_DATA_DIR /dev/null/archive cannot be created: Not a directory.",
        ),
        ("DATABASE_URL", "", "System check identified no issues"),  # empty, as an env file leaves it: the default
        # (these answered 500s at the first subscription or mail, or wrote links that lead nowhere)
        ("ARCHIVE_ALERT_RATE_CLIENT", "lots", "ARCHIVE_ALERT_RATE_CLIENT must be a rate such as 10/h or 100/5m"),
        ("ARCHIVE_SITE_URL", "archive.example.org", "ARCHIVE_SITE_URL must be the site's address with its scheme"),
        ("EMAIL_USE_SSL", "1", "EMAIL_USE_TLS and EMAIL_USE_SSL are both set: use one"),  # beside EMAIL_USE_TLS=1
        # (these were read as off: mail sent without TLS, a proxy's HTTPS not trusted)
        ("EMAIL_USE_SSL", "ture", "EMAIL_USE_SSL must be on or off: 1/0, true/false, yes/no, on/off or y/n"),
        ("DJANGO_BEHIND_PROXY", "ture", "DJANGO_BEHIND_PROXY must be on or off: 1/0, true/false, yes/no, on/off or"),
    ],
)
def test_a_misconfigured_setting_is_named_when_the_archive_starts(tmp_path, setting, value, said):
    """GIVEN one environment variable with a value it cannot have WHEN any command starts THEN the last line says
    which variable and why (it was `KeyError: 'ENGINE'`, `int()`'s message or a logging error)."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DATABASE_URL", None)
    env[setting] = value
    env["EMAIL_USE_TLS"] = "1"  # alone, as most mail servers want it
    run = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert said in (run.stdout + run.stderr).strip().splitlines()[-1]
    assert (run.returncode == 0) == (said.startswith("System check"))


def test_the_production_server_refuses_to_start_on_a_database_not_set_up(tmp_path):
    """GIVEN production settings, static files collected, and a database never migrated WHEN gunicorn starts THEN it
    stops at once and names the command to run (it served 500s: "no such table")."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path), ARCHIVE_BIND="127.0.0.1:0", DJANGO_SECURE_SSL_REDIRECT="0")
    env.pop("DATABASE_URL", None)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=REPO, env=env, check=True, timeout=300)
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "archive/gunicorn.conf.py", "archive.wsgi"]
    run = subprocess.run(gunicorn, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "archive.E004" in run.stderr and "make setup" in run.stderr


# The production server's start-up, as gunicorn's master runs it: the modules it holds after its checks.
MASTER = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("gunicorn_conf", "archive/gunicorn.conf.py")
config = importlib.util.module_from_spec(spec)
spec.loader.exec_module(config)
try:
    config.on_starting(server=None)
    started = True
except SystemExit:
    started = False
held = sorted(name for name in sys.modules if name == "archive" or name.startswith(("archive.", "django.db")))
print(json.dumps({"started": started, "held": held}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("set_up_first", [True, False])
def test_the_server_master_runs_its_checks_without_loading_the_archive(tmp_path, set_up_first):
    """GIVEN an archive set up (the checks pass) or not (they fail) WHEN the production server's master has run its
    start-up checks THEN it holds none of the archive's modules and no database module: the workers it forks after a
    reload (`kill -HUP`, the README's upgrade) load the new code, where they inherited the old modules beside the new
    templates and answered 500s; and none shares a connection of the master's (on PostgreSQL: "server closed the
    connection unexpectedly")."""
    with archive_env(tmp_path, production=True) as env:
        if set_up_first:
            set_up(env, seeds=False)
        run = subprocess.run([sys.executable, "-c", MASTER], cwd=REPO, env=env, capture_output=True, text=True)
        answer = json.loads(run.stdout.strip().splitlines()[-1])
    assert answer == {"started": set_up_first, "held": []}
    assert set_up_first or "archive.E004" in run.stderr


def test_a_sqlite_database_this_user_cannot_write_is_named_at_start(tmp_path, settings, monkeypatch):
    from archive.checks import check_data_dir

    # GIVEN the SQLite file left by a set-up run as another user (the server started, then answered 500s)
    database = tmp_path / "archive.sqlite3"
    database.write_bytes(b"")
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"]}}
    settings.DATABASES["default"].update(ENGINE="django.db.backends.sqlite3", NAME=str(database))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != database and real_access(path, mode))
    # WHEN the checks run THEN they say which file, and what to do
    [problem] = [p for p in check_data_dir(None) if p.id == "archive.E008"]
    assert str(database) in problem.msg and "give this user the file and its directory" in problem.hint


def test_a_new_data_dir_and_its_database_are_readable_by_their_owner_only(tmp_path):
    # GIVEN a data dir that does not exist yet, with the default SQLite database
    data_dir = tmp_path / "new" / "data"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DATABASE_URL", None)
    # WHEN a process starts and writes to the database, its connection still open (SQLite's -wal and -shm exist)
    write = "from django.db import connection; connection.cursor().execute('CREATE TABLE t (x)'); import os, json; "
    write += "data = os.environ['ARCHIVE_DATA_DIR']; "
    write += "print(json.dumps({n: oct(os.stat(f'{data}/{n}').st_mode & 0o777) for n in ['', *os.listdir(data)]}))"
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", write],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    modes = json.loads(run.stdout.strip().splitlines()[-1])
    # THEN the data dir is 700 and the database's files 600 (they were 755 and 644: any local user read the password
    # hashes and subscribers' addresses), as the backups and the kept secret key are
    assert modes[""] == "0o700"
    assert {name: mode for name, mode in modes.items() if name.startswith("archive.sqlite3")} == {
        "archive.sqlite3": "0o600",
        "archive.sqlite3-wal": "0o600",
        "archive.sqlite3-shm": "0o600",
    }


def test_a_data_dir_others_may_read_is_said_with_the_chmod_to_run(tmp_path, settings):
    from archive.checks import check_data_dir_private

    # GIVEN a data dir made before the archive made it private: 755, its database 644
    settings.ARCHIVE_DATA_DIR = tmp_path
    database = tmp_path / "archive.sqlite3"
    database.write_bytes(b"")
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"]}}
    settings.DATABASES["default"].update(ENGINE="django.db.backends.sqlite3", NAME=str(database))
    tmp_path.chmod(0o755)
    database.chmod(0o644)
    # WHEN the deployment checks run (preflight, before the production server starts)
    [warning] = check_data_dir_private(None)
    # THEN a warning names them and the command that closes them
    assert warning.id == "archive.W002" and "other local users may read" in warning.msg
    assert f"chmod o-rwx {tmp_path} {database}" in warning.hint
    # AND once run, nothing is said
    tmp_path.chmod(0o700)
    database.chmod(0o600)
    assert check_data_dir_private(None) == []


def test_a_worker_timeout_that_is_no_number_is_named_when_the_server_starts(tmp_path):
    # GIVEN ARCHIVE_WORKER_TIMEOUT written as a duration WHEN gunicorn reads its configuration THEN it stops, naming it
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "ARCHIVE_WORKER_TIMEOUT": "2m"}
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "archive/gunicorn.conf.py", "archive.wsgi"]
    run = subprocess.run(gunicorn, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines()[-1] == "ARCHIVE_WORKER_TIMEOUT must be a whole number (it is '2m')."


def gunicorn_config(monkeypatch, **environment):
    """archive/gunicorn.conf.py as gunicorn reads it, under these environment variables."""
    import importlib.util

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO / "archive" / "gunicorn.conf.py")
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    return config


@pytest.mark.parametrize("worker_timeout", ["120", "300"])
def test_a_restart_waits_for_the_longest_request_and_systemd_waits_longer(monkeypatch, worker_timeout):
    # GIVEN the production server's configuration, with its worker timeout or one raised for long uploads
    config = gunicorn_config(monkeypatch, ARCHIVE_WORKER_TIMEOUT=worker_timeout)
    # THEN a restart lets a request finish within the time it may take (a 2-minute upload was cut off after 30 s)
    assert config.graceful_timeout == config.timeout == int(worker_timeout)
    # AND the README's systemd unit gives gunicorn's default longer than that to stop (60 s: killed before then)
    monkeypatch.delenv("ARCHIVE_WORKER_TIMEOUT")
    stop = int(re.search(r"^\s*TimeoutStopSec=(\d+)$", (REPO / "README.md").read_text(), re.MULTILINE)[1])
    assert stop > gunicorn_config(monkeypatch).graceful_timeout


def test_a_misspelled_switch_is_named_when_the_server_starts(tmp_path):
    # GIVEN DJANGO_BEHIND_PROXY misspelled WHEN gunicorn reads its configuration THEN it stops, naming it (it was read
    # as no proxy: gunicorn trusted no X-Forwarded-Proto)
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_BEHIND_PROXY": "ture"}
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "archive/gunicorn.conf.py", "archive.wsgi"]
    run = subprocess.run(gunicorn, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines()[-1].startswith("DJANGO_BEHIND_PROXY must be on or off: 1/0, true/false")


def test_origins_a_form_may_be_posted_from_come_from_the_environment(tmp_path):
    # GIVEN the site published on another port than the proxy passes on (the admin login failed its CSRF check)
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_CSRF_TRUSTED_ORIGINS"] = "https://archive.example.org:8443, https://other.example.org"
    show = "from django.conf import settings; print(settings.CSRF_TRUSTED_ORIGINS)"
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.stdout.strip().splitlines()[-1] == "['https://archive.example.org:8443', 'https://other.example.org']"

"""Hardened settings: check --deploy is quiet, CSP forbids inline scripts, logins lock out, search is rate limited."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_check_deploy_prints_no_warnings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ARCHIVE_DATA_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    }
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


def test_check_deploy_warns_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "0", "ARCHIVE_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "archive.W001" in run.stdout + run.stderr


def test_check_deploy_names_the_command_when_static_files_are_not_collected(tmp_path):
    # GIVEN production settings and a data dir where collectstatic never ran
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env["ARCHIVE_DATA_DIR"] = str(tmp_path)
    # WHEN the deployment checks run (as the production server does before it starts)
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
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
    for _ in range(3):
        assert client.get("/api/search/").status_code == 200
    response = client.get("/api/search/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert client.get("/", REMOTE_ADDR="10.9.9.9").status_code == 200  # another client is not affected
    assert client.get("/help/").status_code == 200  # static pages are not limited

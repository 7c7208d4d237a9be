"""`manage.py check --deploy` passes under production settings, run as production would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def deploy_check(*args: str, **env: str) -> subprocess.CompletedProcess:
    production = {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "innovation.example.go.kr",
        "CSRF_TRUSTED_ORIGINS": "https://innovation.example.go.kr",
    }
    # The test settings export DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production does not.
    leave_out = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL", "SECURE_SSL_REDIRECT"}
    inherited = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", *args],
        cwd=BASE_DIR,
        env={**inherited, **production, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_check_passes_without_warnings_under_production_settings(tmp_path):
    result = deploy_check(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_a_weak_secret_key_fails_the_deploy_check(tmp_path):
    # Proves the check runs at warning level: W009 is only a warning.
    result = deploy_check(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
def test_the_deploy_check_passes_with_database_checks_on_postgresql(db):
    # The test database, so that the database checks connect to a server that exists.
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    result = deploy_check("--database", "default", DATABASE_URL=url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr

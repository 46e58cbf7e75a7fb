"""Settings from the environment, and the production checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from koers.settings import database_from_url


def test_empty_database_url_means_sqlite_in_wal_mode_under_the_data_dir():
    db = database_from_url("", Path("/data"))
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == Path("/data/koers.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgres_url_is_split_into_django_settings():
    db = database_from_url(
        "postgres://koers:s%40cret@db.example:5433/koers?sslmode=require", Path()
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "koers",
        "s@cret",
        "db.example",
        "5433",
        "koers",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_unknown_database_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x/y", Path())


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "KOERS_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "koers.example.org",
        "KOERS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "koers.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "KOERS_ENV": "production",
        "SECRET_KEY": "",
        "KOERS_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "koers.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_for_logged_in_users_are_not_stored_and_carry_a_strict_csp(client, users):
    from koers.core.scoping import Role

    client.force_login(users[Role.TEAM_LEADER])
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert response["X-Frame-Options"] == "DENY"

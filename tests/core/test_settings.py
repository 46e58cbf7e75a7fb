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


def test_the_connection_pool_replaces_persistent_connections_when_sized(monkeypatch):
    url = "postgres://koers@db.example/koers?sslmode=require"
    assert database_from_url(url, Path())["CONN_MAX_AGE"] == 60
    assert "pool" not in database_from_url(url, Path())["OPTIONS"]
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "4")
    db = database_from_url(url, Path())
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"] == {
        "sslmode": "require",
        "pool": {"min_size": 1, "max_size": 4, "timeout": 10.0},
    }


def test_a_replica_url_adds_the_replica_alias_mirrored_in_tests(tmp_path):
    code = (
        "from django.conf import settings; import django; django.setup(); "
        "r = settings.DATABASES['replica']; "
        "print(r['HOST'], r['PORT'], r['TEST']['MIRROR'], settings.DATABASE_ROUTERS)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "koers.settings",
        "KOERS_DATA_DIR": str(tmp_path),
    }
    env["DATABASE_REPLICA_URL"] = "postgres://koers@standby.example:5434/koers"
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout == ("standby.example 5434 default ['koers.core.replica.ReplicaRouter']\n")


FIELD_KEY = "bXrP0r7Vx0pWg4m1iZ3nX6b2yq9Yt8uKf5cJ1dE4hAs="  # a Fernet key, for these runs only


def check_deploy(tmp_path, **environment) -> subprocess.CompletedProcess:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "KOERS_FIELD_KEY"}
        },
        "KOERS_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "koers.example.org",
        "KOERS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-m", "koers.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = check_deploy(tmp_path, KOERS_FIELD_KEY=FIELD_KEY)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_field_key_fails_check_deploy(tmp_path):
    """No development default in production: the secrets at rest need a key of their own."""
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    assert "koers.E002" in result.stderr and "KOERS_FIELD_KEY is not set" in result.stderr


def test_a_malformed_field_key_fails_the_check_without_showing_the_key(tmp_path):
    result = check_deploy(tmp_path, KOERS_FIELD_KEY=f"{FIELD_KEY},geen-sleutel-123")
    assert result.returncode != 0
    assert "koers.E001" in result.stderr and "key 2 is not a Fernet key" in result.stderr
    assert "geen-sleutel-123" not in result.stdout + result.stderr


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

"""The migrations run once per test run and database, not once per worker.

Each xdist worker gets a test database of its own, and Django makes it by running every
migration: about 10 to 14 s of CPU per worker and database. Here the first worker to get
the lock migrates its database as Django does and keeps a copy of the result (SQLite: a
file made with the backup API; PostgreSQL: a database made with ``CREATE DATABASE ...
TEMPLATE``); every other worker of the run starts from that copy, and then Django's own
``migrate`` runs on it as always: it finds every migration applied (the copy's
``django_migrations`` table) and runs the ``post_migrate`` handlers. So every worker's schema
and data are those the migrations made, in this run, from this checkout. A run in one
process (``-p no:xdist``) migrates as before.
"""

import fcntl
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.core import management
from django.db import connections

ALIAS = "default"


@contextmanager
def _locked(path: Path):
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Template:
    """Installed before pytest-django creates the test databases (``install``); the first
    ``migrate`` of the worker's own database goes through :meth:`migrate`."""

    def __init__(self, shared: Path, worker: str):
        self.shared, self.worker = shared, worker
        self.made_by_me: str | None = None  # the PostgreSQL template this worker made
        self._call_command = management.call_command

    def install(self) -> None:
        management.call_command = self._first_migrate

    def uninstall(self) -> None:
        management.call_command = self._call_command
        if self.made_by_me:
            connection = connections[ALIAS]
            with connection._nodb_cursor() as cursor:
                cursor.execute(
                    f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.made_by_me)}"
                )

    def _first_migrate(self, name, *args, **options):
        if name != "migrate" or options.get("database", ALIAS) != ALIAS:
            return self._call_command(name, *args, **options)
        management.call_command = self._call_command  # once: the test database's creation
        connection = connections[ALIAS]
        if connection.vendor not in {"sqlite", "postgresql"}:
            return self._call_command(name, *args, **options)
        sqlite = connection.vendor == "sqlite"
        with _locked(self.shared / "template-database.lock"):
            kept = self.shared / (
                "template-database.sqlite3" if sqlite else "template-database.name"
            )
            if kept.exists():
                (self._sqlite_load if sqlite else self._postgresql_clone)(connection, kept)
            result = self._call_command(name, *args, **options)
            if not kept.exists():
                (self._sqlite_keep if sqlite else self._postgresql_keep)(connection, kept)
        return result

    @staticmethod
    def _sqlite_load(connection, kept: Path) -> None:
        connection.ensure_connection()
        with sqlite3.connect(kept) as source:
            source.backup(connection.connection)

    @staticmethod
    def _sqlite_keep(connection, kept: Path) -> None:
        connection.ensure_connection()
        partial = kept.with_name(kept.name + ".partial")
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        partial.replace(kept)

    @staticmethod
    def _postgresql_clone(connection, kept: Path) -> None:
        quote, mine = connection.ops.quote_name, connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [kept.read_text()])
            if cursor.fetchone() is None:  # its maker has ended: migrate as Django does
                return
            cursor.execute(f"DROP DATABASE {quote(mine)}")
            cursor.execute(f"CREATE DATABASE {quote(mine)} TEMPLATE {quote(kept.read_text())}")

    def _postgresql_keep(self, connection, kept: Path) -> None:
        quote, mine = connection.ops.quote_name, connection.settings_dict["NAME"]
        template = f"{mine.removesuffix(f'_{self.worker}')}_template"
        connection.close()  # a template database has no session
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
            cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(mine)}")
        self.made_by_me = template
        kept.write_text(template)

"""What the database holds, in one query: to prove that a refused request wrote nothing.

One query per snapshot: a UNION of one subquery per table that yields the table's whole
content (every row, every column: so a new or deleted row, a raised ``version``, a new
change-log entry or a changed membership all show). PostgreSQL digests each table with
``md5``; SQLite has no digest function and returns the rows quoted, hashed here. The test
databases are small, so this stays a millisecond or two.

Left out: what a refused request is meant to write or what the test itself writes — the
access log of reads (a refused form may still have shown a client), failed login attempts
(a wrong password counts even when refused), Django's sessions, and ``User.last_login``
(set by the test's ``force_login``).
"""

import hashlib

from django.apps import apps
from django.db import connection, models

from koers.accounts.models import LoginAttempt, User
from koers.core.models import AccessLogEntry

LEFT_OUT = {AccessLogEntry, LoginAttempt}
LEFT_OUT_COLUMNS = {User: {"last_login"}}


def watched_models() -> list[type[models.Model]]:
    """Every table of a Koers app (many-to-many tables included), minus ``LEFT_OUT``."""
    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_config.name.startswith("koers.")
            and not model._meta.proxy
            and model not in LEFT_OUT
        ),
        key=lambda model: model._meta.db_table,
    )


def _columns(model: type[models.Model]) -> list[str]:
    left_out = LEFT_OUT_COLUMNS.get(model, set())
    return [
        connection.ops.quote_name(field.column)
        for field in model._meta.concrete_fields
        if field.name not in left_out
    ]


def _table_sql(model: type[models.Model]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    label = model._meta.label.replace("'", "")
    columns = _columns(model)
    # S608: every name comes from the models and is quoted; no input reaches this SQL
    if connection.vendor == "postgresql":
        row = f"ROW({', '.join(f't.{c}' for c in columns)})::text"
        rows = f"string_agg({row}, ';' ORDER BY t.{pk})"
        content = f"(SELECT md5({rows}) FROM {table} AS t)"  # noqa: S608
    else:
        row = " || ',' || ".join(f"quote({c})" for c in columns)
        ordered = f"SELECT {row} AS r FROM {table} ORDER BY {pk}"  # noqa: S608
        content = f"(SELECT group_concat(r, ';') FROM ({ordered}))"  # noqa: S608
    return f"SELECT '{label}', {content}"


class Snapshot:
    """The database now; :meth:`changed` names the tables that differ since the last look."""

    def __init__(self):
        self.sql = " UNION ALL ".join(_table_sql(model) for model in watched_models())
        self.state = self._take()

    def _take(self) -> dict[str, str]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            rows = cursor.fetchall()
        return {
            label: hashlib.sha256((content or "").encode()).hexdigest() for label, content in rows
        }

    def changed(self) -> list[str]:
        """The tables whose content changed since the last call (or creation); then re-baseline."""
        now = self._take()
        changed = sorted(label for label, digest in now.items() if self.state.get(label) != digest)
        self.state = now
        return changed

"""Bulk writes through the database cursor: the import's hot path, on SQLite and PostgreSQL.

``bulk_create`` compiles one multi-row statement per few hundred rows (SQLite's
bound-parameter limit) and prepares every value through the field: for an import of
250,000 rows that Python work, not the database, took nine tenths of the time. Here a
statement is prepared once and run for every row (``executemany``), values go to the
driver as they are where the driver takes them as they are, and primary keys are
reserved up front, so that references (also to records of the same file) are filled
in before the rows are written. PostgreSQL gets the rows through ``COPY``.
"""

import gc
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from functools import partial
from operator import attrgetter
from os import urandom

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models

# Field types whose Python values both drivers take unchanged.
AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
# SQLite: a larger page cache for the import's transaction (KiB, as a negative count).
IMPORT_CACHE_KIB = 256 * 1024


class ChangedMeanwhile(DatabaseError):
    """A record was saved by someone else after the import read it; nothing is written."""


def converter(field: models.Field) -> Callable | None:
    """How a Python value of ``field`` becomes what the driver takes (None: as it is)."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-call proxy
    kind = field.get_internal_type()
    if kind in AS_IS:
        return None
    if kind == "DateField":
        return db.ops.adapt_datefield_value
    if kind == "UUIDField" and not db.features.has_native_uuid_field:
        return attrgetter("hex")
    if kind == "JSONField":
        return partial(db.ops.adapt_json_value, encoder=field.encoder)
    return partial(field.get_db_prep_save, connection=db)


def prepared(field: models.Field, value):
    convert = converter(field)
    return value if convert is None or value is None else convert(value)


def column_list(fields: Sequence[models.Field]) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def insert(model: type[models.Model], fields: Sequence[models.Field], rows: list) -> None:
    """Insert ``rows`` (tuples of driver values, in the order of ``fields``).

    SQLite: one prepared statement run for every row. PostgreSQL: ``COPY``, because
    psycopg's ``executemany`` quotes every row into a statement of its own in Python.
    """
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list(fields)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({column_list(fields)}) VALUES ({marks})", rows)  # noqa: S608


def update(model: type[models.Model], fields: Sequence[models.Field], rows: list) -> None:
    """Set ``fields`` of stored records whose version is still the one read.

    Each row is ``(*values, pk, version read)``; when a record's version moved on
    (someone saved it during the import), :class:`ChangedMeanwhile` is raised.
    """
    if not rows:
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    where = f"{connection.ops.quote_name(meta.pk.column)} = %s AND version = %s"
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {where}", rows)  # noqa: S608
        if cursor.rowcount != len(rows):
            raise ChangedMeanwhile(
                f"{meta.label} records were changed by someone else during the import"
            )


def reserve_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """``count`` primary keys no other row has or will get (the import holds the write lock).

    PostgreSQL takes them from the table's sequence; SQLite's autoincrement tables
    follow the highest key ever used, which an insert with explicit keys moves on.
    """
    if not count:
        return ()
    meta = model._meta
    table, pk = meta.db_table, meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({connection.ops.quote_name(pk)}) "
            f"FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        highest = cursor.fetchone()[0]
    return range(highest + 1, highest + 1 + count)


def new_uids(count: int) -> list[str]:
    """Random (version 4) UUIDs as 32 hex digits, as both databases take them for a UUID
    column, from one read of the system's random source."""
    raw = bytearray(urandom(16 * count))
    raw[6::16] = bytes(byte & 0x0F | 0x40 for byte in raw[6::16])  # version 4
    raw[8::16] = bytes(byte & 0x3F | 0x80 for byte in raw[8::16])  # RFC 4122 variant
    digits = raw.hex()
    return [digits[start : start + 32] for start in range(0, 32 * count, 32)]


@contextmanager
def import_tuning():
    """SQLite: a large page cache for this connection while the import's transaction runs,
    so that its pages are not spilled to the log before the commit; restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while the import runs.

    An import makes millions of small objects that reference counting frees; the
    collector would walk all of them again and again (about a third of the import's
    time on 250,000 rows) to find the few cycles, which it collects once it is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

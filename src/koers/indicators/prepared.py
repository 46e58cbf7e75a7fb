"""A source's aggregate SQL built once per shape, and run with each call's locations.

Django spends far more time building a figure set's aggregate (hundreds of filtered counts
per period) than the database spends running it: in a profile of the facts' refresh, three
quarters of the time was resolving and compiling expressions. The SQL for a source, its
figures and periods depends on the locations only through their ids, which are query
parameters. So it is built once per shape (database, source, figures, periods, number of
locations) with stand-in ids, kept, and run with each call's own ids: the region table of
30 branches, the refresh of 350 and the next request for the same year build it once.

Only what runs exactly as Django would run it is kept: building must read nothing from the
database, every stand-in id must reach the parameters as itself, and every aggregate must
answer in whole numbers (or nothing), which need no database converter: its output field
says so when the shape is built, and each row is checked too. Anything else (a sum of
amounts, a latest date, an empty list of locations) takes Django's own path every time.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from django.core.exceptions import FieldError
from django.db import connections, router
from django.db.models import IntegerField, QuerySet

KEPT = 32_000_000  # characters of SQL kept per process, the least recently used dropped first
STAND_IN = -(10**15)  # ids far below any primary key


@dataclass(frozen=True)
class _Template:
    sql: str
    params: tuple
    slots: tuple[int | None, ...]  # per parameter: the index of the id it stands in for
    names: tuple[str, ...]  # the aggregates, in the order of their columns (Django's)


class _Built(Exception):
    """Raised instead of running the query Django built: it carries the SQL."""

    def __init__(self, sql: str, params: Sequence):
        super().__init__()
        self.sql, self.params = sql, tuple(params)


class _Kept:
    """The templates by shape (None: the shape takes Django's path), the least recently used
    dropped first beyond ``size`` characters of SQL; safe for a threaded server."""

    def __init__(self, size: int):
        self.size, self.used = size, 0
        self.templates: OrderedDict[Hashable, _Template | None] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bool, _Template | None]:
        """(known, template) of the shape."""
        with self.lock:
            if key not in self.templates:
                return False, None
            self.templates.move_to_end(key)
            return True, self.templates[key]

    def put(self, key: Hashable, template: _Template | None) -> None:
        with self.lock:
            if (old := self.templates.pop(key, None)) is not None:
                self.used -= len(old.sql)
            self.templates[key] = template
            self.used += len(template.sql) if template is not None else 0
            while self.used > self.size:
                dropped = self.templates.popitem(last=False)[1]
                self.used -= len(dropped.sql) if dropped is not None else 0


_kept = _Kept(KEPT)


def _built(alias: str, run: Callable[[], object]) -> _Built | None:
    """The first statement ``run`` would execute, not executed (None if it executes none),
    and not logged as a query either (tests count the queries of a computation)."""

    def stop(execute, sql, params, many, context):
        raise _Built(sql, params)

    connection = connections[alias]
    forced, connection.force_debug_cursor = connection.force_debug_cursor, False
    try:
        with connection.execute_wrapper(stop):
            run()
    except _Built as built:
        return built
    finally:
        connection.force_debug_cursor = forced
    return None


def _whole_numbers(queryset: QuerySet, aggregates: dict) -> bool:
    """Whether every aggregate answers in whole numbers by its output field (a count, a sum
    of whole numbers), so its value needs no converter. Resolved on a copy of the query."""
    query = queryset.query.chain()
    try:
        fields = [
            aggregate.resolve_expression(query, allow_joins=True, summarize=True).output_field
            for aggregate in aggregates.values()
        ]
    except FieldError:
        return False
    return all(isinstance(field, IntegerField) for field in fields)


def _template(alias: str, count: int, build) -> _Template | None:
    stand_ins = [STAND_IN - index for index in range(count)]
    asked = []
    with connections[alias].execute_wrapper(lambda execute, *args: asked.append(execute(*args))):
        queryset, aggregates = build(stand_ins)
    if asked:
        return None  # what the SQL looks like depends on data read while building it
    if not _whole_numbers(queryset, aggregates):
        return None  # a value Django would convert (an amount, a date): its own path
    built = _built(alias, lambda: queryset.using(alias).aggregate(**aggregates))
    if built is None:
        return None
    index = {stand_in: position for position, stand_in in enumerate(stand_ins)}
    slots = tuple(index.get(param) if isinstance(param, int) else None for param in built.params)
    if {slot for slot in slots if slot is not None} != set(range(count)):
        return None  # an id that does not reach the parameters as itself
    return _Template(built.sql, built.params, slots, tuple(aggregates))


def _run(alias: str, template: _Template, ids: Sequence[int]) -> dict | None:
    params = [
        param if slot is None else ids[slot]
        for param, slot in zip(template.params, template.slots, strict=True)
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(template.sql, params)
        row = cursor.fetchone()
    if any(value is not None and type(value) is not int for value in row):
        return None  # a whole number the database gives as a decimal (a sum of big ints)
    return dict(zip(template.names, row, strict=True))


def aggregate(
    shape: Hashable,
    model,
    ids: Sequence[int],
    build: Callable[[list[int]], tuple[QuerySet, dict]],
) -> dict:
    """``queryset.aggregate(**aggregates)`` for ``build(ids)``, with the SQL built once per
    ``shape`` (everything but the ids that decides the SQL) and number of ids."""
    alias = router.db_for_read(model)
    key = (alias, shape, len(ids))
    known, template = _kept.get(key)
    if not known:
        template = _template(alias, len(ids), build)
        _kept.put(key, template)
    if template is not None and (result := _run(alias, template, ids)) is not None:
        return result
    _kept.put(key, None)
    queryset, aggregates = build(list(ids))
    return queryset.aggregate(**aggregates)

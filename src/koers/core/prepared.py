"""A query's SQL built once per shape, and run with each call's ids.

Django can spend far more time building a query than the database spends running it: in a
profile of the facts' refresh, three quarters of the time was resolving and compiling the
figures' filtered aggregates (hundreds per period), and a client's file spent most of its
time building the deadline rules' queries (a dozen, each with the user's scope). Such SQL
often depends on the call only through ids (locations, clients), which are query
parameters. So it is built once per shape (database, what the caller says decides the SQL,
number of ids) with stand-in ids, kept, and run with each call's own ids: the region table
of 30 branches, the refresh of 350, the next client's file reuse it.

Only what runs exactly as Django would run it is kept: building must read nothing from the
database, and every stand-in id must reach the parameters as itself. :func:`aggregate`
keeps only aggregates that answer in whole numbers (or nothing), which need no database
converter: its output field says so when the shape is built, and each row is checked too;
:func:`values` converts each row's values with the converters Django would apply (dates,
uuids on SQLite). Anything else (a sum of amounts, a latest date, an empty list of ids)
takes Django's own path every time. Users: the figures (``indicators.engine``) and the deadline
rules (``deadlines.selectors``).
"""

import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldError
from django.db import connections, router
from django.db.models import Field, IntegerField, QuerySet
from django.db.models.query import ValuesIterable

KEPT = 32_000_000  # characters of SQL kept per process, the least recently used dropped first
STAND_IN = -(10**15)  # ids far below any primary key


@dataclass(frozen=True)
class _Template:
    sql: str
    params: tuple
    slots: tuple[int | None, ...]  # per parameter: the index of the id it stands in for
    names: tuple[str, ...]  # the aggregates or values, in the order of their columns (Django's)
    converters: tuple = ()  # (column, converters, expression): Django's, for ``values``


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


_NOTHING = _Template("", (), (), ())  # Django runs no statement: the condition holds no row


def _template(
    alias: str,
    count: int,
    build: Callable[[list[int]], Any],
    plan: Callable[[Any], tuple],
    *,
    nothing: bool = False,
) -> _Template | None:
    """The SQL of ``build(stand_ins)``: ``plan`` gives what runs it as Django would, and
    what names the row's columns and converts their values once it has run. ``nothing``:
    keep that Django runs no statement at all (its condition can hold no row, whatever the
    ids: a scope that reaches no such records), else that takes Django's path."""
    stand_ins = [STAND_IN - index for index in range(count)]
    asked = []
    with connections[alias].execute_wrapper(lambda execute, *args: asked.append(execute(*args))):
        built_from = build(stand_ins)
    if asked:
        return None  # what the SQL looks like depends on data read while building it
    if (planned := plan(built_from)) is None:
        return None  # a value Django would convert that the plan cannot (an amount, a date)
    run, describe = planned
    built = _built(alias, run)
    if built is None:
        return _NOTHING if nothing else None
    index = {stand_in: position for position, stand_in in enumerate(stand_ins)}
    slots = tuple(index.get(param) if isinstance(param, int) else None for param in built.params)
    if {slot for slot in slots if slot is not None} != set(range(count)):
        return None  # an id that does not reach the parameters as itself
    if (description := describe()) is None:
        return None
    names, converters = description
    return _Template(built.sql, built.params, slots, tuple(names), tuple(converters))


def _execute(alias: str, template: _Template, ids: Sequence[int]) -> list[tuple]:
    params = [
        param if slot is None else ids[slot]
        for param, slot in zip(template.params, template.slots, strict=True)
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(template.sql, params)
        return cursor.fetchall()


def _kept_or_built(
    shape: Hashable, model, ids: Sequence[int], build, plan, answer: Callable, **keep
) -> tuple[bool, Any]:
    """(True, ``answer(alias, template, ids)``) from the kept SQL of the shape, else
    (False, None): the shape takes Django's path (and will again)."""
    alias = router.db_for_read(model)
    key = (alias, shape, len(ids))
    known, template = _kept.get(key)
    if not known:
        template = _template(alias, len(ids), build, plan, **keep)
        _kept.put(key, template)
    if template is not None and (result := answer(alias, template, ids)) is not None:
        return True, result
    _kept.put(key, None)
    return False, None


def _whole_numbers(queryset: QuerySet, aggregates: dict) -> bool:
    """Whether every aggregate answers in whole numbers by its output field (a count, a sum
    of whole numbers), so its value needs no converter. An output field its class or its
    caller gave (a count's) is read as is; the others are resolved on a copy of the query
    (resolving thousands of filtered counts again was a quarter of building the figures)."""
    query = queryset.query.chain()
    try:
        fields = [
            _given_output(aggregate)
            or aggregate.resolve_expression(query, allow_joins=True, summarize=True).output_field
            for aggregate in aggregates.values()
        ]
    except FieldError:
        return False
    return all(isinstance(field, IntegerField) for field in fields)


def _given_output(aggregate) -> Field | None:
    """The output field set on the aggregate or its class (``Count``'s), without resolving."""
    given = inspect.getattr_static(aggregate, "output_field", None)
    return given if isinstance(given, Field) else None


def _aggregate_row(alias: str, template: _Template, ids: Sequence[int]) -> dict | None:
    row = _execute(alias, template, ids)[0]
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

    def plan(built: tuple[QuerySet, dict]) -> tuple | None:
        queryset, aggregates = built
        if not _whole_numbers(queryset, aggregates):
            return None
        alias = router.db_for_read(model)
        return lambda: queryset.using(alias).aggregate(**aggregates), lambda: (aggregates, ())

    kept, result = _kept_or_built(shape, model, ids, build, plan, _aggregate_row)
    if kept:
        return result
    queryset, aggregates = build(list(ids))
    return queryset.aggregate(**aggregates)


def _values_plan(alias: str) -> Callable[[QuerySet], tuple]:
    def plan(queryset: QuerySet) -> tuple:
        compiler = queryset.query.get_compiler(alias)

        def describe() -> tuple | None:
            query = compiler.query
            if queryset._iterable_class is not ValuesIterable:
                return None  # rows as ``values()`` gives them only
            fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
            if compiler.has_composite_fields(fields):
                return None
            names = query.selected or (  # as ``ValuesIterable``
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            )
            return names, tuple(
                (column, converters, expression)
                for column, (converters, expression) in compiler.get_converters(fields).items()
            )

        return lambda: list(compiler.results_iter()), describe

    return plan


def _value_rows(alias: str, template: _Template, ids: Sequence[int]) -> list[dict]:
    if template is _NOTHING:
        return []
    connection = connections[alias]
    rows = []
    for fetched in _execute(alias, template, ids):
        row = list(fetched)
        for column, converters, expression in template.converters:
            for converter in converters:  # as ``SQLCompiler.apply_converters``
                row[column] = converter(row[column], expression, connection)
        rows.append({name: row[column] for column, name in enumerate(template.names)})
    return rows


def values(
    shape: Hashable, model, ids: Sequence[int], build: Callable[[list[int]], QuerySet]
) -> list[dict]:
    """``list(build(ids))`` for a ``values()`` queryset of ``model``, with the SQL built
    once per ``shape`` (everything but the ids that decides the SQL) and number of ids."""
    alias = router.db_for_read(model)
    kept, rows = _kept_or_built(
        shape, model, ids, build, _values_plan(alias), _value_rows, nothing=len(ids) > 0
    )
    if kept:
        return rows
    return list(build(list(ids)))

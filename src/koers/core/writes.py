"""Telling whoever keeps something derived from records that records were written.

The base writes records but knows no domain. An app that keeps figures derived from the
records (the indicator facts, docs/indicators.md "Facts") registers an :class:`Observer`
here in its ``AppConfig.ready()``, and every writer of records tells it, inside the
writing transaction:

* ``created(model, pks)`` after inserting rows;
* ``with changing(model, pks):`` around an update: the observer looks at the rows before
  and after (a row that moves to another branch concerns both);
* ``with deleting(model, pks):`` around a delete: it looks at the rows, and at every row
  the delete takes along (cascades, and references set to null), before.

The shared writers (``core.services.record_insert``/``record_update``/``record_delete``) do
this for every record. A service that writes rows itself (bulk writes, a queryset
``update()``, the importer) calls these around its write; a write that only moves a row's
version and ``updated_at`` on needs nothing.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import models, router
from django.db.models.deletion import Collector


class Observer(Protocol):
    def touched(self, model: type[models.Model], pks: list[Any]) -> set[Any]:
        """What these rows bear on now (for the facts: the locations whose figures read them)."""
        ...

    def written(self, touched: set[Any]) -> None:
        """Rows bearing on ``touched`` were written, in the current transaction."""
        ...


OBSERVERS: list[Observer] = []


def register(observer: Observer) -> None:
    if observer not in OBSERVERS:
        OBSERVERS.append(observer)


def created(model: type[models.Model], pks: Iterable[Any]) -> None:
    """After inserting the rows ``pks`` of ``model``."""
    pks = list(pks)
    if pks:
        for observer in OBSERVERS:
            observer.written(observer.touched(model, pks))


@contextmanager
def changing(model: type[models.Model], pks: Iterable[Any]) -> Iterator[None]:
    """Around an update of the rows ``pks`` of ``model``."""
    pks = list(pks)
    before = [observer.touched(model, pks) for observer in OBSERVERS] if pks else []
    yield
    for observer, touched in zip(OBSERVERS, before, strict=False):
        observer.written(touched | observer.touched(model, pks))


@contextmanager
def deleting(model: type[models.Model], pks: Iterable[Any]) -> Iterator[None]:
    """Around a delete of the rows ``pks`` of ``model`` (Django's, which takes related rows
    along as their ``on_delete`` says)."""
    pks = list(pks)
    before = []
    if pks and OBSERVERS:
        affected = taken_along(model, pks)
        before = [
            set().union(*(observer.touched(m, rows) for m, rows in affected))
            for observer in OBSERVERS
        ]
    yield
    for observer, touched in zip(OBSERVERS, before, strict=False):
        observer.written(touched)


def taken_along(model: type[models.Model], pks: list[Any]) -> list[tuple[type[models.Model], list]]:
    """The rows a delete of these rows deletes or changes, as Django's delete collects them
    (the rows themselves included), per model."""
    collector = Collector(using=router.db_for_write(model))
    collector.collect(list(model._default_manager.filter(pk__in=pks)))
    found: list[tuple[type[models.Model], list]] = [
        (deleted, [row.pk for row in rows]) for deleted, rows in collector.data.items()
    ]
    for queryset in collector.fast_deletes:
        found.append((queryset.model, list(queryset.values_list("pk", flat=True))))
    for (field, _value), groups in collector.field_updates.items():
        for rows in groups:
            if isinstance(rows, models.QuerySet):
                found.append((field.model, list(rows.values_list("pk", flat=True))))
            else:  # the instances themselves
                found.append((field.model, [row.pk for row in rows]))  # type: ignore[attr-defined]
    return found  # (a model with no rows: the delete still writes its table, to no effect)

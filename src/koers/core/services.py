"""Generic writes of a Record: create, versioned update, delete, each with its change-log row.

App services call these after their own validation, and the back office
(:class:`koers.core.admin.ScopedAdmin`) calls them for its saves, so that the write
check, locking, versions and the change log are done once, here. The write check is the
role table's (``core.scoping.may_write``: ``for_user(by, write=True)``): a role that may
not write the record gets :class:`WriteRefused` and nothing is written (no row, no
version, no change-log row). Bulk writers outside these (attendance, anonymisation) call
:func:`require_write`, and tell :mod:`koers.core.writes` what they wrote (these do it for
every record).
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from koers.core import writes
from koers.core.actors import Actor
from koers.core.changes import change_entry, created_by_id, diff, snapshot, subjects_keep
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Capability, may, may_write


class WriteRefused(PermissionDenied):
    """The actor's roles do not let them write this record; nothing was written.

    Views answer it as "not yours" (404, ``core.access.view_scope``).
    """


def require_write(by: Actor, model: type[models.Model], *pks: Any) -> None:
    """Raise :class:`WriteRefused` unless ``by`` may write every row ``pks`` of ``model``."""
    if not may_write(by, model, *pks):
        raise WriteRefused(model._meta.label)


def may_correct(by: Actor, instance: models.Model, *, location: Any, authors: Any = ()) -> bool:
    """Whether ``by`` may change or delete what was recorded: its author (a user id in
    ``authors``, or who created it by the change log) or a role with ``correct_others``
    at ``location`` (the team leader). The write check comes on top (``require_write``)."""
    if may(by, Capability.CORRECT_OTHERS, location=location):
        return True
    user_id = getattr(by, "pk", None)
    if user_id is None:
        return False
    return user_id in set(authors) or user_id == created_by_id(instance)


def require_correct(by: Actor, instance: models.Model, *, location: Any, authors: Any = ()) -> None:
    """Raise :class:`WriteRefused` unless :func:`may_correct`."""
    if not may_correct(by, instance, location=location, authors=authors):
        raise WriteRefused(instance._meta.label)


M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """Someone saved the record after this editor opened it; nothing was written."""

    def __init__(self, current: models.Model, attempted: dict) -> None:
        super().__init__(f"{current} was changed by someone else")
        self.current = current
        self.attempted = attempted


@transaction.atomic
def record_create(model: type[M], *, by: Actor, source: str = "ui", **fields: Any) -> M:
    """A new record of ``model`` from ``fields``, validated, with its change-log row."""
    return record_insert(model(**fields), by=by, source=source)


@transaction.atomic
def record_insert(instance: M, *, by: Actor, source: str = "ui") -> M:
    """Save a new record built elsewhere (the back office's form), with its change-log row."""
    instance.full_clean()
    instance.save()
    writes.created(type(instance), [instance.pk])
    # checked on the stored row, whose relations say where it belongs; refused, the
    # transaction is rolled back and the row is gone
    require_write(by, type(instance), instance.pk)
    change_entry(
        instance,
        ChangeLogEntry.Action.CREATE,
        by=by,
        source=source,
        changes=diff({}, snapshot(instance)),
    ).save()
    return instance


@transaction.atomic
def record_update(
    instance: M, *, by: Actor, expected_version: int, source: str = "ui", **fields: Any
) -> M:
    """Apply ``fields`` if the stored version is still ``expected_version``, else ConflictError."""
    model = type(instance)
    fresh = model._default_manager.select_for_update().get(pk=instance.pk)
    require_write(by, model, fresh.pk)
    if getattr(fresh, "version", None) != expected_version:
        raise ConflictError(fresh, fields)
    before = snapshot(fresh)
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    changes = diff(before, snapshot(fresh))
    if not changes:
        return fresh
    fresh.version = F("version") + 1  # type: ignore[attr-defined]
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        fresh.updated_at = timezone.now()  # type: ignore[attr-defined]
    with writes.changing(model, [fresh.pk]):
        fresh.save()
    fresh.refresh_from_db()
    change_entry(fresh, ChangeLogEntry.Action.UPDATE, by=by, source=source, changes=changes).save()
    return fresh


@transaction.atomic
def record_delete(instance: models.Model, *, by: Actor, source: str = "ui") -> None:
    require_write(by, type(instance), instance.pk)
    subjects_keep(instance)
    change_entry(
        instance,
        ChangeLogEntry.Action.DELETE,
        by=by,
        source=source,
        changes=diff(snapshot(instance), {}),
    ).save()
    with writes.deleting(type(instance), [instance.pk]):
        instance.delete()

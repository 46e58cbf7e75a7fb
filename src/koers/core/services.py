"""Generic writes of a Record: create, versioned update, delete, each with its change-log row.

App services call these after their own validation, and the back office
(:class:`koers.core.admin.ScopedAdmin`) calls them for its saves, so that locking,
versions and the change log are done once, here.
"""

from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from koers.core.actors import Actor
from koers.core.changes import change_entry, diff, snapshot, subjects_keep
from koers.core.models import ChangeLogEntry

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
    fresh.save()
    fresh.refresh_from_db()
    change_entry(fresh, ChangeLogEntry.Action.UPDATE, by=by, source=source, changes=changes).save()
    return fresh


@transaction.atomic
def record_delete(instance: models.Model, *, by: Actor, source: str = "ui") -> None:
    subjects_keep(instance)
    change_entry(
        instance,
        ChangeLogEntry.Action.DELETE,
        by=by,
        source=source,
        changes=diff(snapshot(instance), {}),
    ).save()
    instance.delete()

"""Generic writes of a Record: create, versioned update, delete, each with its change-log row.

App services call these after their own validation, so that optimistic locking and
change logging are done once, here.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from koers.core.changes import change_entry, diff, snapshot
from koers.core.models import ChangeLogEntry


class ConflictError(Exception):
    """Someone saved the record after this editor opened it; nothing was written."""

    def __init__(self, current: models.Model, attempted: dict):
        super().__init__(f"{current} was changed by someone else")
        self.current = current
        self.attempted = attempted


@transaction.atomic
def record_create(model: type[models.Model], *, by, source: str = "ui", **fields):
    instance = model(**fields)
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
    instance: models.Model, *, by, expected_version: int, source: str = "ui", **fields
):
    """Apply ``fields`` if the stored version is still ``expected_version``, else ConflictError."""
    model = type(instance)
    fresh = model.objects.select_for_update().get(pk=instance.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, fields)
    before = snapshot(fresh)
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    changes = diff(before, snapshot(fresh))
    if not changes:
        return fresh
    fresh.version = F("version") + 1
    fresh.updated_at = timezone.now()
    fresh.save()
    fresh.refresh_from_db()
    change_entry(fresh, ChangeLogEntry.Action.UPDATE, by=by, source=source, changes=changes).save()
    return fresh


@transaction.atomic
def record_delete(instance: models.Model, *, by, source: str = "ui") -> None:
    change_entry(
        instance,
        ChangeLogEntry.Action.DELETE,
        by=by,
        source=source,
        changes=diff(snapshot(instance), {}),
    ).save()
    instance.delete()

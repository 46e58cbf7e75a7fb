"""The change log: who changed which record, when, and what (field: [before, after])."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from koers.core.actors import Actor, require_actor, source_of, user_of
from koers.core.models import ChangeLogEntry, ChangeLogSubject

UNTRACKED = {"uid", "version", "created_at", "updated_at"}


def plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(instance: models.Model) -> dict:
    """The tracked concrete field values of a record (foreign keys as ids)."""
    return {
        field.attname: plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in UNTRACKED
    }


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for every field whose value differs (absent = None)."""
    return {
        key: [before.get(key), after.get(key)]
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }


def person_id_of(instance: models.Model) -> int | None:
    """The client a record is about, following its scope's person path (None if none)."""
    scope = getattr(type(instance), "scope", None)
    path = getattr(scope, "person", None)
    if not path or getattr(scope, "person_many", False):
        return None
    if path == "pk":
        return instance.pk
    *hops, last = path.split("__")
    target: Any = instance
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def person_ids_of(instance: models.Model) -> list[int]:
    """Every client a record about several is about now (its scope's person path); [] for
    records about one client (``person_id`` holds that one) or none."""
    scope = getattr(type(instance), "scope", None)
    path = getattr(scope, "person", None)
    if not path or not getattr(scope, "person_many", False) or instance.pk is None:
        return []
    ids = type(instance)._default_manager.filter(pk=instance.pk).values_list(path, flat=True)
    return sorted({pk for pk in ids if pk is not None})


def subjects_keep(instance: models.Model) -> int:
    """Before a record about several clients is deleted: its clients on every earlier row
    of its history that names none, so the history stays findable by client; rows added."""
    people = person_ids_of(instance)
    if not people:
        return 0
    entries = ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        subjects__isnull=True,
    ).values_list("pk", flat=True)
    subjects = [
        ChangeLogSubject(entry_id=entry, person_id=person) for entry in entries for person in people
    ]
    ChangeLogSubject.objects.bulk_create(subjects, batch_size=2000)
    return len(subjects)


def change_entry(
    instance: models.Model,
    action: str,
    *,
    by: Actor,
    source: str = "ui",
    changes: dict,
    content_type: ContentType | None = None,
) -> ChangeLogEntry:
    """An unsaved log entry; save it, or pass many to :func:`write_changes`.

    ``source``: where a person made the change (``ui``, ``admin``, ``import``); a system
    actor's change has the actor's name as its source.
    """
    require_actor(by)
    entry = ChangeLogEntry(
        user=user_of(by),
        source=source_of(by, source),
        content_type=content_type or ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        external_id=getattr(instance, "external_id", str(instance.pk)),
        person_id=person_id_of(instance),
        action=action,
        changes=changes,
    )
    entry.subject_ids = person_ids_of(instance)  # written with the entry (ChangeLogEntry.save)
    return entry


def write_changes(entries: Iterable[ChangeLogEntry]) -> None:
    """Save many entries at once, with their subjects."""
    entries = ChangeLogEntry.objects.bulk_create(entries, batch_size=2000)
    ChangeLogSubject.objects.bulk_create(
        (
            ChangeLogSubject(entry=entry, person_id=person)
            for entry in entries
            for person in getattr(entry, "subject_ids", ())
        ),
        batch_size=2000,
    )


def created_by_id(instance: models.Model) -> int | None:
    """The user who created the record, by its change log (None: the import, the system, or
    a record from before the log)."""
    return (
        ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=instance.pk,
            action=ChangeLogEntry.Action.CREATE,
        )
        .values_list("user_id", flat=True)
        .first()
    )

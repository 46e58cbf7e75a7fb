"""Reads of privacy: a client's rights page and access-request export, for their team leader.

Only the team leader of the client's branch (or a superuser) reaches them, the same
rule as for the access log (``Capability.READ_ACCESS_LOG`` at the client's branch).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.models import AccessLogEntry, ChangeLogEntry, Record
from koers.core.scoping import Capability, get_for_user, may
from koers.people.models import Person
from koers.people.selectors import access_log_of
from koers.privacy.holdings import Holding, changes_of, holdings_of
from koers.privacy.models import Anonymisation, AnonymisationReason, ErasureRequest
from koers.privacy.scrub import ANONYMISED_KEY
from koers.privacy.terms import blockers_of

# Plumbing, not data about the client (the external id heads each record instead).
HIDDEN_FIELDS = {"id", "uid", "version", "name_key", "external_id", "created_at", "updated_at"}


def person_for_rights(user: Actor, person_uid: str) -> Person:
    """The client whose rights page the user may open, else 404 (also for "not yours")."""
    person = get_for_user(
        Person.objects.select_related("location", "household"), user, uid=person_uid
    )
    if not may(user, Capability.READ_ACCESS_LOG, location=person.location):
        raise Http404
    return person


def record_url(record: Record) -> str | None:
    """The page where a record is corrected: its edit form, else its detail page."""
    name = record._meta.model_name
    for view in ("edit", "detail", "file"):
        try:
            return reverse(
                f"{record._meta.app_label}:{name}_{view}", kwargs={f"{name}_uid": record.uid}
            )
        except NoReverseMatch:
            continue
    if isinstance(record, Person):
        return reverse("people:edit", kwargs={"person_uid": record.uid})
    return None


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name not in HIDDEN_FIELDS]


def display(record: models.Model, field: models.Field) -> str:
    """A field's value as a reader of the export reads it."""
    if field.choices:
        value = getattr(record, f"get_{field.name}_display")()
    elif field.is_relation:
        value = getattr(record, field.name)
        value = getattr(value, "external_id", value)
    else:
        value = getattr(record, field.attname)
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass
class ChangeRow:
    """One field of one change, as the history shows it."""

    entry: ChangeLogEntry
    record: str
    field: str
    before: object
    after: object


def model_field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    return None


def field_label(model: type[models.Model] | None, attname: str) -> str:
    if attname == ANONYMISED_KEY:
        return str(_("geanonimiseerd"))
    field = model_field(model, attname)
    return str(field.verbose_name) if field else attname


def readable(model: type[models.Model] | None, attname: str, value: Any) -> Any:
    """A logged value as the page shows it: a choice's label, yes/no, else as stored."""
    if attname == ANONYMISED_KEY:
        return (
            str(AnonymisationReason(value).label) if value in AnonymisationReason.values else value
        )
    field = model_field(model, attname)
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if field is not None and field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return value


def change_rows(
    entries: Iterable[ChangeLogEntry], *, every_field_of_a_creation: bool = True
) -> list[ChangeRow]:
    """Field by field: who changed what, from what, to what.

    Without ``every_field_of_a_creation`` a creation is one row: its first values show
    as the "before" of the first correction, and the page stays readable.
    """
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        label = str(model._meta.verbose_name) if model else entry.content_type.model
        record = f"{label} {entry.external_id}"
        if entry.action == ChangeLogEntry.Action.CREATE and not every_field_of_a_creation:
            rows.append(ChangeRow(entry, record, "—", None, entry.get_action_display()))
            continue
        for attname, (before, after) in sorted(entry.changes.items()):
            rows.append(
                ChangeRow(
                    entry=entry,
                    record=record,
                    field=field_label(model, attname),
                    before=readable(model, attname, before),
                    after=readable(model, attname, after),
                )
            )
    return rows


@dataclass
class Rights:
    """What the rights page shows of one client."""

    person: Person
    holdings: list[Holding]
    changes: list[ChangeRow]
    access_log: list[AccessLogEntry]
    anonymisation: Anonymisation | None
    erasure_requests: list[ErasureRequest]
    blockers: list[str]


def rights_of(
    person: Person, *, user: Actor, today: datetime.date, every_field: bool = True
) -> Rights:
    """What is held about the person, newest change first (creations in full or in one row)."""
    holdings = holdings_of(person, user=user)
    entries = changes_of(person, holdings).order_by("-at", "-id")
    return Rights(
        person=person,
        holdings=holdings,
        changes=change_rows(entries, every_field_of_a_creation=every_field),
        access_log=list(access_log_of(person)),
        anonymisation=Anonymisation.objects.for_user(user).filter(person=person).first(),
        erasure_requests=list(
            ErasureRequest.objects.for_user(user).filter(person=person).select_related("by")
        ),
        blockers=blockers_of(person, today=today),
    )

"""Writes of legal work: open and close a dossier, add steps and mark them done."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.services import record_create, record_update
from koers.legal.models import Dossier, DossierStep
from koers.people.models import Person


def dossier_open(
    *,
    person: Person,
    kind: str,
    opened_on: datetime.date,
    guardianship: bool | None,
    family_members: int | None,
    by: Actor,
) -> Dossier:
    return record_create(
        Dossier,
        by=by,
        person=person,
        kind=kind,
        opened_on=opened_on,
        guardianship=guardianship,
        family_members=family_members,
    )


def dossier_close(
    *, dossier: Dossier, closed_on: datetime.date, outcome: str, expected_version: int, by: Actor
) -> Dossier:
    """Close with an outcome (required: the figures count outcomes)."""
    if not outcome:
        raise ValidationError({"outcome": _("Een gesloten dossier heeft een uitkomst.")})
    if closed_on < dossier.opened_on:
        raise ValidationError({"closed_on": _("Deze datum ligt vóór de opening van het dossier.")})
    return record_update(
        dossier, by=by, expected_version=expected_version, closed_on=closed_on, outcome=outcome
    )


def step_add(
    *,
    dossier: Dossier,
    step: str,
    due_on: datetime.date | None,
    done_on: datetime.date | None,
    note: str,
    by: Actor,
) -> DossierStep:
    if dossier.closed_on:
        raise ValidationError(_("Dit dossier is gesloten."))
    if done_on and done_on < dossier.opened_on:
        raise ValidationError({"done_on": _("Deze datum ligt vóór de opening van het dossier.")})
    return record_create(
        DossierStep, by=by, dossier=dossier, step=step, due_on=due_on, done_on=done_on, note=note
    )


def step_mark_done(
    *, step: DossierStep, done_on: datetime.date, expected_version: int, by: Actor
) -> DossierStep:
    if done_on < step.dossier.opened_on:
        raise ValidationError({"done_on": _("Deze datum ligt vóór de opening van het dossier.")})
    return record_update(step, by=by, expected_version=expected_version, done_on=done_on)

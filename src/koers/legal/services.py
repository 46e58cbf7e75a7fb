"""Writes of legal work: open and close a dossier, add steps and mark them done (a decision
with its outcome), and keep the family members a reunification dossier concerns."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.actors import Actor
from koers.core.services import record_create, record_update
from koers.legal.models import (
    DECISION_STEPS,
    Dossier,
    DossierKind,
    DossierStep,
    FamilyMember,
)
from koers.people.models import ArrivalRoute, Person
from koers.people.services import person_create

BEFORE_OPENING = gettext_lazy("Deze datum ligt vóór de opening van het dossier.")


def _check_outcome(step: str, outcome: str, done_on: datetime.date | None) -> None:
    """Only a decision has an outcome, and only once it was taken."""
    if not outcome:
        return
    if step not in DECISION_STEPS:
        raise ValidationError({"outcome": _("Alleen een beslissing heeft een uitkomst.")})
    if done_on is None:
        raise ValidationError(
            {"done_on": _("Vul de datum van de beslissing in: een uitkomst hoort bij een datum.")}
        )


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
    outcome: str = "",
) -> DossierStep:
    if dossier.closed_on:
        raise ValidationError(_("Dit dossier is gesloten."))
    if done_on and done_on < dossier.opened_on:
        raise ValidationError({"done_on": BEFORE_OPENING})
    _check_outcome(step, outcome, done_on)
    return record_create(
        DossierStep,
        by=by,
        dossier=dossier,
        step=step,
        due_on=due_on,
        done_on=done_on,
        note=note,
        outcome=outcome,
    )


def step_mark_done(
    *,
    step: DossierStep,
    done_on: datetime.date,
    expected_version: int,
    by: Actor,
    outcome: str = "",
) -> DossierStep:
    """Mark a step done (or, for a decision recorded without it, add its outcome later).

    The dossier page asks a decision's outcome; the worklist and older bundles may leave it
    unknown, and then the page asks it again.
    """
    if done_on < step.dossier.opened_on:
        raise ValidationError({"done_on": BEFORE_OPENING})
    _check_outcome(step.step, outcome, done_on)
    return record_update(
        step, by=by, expected_version=expected_version, done_on=done_on, outcome=outcome
    )


def _check_member(dossier: Dossier, fields: dict) -> None:
    if dossier.kind != DossierKind.FAMILY_REUNIFICATION:
        raise ValidationError(_("Alleen een dossier gezinshereniging heeft gezinsleden."))
    born, arrived = fields.get("birth_date"), fields.get("arrived_on")
    if born and arrived and arrived < born:
        raise ValidationError({"arrived_on": _("De aankomst ligt vóór de geboortedatum.")})


def family_member_add(*, dossier: Dossier, by: Actor, **fields: Any) -> FamilyMember:
    """A family member the dossier concerns: given_name, family_name, relationship,
    birth_date, whereabouts, arrived_on."""
    _check_member(dossier, fields)
    return record_create(FamilyMember, by=by, dossier=dossier, **fields)


def family_member_update(
    *, member: FamilyMember, expected_version: int, by: Actor, **fields: Any
) -> FamilyMember:
    _check_member(member.dossier, {"birth_date": member.birth_date, **fields})
    return record_update(member, by=by, expected_version=expected_version, **fields)


@transaction.atomic
def family_member_register(
    *, member: FamilyMember, expected_version: int, by: Actor, **person_fields: Any
) -> Person:
    """Register an arrived family member as a person of the client's household.

    Name and birth date come from the member (the form shows them to correct); the
    person arrived through family reunification, at the client's branch. The people
    app's own service writes the person (its checks and change log); the member then
    points at them, so the dossier shows who they became.
    """
    if member.person_id is not None:
        raise ValidationError(_("Dit gezinslid is al als cliënt geregistreerd."))
    if member.arrived_on is None:
        raise ValidationError(
            {"arrived_on": _("Vul eerst in wanneer dit gezinslid is aangekomen.")}
        )
    sponsor = member.dossier.person
    fields = {
        "given_name": member.given_name,
        "family_name": member.family_name,
        "birth_date": member.birth_date,
        **person_fields,
        "arrival_route": ArrivalRoute.FAMILY_REUNIFICATION,
    }
    person = person_create(location=sponsor.location, household=sponsor.household, by=by, **fields)
    record_update(member, by=by, expected_version=expected_version, person=person)
    return person

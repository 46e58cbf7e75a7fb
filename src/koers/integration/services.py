"""Writes of the housing pipeline and the civic-integration plans.

Every write goes through ``core.services`` (validated by the models' ``clean()``, that is
by the rules of :mod:`koers.integration.rules`; optimistic locking on edits; the change
log). A service refuses with a ``ValidationError`` whose keys are the form's fields, in
Dutch, so a form shows each message next to its field.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.formatting import date_text
from koers.core.models import Location
from koers.core.services import record_create, record_update
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.queries import linking_waiting_on
from koers.people.models import Dwelling, Person, Placement
from koers.people.services import NewDwelling, household_register


def _require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        raise ValidationError({field: message} if field else message)


def is_waiting(linking: Linking, on: datetime.date) -> bool:
    """The linking is waiting on ``on`` (the same definition as the figures and the term)."""
    return Linking.objects.filter(linking_waiting_on(on), pk=linking.pk).exists()


def _open_linking_of(person: Person) -> Linking | None:
    """A linking of the person that is not cancelled and not (yet) housed."""
    far_future = datetime.date(9999, 12, 31)
    return Linking.objects.filter(linking_waiting_on(far_future), person=person).first()


# The housing pipeline -------------------------------------------------------------------------


@transaction.atomic
def linking_create(
    *,
    person: Person,
    linked_on: datetime.date,
    by: Actor,
    location: Location | None = None,
    planned_dwelling: Dwelling | None = None,
) -> Linking:
    """Record that the reception agency linked ``person`` to the branch's municipality."""
    _require(
        _open_linking_of(person) is None,
        _("Deze persoon is al gekoppeld en nog niet gehuisvest."),
    )
    return record_create(
        Linking,
        by=by,
        person=person,
        location=location or person.location,
        linked_on=linked_on,
        planned_dwelling=planned_dwelling,
    )


@transaction.atomic
def linking_register(
    *,
    location: Location,
    linked_on: datetime.date,
    members: list[dict],
    by: Actor,
    planned_dwelling: Dwelling | None = None,
) -> list[Linking]:
    """A household announced by the reception agency: its people, each with a linking."""
    household = household_register(location=location, members=members, by=by)
    return [
        linking_create(
            person=person,
            linked_on=linked_on,
            location=location,
            planned_dwelling=planned_dwelling,
            by=by,
        )
        for person in household.members.order_by("pk")
    ]


def linking_update(
    *,
    linking: Linking,
    linked_on: datetime.date,
    planned_dwelling: Dwelling | None,
    expected_version: int,
    by: Actor,
) -> Linking:
    return record_update(
        linking,
        by=by,
        expected_version=expected_version,
        linked_on=linked_on,
        planned_dwelling=planned_dwelling,
    )


def linking_cancel(
    *,
    linking: Linking,
    cancelled_on: datetime.date,
    cancel_reason: str,
    cancel_note: str,
    expected_version: int,
    by: Actor,
) -> Linking:
    """The linking is undone (housed elsewhere, withdrawn, …): it leaves the pipeline."""
    _require(linking.cancelled_on is None, _("Deze koppeling is al vervallen."))
    if cancelled_on >= linking.linked_on:  # an earlier day is refused by the rules
        _require(
            is_waiting(linking, cancelled_on),
            _("Op deze datum was de persoon al gehuisvest: dan vervalt de koppeling niet meer."),
            "cancelled_on",
        )
    return record_update(
        linking,
        by=by,
        expected_version=expected_version,
        cancelled_on=cancelled_on,
        cancel_reason=cancel_reason,
        cancel_note=cancel_note,
    )


@transaction.atomic
def linkings_house(
    *,
    linkings: list[Linking],
    housed_on: datetime.date,
    by: Actor,
    dwelling: Dwelling | None = None,
    new_dwelling: NewDwelling | None = None,
    counts_for_quota: bool = True,
) -> list[Placement]:
    """House linked people (a household together) in one dwelling of their branch.

    A counted placement in a dwelling of the linking's location on or after the linking
    is the linking's housing date: it closes the linking and its term, without typing
    the people again. Every linking must still be waiting on ``housed_on``.
    """
    _require(bool(linkings), _("Kies wie er gehuisvest wordt."), "members")
    _require(
        (dwelling is None) != (new_dwelling is None),
        _("Kies een woning of vul een nieuwe in."),
        "dwelling",
    )
    locations = {linking.location_id for linking in linkings}
    _require(len(locations) == 1, _("Deze koppelingen horen bij verschillende afdelingen."))
    location_id = locations.pop()
    if dwelling is not None:
        _require(
            dwelling.location_id == location_id,
            _("Deze woning hoort bij een andere afdeling."),
            "dwelling",
        )
    for linking in linkings:
        _require(
            housed_on >= linking.linked_on,
            _("%(person)s is pas op %(date)s gekoppeld: huisvesting ligt op of na die dag.")
            % {"person": linking.person, "date": date_text(linking.linked_on)},
            "housed_on",
        )
        _require(
            is_waiting(linking, housed_on),
            _("%(person)s wacht op die dag niet (meer) op huisvesting.")
            % {"person": linking.person},
            "members",
        )
    if new_dwelling is not None:
        dwelling = record_create(Dwelling, by=by, location_id=location_id, **vars(new_dwelling))
    return [
        record_create(
            Placement,
            by=by,
            person=linking.person,
            dwelling=dwelling,
            housed_on=housed_on,
            counts_for_quota=counts_for_quota,
        )
        for linking in linkings
    ]


# Civic-integration plans ------------------------------------------------------------------


def plan_create(
    *,
    person: Person,
    obligation_on: datetime.date,
    by: Actor,
    intake_started_on: datetime.date | None = None,
) -> IntegrationPlan:
    """Put a person under the Wet inburgering 2021 (the 2013 terms no longer apply)."""
    _require(
        not IntegrationPlan.objects.filter(person=person).exists(),
        _("Deze persoon heeft al een inburgeringsplan."),
    )
    return record_create(
        IntegrationPlan,
        by=by,
        person=person,
        obligation_on=obligation_on,
        intake_started_on=intake_started_on,
    )


def _plan_update(
    plan: IntegrationPlan, *, expected_version: int, by: Actor, **fields: Any
) -> IntegrationPlan:
    return record_update(plan, by=by, expected_version=expected_version, **fields)


def plan_record_intake(
    *,
    plan: IntegrationPlan,
    intake_started_on: datetime.date | None,
    intake_completed_on: datetime.date | None,
    expected_version: int,
    by: Actor,
) -> IntegrationPlan:
    return _plan_update(
        plan,
        expected_version=expected_version,
        by=by,
        intake_started_on=intake_started_on,
        intake_completed_on=intake_completed_on,
    )


def plan_record_pip(
    *,
    plan: IntegrationPlan,
    pip_on: datetime.date,
    route: str,
    expected_version: int,
    by: Actor,
) -> IntegrationPlan:
    """The municipality decided the PIP with its learning route (closes ``pip_decision``)."""
    _require(
        plan.route_switched_on is None,
        _("De leerroute is al gewisseld: het PIP wijzig je dan niet meer hier."),
    )
    return _plan_update(plan, expected_version=expected_version, by=by, pip_on=pip_on, route=route)


def plan_switch_route(
    *,
    plan: IntegrationPlan,
    route_switched_on: datetime.date,
    route: str,
    expected_version: int,
    by: Actor,
) -> IntegrationPlan:
    """A new learning route, up to 18 months after the PIP; the old one is kept."""
    _require(plan.pip_on is not None, _("Een leerroute wisselen kan pas na het PIP."))
    _require(plan.route_switched_on is None, _("De leerroute is al eens gewisseld."))
    _require(
        route != plan.route,
        _("Dit is de huidige leerroute: kies een andere."),
        "route",
    )
    return _plan_update(
        plan,
        expected_version=expected_version,
        by=by,
        route_switched_on=route_switched_on,
        route_before=plan.route,
        route=route,
    )


def plan_record_map(
    *, plan: IntegrationPlan, map_completed_on: datetime.date, expected_version: int, by: Actor
) -> IntegrationPlan:
    return _plan_update(
        plan, expected_version=expected_version, by=by, map_completed_on=map_completed_on
    )


def plan_record_unburdening(
    *,
    plan: IntegrationPlan,
    unburdening_from: datetime.date | None,
    unburdening_until: datetime.date | None,
    expected_version: int,
    by: Actor,
) -> IntegrationPlan:
    return _plan_update(
        plan,
        expected_version=expected_version,
        by=by,
        unburdening_from=unburdening_from,
        unburdening_until=unburdening_until,
    )


def plan_extend(
    *, plan: IntegrationPlan, term_extension_months: int, expected_version: int, by: Actor
) -> IntegrationPlan:
    """The municipality extended the three-year term by this many months in all."""
    return _plan_update(
        plan,
        expected_version=expected_version,
        by=by,
        term_extension_months=term_extension_months,
    )


def plan_complete(
    *, plan: IntegrationPlan, completed_on: datetime.date, expected_version: int, by: Actor
) -> IntegrationPlan:
    return _plan_update(plan, expected_version=expected_version, by=by, completed_on=completed_on)


def plan_exempt(
    *, plan: IntegrationPlan, exempted_on: datetime.date, expected_version: int, by: Actor
) -> IntegrationPlan:
    return _plan_update(plan, expected_version=expected_version, by=by, exempted_on=exempted_on)


def plan_end(
    *,
    plan: IntegrationPlan,
    outcome: str,
    ended_on: datetime.date,
    expected_version: int,
    by: Actor,
) -> IntegrationPlan:
    """Completed (``completed``) or exempted (``exempted``) on ``ended_on``."""
    if outcome == "completed":
        return plan_complete(
            plan=plan, completed_on=ended_on, expected_version=expected_version, by=by
        )
    _require(outcome == "exempted", _("Kies afgerond of ontheffing."), "outcome")
    return plan_exempt(plan=plan, exempted_on=ended_on, expected_version=expected_version, by=by)

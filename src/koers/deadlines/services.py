"""Writes of the deadlines app: closing items in place, and changing a rule's term.

Closing writes the record that closes the item through its owner's service where it
has one (a step done: ``legal.services.step_mark_done``; an evaluation:
``matching.services.match_evaluate``), else here (an exam result, a signature date),
always through ``core.services``, so optimistic locking and the change log apply.
Rule changes are allowed where the role table grants ``configure_deadlines`` (a
regional manager for their region and its branches; the foundation-wide default: a
superuser) and, like every other write, go through ``core.services``: locked,
versioned, and in the change log, which is the rules' history.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from koers.core.actors import Actor
from koers.core.models import Location
from koers.core.scoping import Capability, may
from koers.core.services import ConflictError, record_create, record_delete, record_update
from koers.deadlines.models import DeadlineRule, RuleSetting, term_place
from koers.people.models import CivicIntegrationResult, Person


def civic_integration_result_record(
    *, person: Person, outcome: str, decided_on: datetime.date, note: str = "", by: Actor
) -> CivicIntegrationResult:
    return record_create(
        CivicIntegrationResult,
        by=by,
        person=person,
        outcome=outcome,
        decided_on=decided_on,
        note=note,
    )


def participation_statement_record(
    *, person: Person, signed_on: datetime.date, expected_version: int, by: Actor
) -> Person:
    return record_update(
        person,
        by=by,
        expected_version=expected_version,
        participation_statement_signed_on=signed_on,
    )


def _may_configure(by: Actor, *, region: str, location: Location | None) -> bool:
    place = term_place(region=region, location=location)
    return may(by, Capability.CONFIGURE_DEADLINES, **place)


def _setting_for(rule: DeadlineRule, region: str, location: Location | None) -> RuleSetting | None:
    settings = RuleSetting.objects.select_for_update().filter(rule=rule)
    if location is not None:
        return settings.filter(location=location).first()
    return settings.filter(location__isnull=True, region=region).first()


@transaction.atomic
def rule_setting_save(
    *,
    rule: DeadlineRule,
    region: str = "",
    location: Location | None = None,
    offset_years: int,
    offset_months: int,
    offset_days: int,
    enabled: bool,
    expected_version: int | None,
    by: Actor,
    offset_weeks: int = 0,
) -> DeadlineRule | RuleSetting:
    """Set a rule's term for the foundation (no region, no branch), a region or a branch.

    ``expected_version``: the version the editor saw (None: there was no own setting).
    The foundation's term is the rule's own; a region's or branch's is a ``RuleSetting``,
    created on its first save.
    """
    if not _may_configure(by, region=region, location=location):
        raise PermissionDenied
    values: dict[str, Any] = {
        "offset_years": offset_years,
        "offset_months": offset_months,
        "offset_weeks": offset_weeks,
        "offset_days": offset_days,
        "enabled": enabled,
    }
    if location is None and not region:
        if expected_version is None:
            raise ConflictError(rule, values)
        return record_update(rule, by=by, expected_version=expected_version, **values)
    current = _setting_for(rule, region, location)
    if current is None:
        if expected_version is not None:  # removed by someone else since the editor opened it
            raise ConflictError(rule, values)
        return record_create(
            RuleSetting,
            by=by,
            rule=rule,
            region="" if location else region,
            location=location,
            **values,
        )
    if expected_version is None:  # someone else gave it a term of its own meanwhile
        raise ConflictError(current, values)
    return record_update(current, by=by, expected_version=expected_version, **values)


@transaction.atomic
def rule_setting_clear(
    *,
    rule: DeadlineRule,
    region: str = "",
    location: Location | None = None,
    expected_version: int,
    by: Actor,
) -> None:
    """Remove a region's or branch's own term, so the next level up applies again."""
    if (location is None and not region) or not _may_configure(
        by, region=region, location=location
    ):
        raise PermissionDenied
    current = _setting_for(rule, region, location)
    if current is None or current.version != expected_version:
        raise ConflictError(current or rule, {})
    record_delete(current, by=by)

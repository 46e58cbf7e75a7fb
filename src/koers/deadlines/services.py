"""Writes of the deadlines app: closing items in place, and changing a rule's term.

Closing writes the record that closes the item through its owner's service where it
has one (a step done: ``legal.services.step_mark_done``; an evaluation:
``matching.services.match_evaluate``), else here (an exam result, a signature date),
always through ``core.services``, so optimistic locking and the change log apply.
Rule changes are allowed to a regional manager for their region and its branches (the
foundation-wide default: a superuser) and are kept in ``RuleChange``.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from koers.core.models import Location
from koers.core.scoping import Role, memberships
from koers.core.services import ConflictError, record_create, record_update
from koers.deadlines.models import DeadlineRule, RuleChange, RuleSetting
from koers.people.models import CivicIntegrationResult, Person


def civic_integration_result_record(
    *, person: Person, outcome: str, decided_on: datetime.date, note: str = "", by
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
    *, person: Person, signed_on: datetime.date, expected_version: int, by
) -> Person:
    return record_update(
        person,
        by=by,
        expected_version=expected_version,
        participation_statement_signed_on=signed_on,
    )


def managed_regions(user) -> set[str]:
    """The regions whose terms the user may change."""
    return {m.region for m in memberships(user) if m.role == Role.REGIONAL_MANAGER and m.region}


def may_configure(user, *, region: str = "", location: Location | None = None) -> bool:
    """Regional managers for their region and its branches; the default only a superuser."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    target = location.region if location is not None else region
    return bool(target) and target in managed_regions(user)


def _setting_for(rule: DeadlineRule, region: str, location: Location | None):
    settings = RuleSetting.objects.select_for_update().filter(rule=rule)
    if location is not None:
        return settings.filter(location=location).first()
    return settings.filter(location__isnull=True, region=region).first()


def _check_version(current, expected_version: int | None, attempted: dict):
    found = current.version if current is not None else None
    if found != expected_version:
        raise ConflictError(current, attempted)


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
    by,
):
    """Set a rule's term for the foundation (no region, no branch), a region or a branch.

    ``expected_version``: the version the editor saw (None: there was no own setting).
    """
    if not may_configure(by, region=region, location=location):
        raise PermissionDenied
    values = {
        "offset_years": offset_years,
        "offset_months": offset_months,
        "offset_days": offset_days,
        "enabled": enabled,
    }
    if location is None and not region:
        current = DeadlineRule.objects.select_for_update().get(pk=rule.pk)
    else:
        current = _setting_for(rule, region, location)
    _check_version(current, expected_version, values)
    before = current.settings_dict() if current is not None else None
    if current is None:
        current = RuleSetting(rule=rule, region="" if location else region, location=location)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    if before == current.settings_dict():
        return current
    current.version = (expected_version or 0) + 1
    current.save()
    RuleChange.objects.create(
        user=by,
        rule=rule,
        region=region if location is None else "",
        location=location,
        before=before,
        after=current.settings_dict(),
    )
    return current


@transaction.atomic
def rule_setting_clear(
    *,
    rule: DeadlineRule,
    region: str = "",
    location: Location | None = None,
    expected_version: int,
    by,
) -> None:
    """Remove a region's or branch's own term, so the next level up applies again."""
    if (location is None and not region) or not may_configure(by, region=region, location=location):
        raise PermissionDenied
    current = _setting_for(rule, region, location)
    _check_version(current, expected_version, {})
    RuleChange.objects.create(
        user=by,
        rule=rule,
        region=region if location is None else "",
        location=location,
        before=current.settings_dict(),
        after=None,
    )
    current.delete()

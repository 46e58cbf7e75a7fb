"""Writes of the coaching work: every one atomic, validated and in the change log."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from koers.coaching.models import (
    HEALTH_ORGANISATION_KINDS,
    HEALTH_PARTNERS,
    HEALTH_ZRM_DOMAINS,
    BudgetLine,
    CoachPeriod,
    Referral,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Signal,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
    ZrmDomain,
    records_health,
)
from koers.coaching.selectors import eligible_coaches
from koers.cooperation.models import Partner
from koers.cooperation.services import normalised_name
from koers.core.actors import Actor
from koers.core.changes import change_entry
from koers.core.formatting import date_text
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import Capability, may
from koers.core.services import (
    ConflictError,
    WriteRefused,
    record_create,
    record_delete,
    record_insert,
    record_update,
)
from koers.people.models import Household, Person
from koers.staff.models import StaffMember


def _not_before(day: datetime.date | None, start: datetime.date, field: str, what: str) -> None:
    if day is not None and day < start:
        raise ValidationError({field: _("Deze datum ligt vóór %(what)s.") % {"what": what}})


def _require_eligible(
    coach: StaffMember | None, *, kind: str, location_id: int, on: datetime.date
) -> None:
    """Refuse a coach who may not coach this client on the day (``eligible_coaches``)."""
    if coach is None:
        return
    if not eligible_coaches(kind=kind, location_id=location_id, on=on).filter(pk=coach.pk):
        raise ValidationError(
            {
                "coach": _(
                    "%(coach)s kan deze cliënt niet begeleiden: de juiste rol, een getekende "
                    "overeenkomst, een VOG, de introductie of basiscursus en een account bij "
                    "deze afdeling zijn nodig."
                )
                % {"coach": coach}
            }
        )


def trajectory_start(
    *,
    person: Person,
    kind: str,
    coach: StaffMember | None,
    started_on: datetime.date,
    by: Actor,
) -> Trajectory:
    _require_eligible(coach, kind=kind, location_id=person.location_id, on=started_on)
    return record_create(
        Trajectory, by=by, person=person, kind=kind, coach=coach, started_on=started_on
    )


def _require_assign(by: Actor, trajectory: Trajectory) -> None:
    if not may(by, Capability.ASSIGN_COACH, location=trajectory.person.location):
        raise WriteRefused(Trajectory._meta.label)


@transaction.atomic
def trajectory_change_coach(
    *,
    trajectory: Trajectory,
    coach: StaffMember | None,
    changed_on: datetime.date,
    reason: str,
    expected_version: int,
    by: Actor,
) -> Trajectory:
    """Give a running trajectory another coach (or none) from ``changed_on``; it runs on.

    The current coach's time becomes a ``CoachPeriod`` up to the day before, with the
    reason; from ``changed_on`` the new coach reaches the client and the old one no longer
    (``selectors.coached_clients``). On the current coach's first day it is a correction:
    no period (the change log keeps the old value). Only a role with ``assign_coach`` (the
    team leader) changes coaches, and only to someone who may coach this client that day.
    """
    _require_assign(by, trajectory)
    fresh = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, {"coach": coach, "coach_since": changed_on})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef de reden van de wissel.")})
    if fresh.ended_on is not None:
        raise ValidationError(_("Dit traject is afgesloten; de coach kan niet meer wisselen."))
    if coach == fresh.coach:
        raise ValidationError({"coach": _("Dit is al de coach van dit traject.")})
    if changed_on < fresh.coach_from:
        raise ValidationError(
            {
                "changed_on": _(
                    "De wissel kan niet vóór %(day)s liggen: de start van het traject of "
                    "van de huidige coach."
                )
                % {"day": date_text(fresh.coach_from)}
            }
        )
    location_id = trajectory.person.location_id
    _require_eligible(coach, kind=fresh.kind, location_id=location_id, on=changed_on)
    if changed_on > fresh.coach_from:
        period = CoachPeriod(
            trajectory=fresh,
            coach=fresh.coach,
            started_on=fresh.coach_from,
            ended_on=changed_on - datetime.timedelta(days=1),
            reason=reason,
        )
        record_insert(period, by=by)
    return record_update(
        fresh,
        by=by,
        expected_version=expected_version,
        coach=coach,
        coach_since=None if changed_on == fresh.started_on else changed_on,
    )


@transaction.atomic
def caseload_handover(
    *,
    member: StaffMember,
    assignments: list[tuple[Trajectory, StaffMember | None, int]],
    changed_on: datetime.date,
    reason: str,
    by: Actor,
) -> list[Trajectory]:
    """Hand over a leaving coach's trajectories in one go: each ``(trajectory, new coach or
    None, the version the user saw)``, all from the same day with the same reason. All or
    nothing: one refusal or conflict writes none."""
    for trajectory, _coach, _version in assignments:
        if trajectory.coach_id != member.pk:
            raise ValidationError(
                _("%(client)s wordt niet (meer) door %(member)s begeleid.")
                % {"client": trajectory.person, "member": member}
            )
    return [
        trajectory_change_coach(
            trajectory=trajectory,
            coach=coach,
            changed_on=changed_on,
            reason=reason,
            expected_version=version,
            by=by,
        )
        for trajectory, coach, version in assignments
    ]


@transaction.atomic
def trajectory_close(
    *,
    trajectory: Trajectory,
    ended_on: datetime.date,
    end_reason: str,
    exit_conversation_on: datetime.date | None,
    exit_summary: str,
    expected_version: int,
    by: Actor,
    referral: dict | None = None,
) -> Trajectory:
    """End a trajectory with its exit conversation and, optionally, the warm handover."""
    _not_before(ended_on, trajectory.started_on, "ended_on", _("de start van het traject"))
    _not_before(
        exit_conversation_on,
        trajectory.started_on,
        "exit_conversation_on",
        _("de start van het traject"),
    )
    closed = record_update(
        trajectory,
        by=by,
        expected_version=expected_version,
        ended_on=ended_on,
        end_reason=end_reason,
        exit_conversation_on=exit_conversation_on,
        exit_summary=exit_summary,
    )
    if referral:
        referral_create(person=closed.person, trajectory=closed, by=by, **referral)
    return closed


def plan_save(
    *,
    trajectory: Trajectory,
    goals: str,
    actions: str,
    agreed_on: datetime.date,
    expected_version: int | None,
    by: Actor,
) -> TrajectoryPlan:
    """Write the plan; each edit is a new version whose old text stays in the change log."""
    plan = TrajectoryPlan.objects.filter(trajectory=trajectory).first()
    fields: dict[str, Any] = {"goals": goals, "actions": actions, "agreed_on": agreed_on}
    if plan is None:
        return record_create(TrajectoryPlan, by=by, trajectory=trajectory, **fields)
    return record_update(plan, by=by, expected_version=expected_version or 0, **fields)


def evaluation_create(
    *, trajectory: Trajectory, held_on: datetime.date, notes: str, by: Actor
) -> TrajectoryEvaluation:
    _not_before(held_on, trajectory.started_on, "held_on", _("de start van het traject"))
    return record_create(
        TrajectoryEvaluation, by=by, trajectory=trajectory, held_on=held_on, notes=notes
    )


@transaction.atomic
def measurement_save(
    *,
    trajectory: Trajectory,
    moment: str,
    measured_on: datetime.date,
    scores: dict[str, int],
    expected_version: int | None,
    by: Actor,
) -> SelfRelianceMeasurement:
    """Write the intake or exit ZRM measurement; changed scores are logged as one change.

    Any subset of domains will do. Health domains only where the branch records health
    data; elsewhere they are refused, and scores stored before an opt-out are kept as
    they are (what a form does not show, saving it does not erase).
    """
    if not scores:
        raise ValidationError(_("Geef ten minste één domein een score."))
    withheld = set() if records_health(trajectory.person.location) else HEALTH_ZRM_DOMAINS
    refused = sorted(str(ZrmDomain(domain).label) for domain in withheld & scores.keys())
    if refused:
        raise ValidationError(
            _("Deze afdeling legt geen gezondheidsgegevens vast: %(domains)s.")
            % {"domains": ", ".join(refused)}
        )
    measurement = SelfRelianceMeasurement.objects.filter(
        trajectory=trajectory, moment=moment
    ).first()
    before = dict(measurement.scores.values_list("domain", "score")) if measurement else {}
    scores = scores | {domain: score for domain, score in before.items() if domain in withheld}
    if measurement is None:
        measurement = record_create(
            SelfRelianceMeasurement,
            by=by,
            trajectory=trajectory,
            moment=moment,
            measured_on=measured_on,
        )
    else:
        measurement = record_update(
            measurement, by=by, expected_version=expected_version or 0, measured_on=measured_on
        )
    if before != scores:
        measurement.scores.all().delete()
        SelfRelianceScore.objects.bulk_create(
            SelfRelianceScore(measurement=measurement, domain=domain, score=score)
            for domain, score in scores.items()
        )
        if before:
            SelfRelianceMeasurement.objects.filter(pk=measurement.pk).update(
                version=F("version") + 1
            )
            measurement.refresh_from_db()
        change_entry(
            measurement,
            ChangeLogEntry.Action.UPDATE,
            by=by,
            changes={"scores": [before, scores]},
        ).save()
    return measurement


def referral_create(
    *,
    person: Person,
    trajectory: Trajectory | None,
    partner: str,
    partner_detail: str,
    referred_on: datetime.date,
    reason: str,
    warm_handover: bool,
    by: Actor,
    organisation: Partner | None = None,
) -> Referral:
    """A referral to a partner, named by its code and optionally by an organisation of
    the client's branch's social map (``cooperation.Partner``)."""
    health = partner in HEALTH_PARTNERS or (
        organisation is not None and organisation.kind in HEALTH_ORGANISATION_KINDS
    )
    if health and not records_health(person.location):
        raise ValidationError(
            {"partner": _("Deze afdeling legt geen verwijzingen naar de gezondheidszorg vast.")}
        )
    if organisation is not None and organisation.location_id != person.location_id:
        raise ValidationError(
            {
                "organisation": _(
                    "Deze organisatie staat op de sociale kaart van een andere afdeling."
                )
            }
        )
    return record_create(
        Referral,
        by=by,
        person=person,
        trajectory=trajectory,
        organisation=organisation,
        partner=partner,
        partner_detail=partner_detail,
        referred_on=referred_on,
        reason=reason,
        warm_handover=warm_handover,
    )


def referrals_link(*, partner: Partner, by: Actor) -> int:
    """Link the branch's unlinked referrals whose text is this partner's name.

    The text is the referral's ``partner_detail``, else the Dutch name of its partner
    code; case and spacing do not count. Only referrals ``by`` may write are linked (an
    administrator reaches no client record). The text stays as it was; each link is a
    change-log row of the referral. Returns how many referrals were linked. Called by
    ``cooperation.services`` when a partner joins the social map or is renamed (never
    when another partner of the branch has the same name); the data migration
    ``coaching/0004`` applied the same rule to the referrals that existed then.
    """
    key = normalised_name(partner.name)
    labels = dict(Referral._meta.get_field("partner").flatchoices)
    candidates = Referral.objects.for_user(by, write=True).filter(
        person__location=partner.location_id, organisation__isnull=True
    )
    linked = 0
    for referral in candidates:
        text = referral.partner_detail or str(labels.get(referral.partner, ""))
        if normalised_name(text) == key:
            record_update(referral, by=by, expected_version=referral.version, organisation=partner)
            linked += 1
    return linked


def referral_record_outcome(
    *, referral: Referral, outcome: str, outcome_note: str, expected_version: int, by: Actor
) -> Referral:
    return record_update(
        referral,
        by=by,
        expected_version=expected_version,
        outcome=outcome,
        outcome_note=outcome_note,
    )


def budget_line_create(
    *,
    household: Household,
    kind: str,
    description: str,
    amount: Decimal,
    counterparty: str,
    by: Actor,
) -> BudgetLine:
    return record_create(
        BudgetLine,
        by=by,
        household=household,
        kind=kind,
        description=description,
        amount=amount,
        counterparty=counterparty,
    )


def budget_line_update(
    *,
    line: BudgetLine,
    kind: str,
    description: str,
    amount: Decimal,
    counterparty: str,
    expected_version: int,
    by: Actor,
) -> BudgetLine:
    return record_update(
        line,
        by=by,
        expected_version=expected_version,
        kind=kind,
        description=description,
        amount=amount,
        counterparty=counterparty,
    )


def budget_line_delete(*, line: BudgetLine, by: Actor) -> None:
    record_delete(line, by=by)


def signal_create(
    *, location: Location, topic: str, description: str, noticed_on: datetime.date, by: Actor
) -> Signal:
    return record_create(
        Signal,
        by=by,
        location=location,
        topic=topic,
        description=description,
        noticed_on=noticed_on,
    )


def signal_mark_reported(
    *, signal: Signal, reported_on: datetime.date, expected_version: int, by: Actor
) -> Signal:
    _not_before(reported_on, signal.noticed_on, "reported_on", _("de signaleringsdatum"))
    return record_update(signal, by=by, expected_version=expected_version, reported_on=reported_on)

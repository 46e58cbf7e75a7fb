"""Offering a household to another branch, and accepting, declining or revoking the offer.

Each state change is one transaction with its change-log row. The side that acts is
checked here: offering and revoking by a holder of ``transfer`` at the old branch,
accepting and declining by one at the new branch; a refusal raises
:class:`~koers.core.services.WriteRefused` (a 404 in the views) and writes nothing.

On acceptance, from ``moved_on`` (the day of acceptance) the new branch owns the
household and its people, and with them their running trajectories, dossiers, matches and
plans (their branch is the person's): the old branch's team and volunteers no longer reach
the file, and the deadlines of those records are the new branch's worklist. What the old
branch's volunteers did for the household ends the day before: their coaching of a running
trajectory (a coach period up to the day before, no coach from the move), their running
matches (stopped, reason "verhuisd") and waiting requests (withdrawn), and enrolments in
the old branch's groups. Records that belong to a branch of their own stay there: contacts
the old branch logged, placements in its dwellings, its linkings.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.coaching.models import Trajectory
from koers.coaching.services import trajectory_change_coach
from koers.core import writes
from koers.core.actors import Actor, user_of
from koers.core.changes import change_entry, diff, snapshot, write_changes
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import Capability, may
from koers.core.services import ConflictError, WriteRefused
from koers.groups.models import Enrolment
from koers.matching.models import Match, MatchEndReason, MatchOutcome
from koers.matching.services import match_stop
from koers.people.models import Household, Person
from koers.transfers.models import ConsentForm, Transfer, TransferPerson, TransferState

MOVE_REASON = gettext_lazy("Overgedragen aan een andere afdeling")


def _require_transfer_at(by: Actor, location: Location) -> None:
    if not may(by, Capability.TRANSFER, location=location):
        raise WriteRefused(Transfer._meta.label)


def _log(instance: models.Model, action: str, *, by: Actor, before: dict) -> None:
    change_entry(
        instance, action, by=by, source="ui", changes=diff(before, snapshot(instance))
    ).save()


@transaction.atomic
def transfer_offer(
    *,
    household: Household,
    to_location: Location,
    consent_on: datetime.date,
    consent_how: str,
    note: str = "",
    by: Actor,
) -> Transfer:
    """Offer ``household`` (all its members) to ``to_location``, with the client's consent."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    _require_transfer_at(by, household.location)
    errors = {}
    if to_location.pk == household.location_id:
        errors["to_location"] = _("Kies een andere afdeling dan de huidige.")
    if consent_how not in ConsentForm.values:
        errors["consent_how"] = _("Kies hoe de cliënt toestemming gaf.")
    if errors:
        raise ValidationError(errors)
    if Transfer.objects.filter(household=household, state=TransferState.PENDING).exists():
        raise ValidationError(_("Dit huishouden is al aangeboden aan een andere afdeling."))
    members = list(Person.objects.filter(household=household).order_by("pk"))
    if not members:
        raise ValidationError(_("Dit huishouden heeft geen leden."))
    transfer = Transfer(
        household=household,
        from_location_id=household.location_id,
        to_location=to_location,
        consent_on=consent_on,
        consent_how=consent_how,
        note=note.strip(),
        offered_by=user_of(by),
        offered_at=timezone.now(),
    )
    transfer.full_clean()
    transfer.save()
    writes.created(Transfer, [transfer.pk])
    moved = TransferPerson.objects.bulk_create(
        TransferPerson(transfer=transfer, person=member) for member in members
    )
    writes.created(TransferPerson, [row.pk for row in moved])
    _log(transfer, ChangeLogEntry.Action.CREATE, by=by, before={})
    return transfer


def _fresh(transfer: Transfer, expected_version: int) -> Transfer:
    fresh = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, {})
    if fresh.state != TransferState.PENDING:
        raise ValidationError(
            _("Dit aanbod is al %(state)s.") % {"state": fresh.get_state_display()}
        )
    return fresh


def _save(fresh: Transfer, *, by: Actor, before: dict, **fields: Any) -> Transfer:
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    fresh.version = F("version") + 1
    fresh.updated_at = timezone.now()
    with writes.changing(Transfer, [fresh.pk]):
        fresh.save()
    fresh.refresh_from_db()
    _log(fresh, ChangeLogEntry.Action.UPDATE, by=by, before=before)
    return fresh


@transaction.atomic
def transfer_revoke(*, transfer: Transfer, expected_version: int, by: Actor) -> Transfer:
    """The offering branch takes its pending offer back."""
    _require_transfer_at(by, transfer.from_location)
    fresh = _fresh(transfer, expected_version)
    return _save(
        fresh,
        by=by,
        before=snapshot(fresh),
        state=TransferState.REVOKED,
        revoked_by=user_of(by),
        revoked_at=timezone.now(),
    )


@transaction.atomic
def transfer_decline(
    *, transfer: Transfer, reason: str, expected_version: int, by: Actor
) -> Transfer:
    """The receiving branch declines the offer, with a reason; the household stays."""
    _require_transfer_at(by, transfer.to_location)
    fresh = _fresh(transfer, expected_version)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"decline_reason": _("Geef de reden van de afwijzing.")})
    return _save(
        fresh,
        by=by,
        before=snapshot(fresh),
        state=TransferState.DECLINED,
        decided_by=user_of(by),
        decided_at=timezone.now(),
        decline_reason=reason,
    )


@transaction.atomic
def transfer_accept(
    *, transfer: Transfer, moved_on: datetime.date, expected_version: int, by: Actor
) -> Transfer:
    """The receiving branch accepts: from ``moved_on`` the household is theirs."""
    _require_transfer_at(by, transfer.to_location)
    fresh = _fresh(transfer, expected_version)
    household = Household.objects.select_for_update().get(pk=fresh.household_id)
    if household.location_id != fresh.from_location_id:
        raise ValidationError(_("Dit huishouden hoort niet meer bij de aanbiedende afdeling."))
    if moved_on < fresh.offered_at.astimezone(timezone.get_current_timezone()).date():
        raise ValidationError({"moved_on": _("De overdracht ligt vóór het aanbod.")})
    people = list(Person.objects.filter(moves__transfer=fresh).order_by("pk"))
    last_move = (
        Transfer.objects.filter(state=TransferState.ACCEPTED, moved__person__in=people)
        .order_by("-moved_on")
        .values_list("moved_on", flat=True)
        .first()
    )
    if last_move is not None and last_move >= moved_on:
        raise ValidationError(_("Iemand van dit huishouden is op of na deze dag al overgedragen."))
    accepted = _save(
        fresh,
        by=by,
        before=snapshot(fresh),
        state=TransferState.ACCEPTED,
        decided_by=user_of(by),
        decided_at=timezone.now(),
        moved_on=moved_on,
    )
    _move(household, people, to=accepted.to_location, by=by)
    _end_old_branch_work(people, new=accepted.to_location, on=moved_on, by=by)
    return accepted


def _move(household: Household, people: list[Person], *, to: Location, by: Actor) -> None:
    """The household and its moved members to the new branch, each with its change-log row
    (the facts of both branches marked: ``writes.changing`` sees the rows before and after)."""
    now = timezone.now()
    for model, rows in ((Household, [household]), (Person, people)):
        pks = [row.pk for row in rows]
        before = {row.pk: snapshot(row) for row in model.objects.filter(pk__in=pks)}
        with writes.changing(model, pks):
            model.objects.filter(pk__in=pks).update(
                location=to, version=F("version") + 1, updated_at=now
            )
        write_changes(
            change_entry(
                row,
                ChangeLogEntry.Action.UPDATE,
                by=by,
                changes=diff(before[row.pk], snapshot(row)),
            )
            for row in model.objects.filter(pk__in=pks)
        )


def _end_old_branch_work(
    people: Iterable[Person], *, new: Location, on: datetime.date, by: Actor
) -> None:
    """End what volunteers of other branches did for these people: their coaching of a
    running trajectory from ``on`` (the trajectory runs on, without a coach, for the new
    branch to give one), their running matches and group enrolments the day before."""
    day_before = on - datetime.timedelta(days=1)
    people = list(people)
    running = (
        Trajectory.objects.filter(person__in=people, ended_on__isnull=True, coach__isnull=False)
        .exclude(coach__location=new)
        .select_related("person")
    )
    for trajectory in running:
        trajectory_change_coach(
            trajectory=trajectory,
            coach=None,
            changed_on=max(on, trajectory.coach_from),
            reason=str(MOVE_REASON),
            expected_version=trajectory.version,
            by=by,
        )
    # a request on the waiting list moves along (the new branch pairs it); a running pair
    # with a volunteer of another branch ends
    running_matches = (
        Match.objects.filter(person__in=people, ended_on__isnull=True, started_on__isnull=False)
        .exclude(staff__location=new)
        .order_by("pk")
    )
    for match in running_matches:
        match_stop(
            match=match,
            ended_on=max(day_before, match.started_on),
            outcome=MatchOutcome.STOPPED,
            end_reason=MatchEndReason.MOVED,
            end_note=str(MOVE_REASON),
            expected_version=match.version,
            by=by,
        )
    enrolments = list(
        Enrolment.objects.filter(person__in=people)
        .exclude(group__location=new)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
    )
    for enrolment in enrolments:
        before = snapshot(enrolment)
        left_on = max(day_before, enrolment.enrolled_on)
        with writes.changing(Enrolment, [enrolment.pk]):
            Enrolment.objects.filter(pk=enrolment.pk).update(
                left_on=left_on, version=F("version") + 1, updated_at=timezone.now()
            )
        enrolment.refresh_from_db()
        _log(enrolment, ChangeLogEntry.Action.UPDATE, by=by, before=before)

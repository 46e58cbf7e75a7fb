"""Writes of group work: a session held, and its attendance taken as one list."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import writes
from koers.core.actors import Actor
from koers.core.changes import change_entry, created_by_id, write_changes
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Capability, may, may_write
from koers.core.services import (
    ConflictError,
    record_create,
    record_delete,
    record_update,
    require_correct,
    require_write,
)
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.groups.selectors import enrolled_on_session


def _within_group(group: Group, date: datetime.date) -> None:
    if date < group.started_on or (group.ended_on and date > group.ended_on):
        raise ValidationError({"date": _("Deze datum valt buiten de looptijd van de groep.")})


def session_create(*, group: Group, date: datetime.date, by: Actor) -> GroupSession:
    """A session held: only those who run the group (its helpers) and the team leader add
    one (the group's write reach, ``Scope.run_by``), refused here before anything else."""
    require_write(by, Group, group.pk)
    _within_group(group, date)
    return record_create(GroupSession, by=by, group=group, date=date)


def sheet_author_ids(session: GroupSession) -> set[int]:
    """Who recorded the session or its attendance (by the change log): its authors."""
    attendance = ContentType.objects.get_for_model(Attendance)
    authors = set(
        ChangeLogEntry.objects.filter(
            content_type=attendance,
            object_id__in=Attendance.objects.filter(session=session).values("pk"),
        )
        .exclude(user=None)
        .values_list("user_id", flat=True)
    )
    creator = created_by_id(session)
    return authors | ({creator} if creator else set())


def sessions_to_correct(user: Actor, group: Group, sessions: list[GroupSession]) -> set[int]:
    """Of the group's sessions, those the user may correct (the edit and delete links), in a
    fixed number of queries: all for who corrects colleagues' records and writes the group,
    else those whose session or attendance rows the user created (by the change log)."""
    if not sessions or not may_write(user, Group, group.pk):
        return set()
    ids = [session.pk for session in sessions]
    if may(user, Capability.CORRECT_OTHERS, location=group.location):
        return set(ids)
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return set()
    mine = ChangeLogEntry.objects.filter(user_id=user_id, action=ChangeLogEntry.Action.CREATE)
    created = mine.filter(
        content_type=ContentType.objects.get_for_model(GroupSession), object_id__in=ids
    ).values_list("object_id", flat=True)
    took = Attendance.objects.filter(
        session__in=ids,
        pk__in=mine.filter(content_type=ContentType.objects.get_for_model(Attendance)).values(
            "object_id"
        ),
    ).values_list("session", flat=True)
    return set(created) | set(took)


def _require_correct_session(by: Actor, session: GroupSession) -> None:
    require_write(by, GroupSession, session.pk)
    require_correct(by, session, location=session.group.location, authors=sheet_author_ids(session))


@transaction.atomic
def session_update(
    *, session: GroupSession, date: datetime.date, expected_version: int, by: Actor
) -> GroupSession:
    """Correct a session's date: who recorded it (or its register), or the team leader.
    Everyone on its register must be enrolled on the new date too."""
    _require_correct_session(by, session)
    _within_group(session.group, date)
    listed = set(Attendance.objects.filter(session=session).values_list("person", flat=True))
    enrolled = set(
        Enrolment.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=date),
            group=session.group_id,
            enrolled_on__lte=date,
        ).values_list("person", flat=True)
    )
    if listed - enrolled:
        raise ValidationError(
            {"date": _("Niet iedereen op de presentielijst was op die datum ingeschreven.")}
        )
    return record_update(session, by=by, expected_version=expected_version, date=date)


def _delete_attendance(session: GroupSession, by: Actor) -> int:
    """Every attendance row of the session, each with its change-log row (the client's)."""
    rows = list(Attendance.objects.filter(session=session))
    require_write(by, Attendance, *(row.pk for row in rows))
    write_changes(
        change_entry(
            row,
            ChangeLogEntry.Action.DELETE,
            by=by,
            changes={
                "session_id": [session.pk, None],
                "person_id": [row.person_id, None],
                "present": [row.present, None],
            },
        )
        for row in rows
    )
    with writes.deleting(Attendance, [row.pk for row in rows]):
        Attendance.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def _session_to_correct(session: GroupSession, expected_version: int, by: Actor) -> GroupSession:
    """The session locked, if ``by`` may correct it and it is still the version they saw."""
    fresh = (
        GroupSession.objects.select_for_update(of=("self",))
        .select_related("group__location")
        .get(pk=session.pk)
    )
    _require_correct_session(by, fresh)
    if fresh.version != expected_version:
        raise ConflictError(fresh, {})
    return fresh


@transaction.atomic
def attendance_clear(*, session: GroupSession, expected_version: int, by: Actor) -> GroupSession:
    """Delete a session's attendance sheet (taken for the wrong session): its author or the
    team leader. The session stays, with no register; published editions keep theirs."""
    fresh = _session_to_correct(session, expected_version, by)
    if _delete_attendance(fresh, by):
        GroupSession.objects.filter(pk=fresh.pk).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        fresh.refresh_from_db()
    return fresh


@transaction.atomic
def session_delete(*, session: GroupSession, expected_version: int, by: Actor) -> None:
    """Delete a session added by mistake, with its attendance: who recorded it or the team
    leader. Published editions keep their figures (they are frozen)."""
    fresh = _session_to_correct(session, expected_version, by)
    _delete_attendance(fresh, by)
    record_delete(fresh, by=by)


@transaction.atomic
def attendance_save(
    *,
    session: GroupSession,
    user: Actor,
    present: dict[int, bool],
    expected_version: int,
    by: Actor,
) -> GroupSession:
    """Record presence for the persons enrolled on the session's date, all in one write.

    ``present`` maps person ids to presence; only persons enrolled on that date and within
    the user's reach count. Only those who may write the session (its group's helpers,
    the team leader) take the register. The session's version guards against two people
    taking the same register at once; it grows only when a presence changed.
    """
    fresh = GroupSession.objects.select_for_update().get(pk=session.pk)
    require_write(by, GroupSession, fresh.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, {"present": present})
    enrolled = {e.person_id for e in enrolled_on_session(user, fresh, write=True)}
    unknown = set(present) - enrolled
    if unknown:
        raise ValidationError(_("Niet iedereen in de lijst was op deze datum ingeschreven."))
    existing = {a.person_id: a for a in Attendance.objects.filter(session=fresh)}
    created, changed, entries = [], [], []
    for person_id, is_present in present.items():
        row = existing.get(person_id)
        if row is None:
            created.append(Attendance(session=fresh, person_id=person_id, present=is_present))
        elif row.present != is_present:
            entries.append(
                change_entry(
                    row,
                    ChangeLogEntry.Action.UPDATE,
                    by=by,
                    changes={"present": [row.present, is_present]},
                )
            )
            row.present, row.version, row.updated_at = is_present, row.version + 1, timezone.now()
            changed.append(row)
    created = Attendance.objects.bulk_create(created)
    writes.created(Attendance, [row.pk for row in created])
    with writes.changing(Attendance, [row.pk for row in changed]):
        Attendance.objects.bulk_update(changed, ["present", "version", "updated_at"])
    entries += [
        change_entry(
            row,
            ChangeLogEntry.Action.CREATE,
            by=by,
            changes={
                "session_id": [None, fresh.pk],
                "person_id": [None, row.person_id],
                "present": [None, row.present],
            },
        )
        for row in created
    ]
    if not entries:
        return fresh
    write_changes(entries)
    GroupSession.objects.filter(pk=fresh.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    fresh.refresh_from_db()
    return fresh

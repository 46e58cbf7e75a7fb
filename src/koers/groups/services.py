"""Writes of group work: a session held, and its attendance taken as one list."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.changes import change_entry, write_changes
from koers.core.models import ChangeLogEntry
from koers.core.services import ConflictError, record_create, require_write
from koers.groups.models import Attendance, Group, GroupSession
from koers.groups.selectors import enrolled_on_session


def session_create(*, group: Group, date: datetime.date, by: Actor) -> GroupSession:
    if date < group.started_on or (group.ended_on and date > group.ended_on):
        raise ValidationError({"date": _("Deze datum valt buiten de looptijd van de groep.")})
    return record_create(GroupSession, by=by, group=group, date=date)


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

"""Reads of group work: groups, who is enrolled on a date, sessions and attendance rates."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from koers.core.actors import Actor, User
from koers.groups.models import Attendance, Enrolment, Group, GroupSession


def group_clients(user: User, today: datetime.date) -> QuerySet:
    """Assignment source: the members of a group the user helps run that has not ended."""
    return Enrolment.objects.filter(
        Q(group__ended_on__isnull=True) | Q(group__ended_on__gte=today),
        group__staff__user=user,
    ).values("person")


def group_list(user: Actor, *, program: str = "", status: str = "") -> QuerySet[Group]:
    today = timezone.localdate()
    groups = (
        Group.objects.for_user(user)
        .annotate(
            session_count=Count("sessions", distinct=True),
            enrolment_count=Count("enrolments", distinct=True),
        )
        .order_by("-started_on", "pk")
    )
    if program:
        groups = groups.filter(program=program)
    if status == "active":
        groups = groups.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    elif status == "ended":
        groups = groups.filter(ended_on__lt=today)
    return groups


def enrolled_on_session(
    user: Actor, session: GroupSession, *, write: bool = False
) -> QuerySet[Enrolment]:
    """Enrolments active on the session's date that the user may see (or change)."""
    return (
        Enrolment.objects.for_user(user, write=write)
        .filter(
            Q(left_on__isnull=True) | Q(left_on__gte=session.date),
            group=session.group_id,
            enrolled_on__lte=session.date,
        )
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )


@dataclass
class SessionRow:
    session: GroupSession
    present: int
    recorded: int


def session_rows(user: Actor, group: Group) -> list[SessionRow]:
    """Each session with its present and recorded attendance (within the user's reach)."""
    counts = {
        row["session"]: row
        for row in Attendance.objects.for_user(user)
        .filter(session__group=group)
        .values("session")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
    }
    return [
        SessionRow(
            session=session,
            present=counts.get(session.pk, {}).get("present", 0),
            recorded=counts.get(session.pk, {}).get("recorded", 0),
        )
        for session in group.sessions.order_by("-date")
    ]


def attendance_rate(rows: list[SessionRow]) -> float | None:
    """Present over recorded, as the indicators count it; None with nothing recorded."""
    recorded = sum(row.recorded for row in rows)
    return round(sum(row.present for row in rows) / recorded, 3) if recorded else None

"""Reads of group work: groups, who is enrolled on a date, sessions and attendance rates."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractWeekDay
from django.utils import timezone

from koers.core.actors import Actor, User
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.staff.models import StaffMember


def group_clients(user: User, today: datetime.date) -> QuerySet:
    """Assignment source: the members of a group the user helps run that has not ended."""
    return Enrolment.objects.filter(
        Q(group__ended_on__isnull=True) | Q(group__ended_on__gte=today),
        group__staff__user=user,
    ).values("person")


def group_list(
    user: Actor,
    *,
    program: str = "",
    status: str = "",
    staff: StaffMember | None = None,
    evening: str = "",
    mine: bool = False,
) -> QuerySet[Group]:
    """The groups the user sees, each with its counts and its helpers (one query each)."""
    today = timezone.localdate()
    groups = (
        Group.objects.for_user(user)
        .select_related("location")
        .prefetch_related(
            Prefetch("staff", queryset=StaffMember.objects.order_by("family_name", "given_name"))
        )
        .annotate(
            session_count=Count("sessions", distinct=True),
            enrolment_count=Count("enrolments", distinct=True),
        )
        .order_by("-started_on", "pk")
    )
    if mine:
        groups = groups.filter(pk__in=_run_by(user).values("pk"))
    if staff is not None:
        groups = groups.filter(pk__in=Group.objects.filter(staff=staff).values("pk"))
    if evening:
        groups = groups.filter(evening=evening == "yes")
    if program:
        groups = groups.filter(program=program)
    if status == "active":
        groups = groups.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    elif status == "ended":
        groups = groups.filter(ended_on__lt=today)
    return groups


def helpers_in_list(user: Actor) -> QuerySet[StaffMember]:
    """Who runs the groups the user sees (for the list's filter)."""
    ids = Group.objects.for_user(user).values("staff")
    return StaffMember.objects.filter(pk__in=ids).order_by("family_name", "given_name")


def _run_by(user: Actor) -> QuerySet[Group]:
    """The groups the user runs or teaches (none for who has no account)."""
    user_id = getattr(user, "pk", None)
    if not isinstance(user_id, int):
        return Group.objects.none()
    return Group.objects.filter(staff__user_id=user_id)


def runs_groups(user: Actor) -> bool:
    """Whether the user runs or teaches a group (their "Mijn groepen")."""
    return _run_by(user).exists()


def meeting_days(groups: Iterable[Group]) -> dict[int, list[int]]:
    """Per group, the weekdays it meets (0 = Monday), most frequent first: the days on
    which at least a quarter of its sessions took place. One query for all groups."""
    counts: dict[int, dict[int, int]] = {}
    rows = (
        GroupSession.objects.filter(group__in=[g.pk for g in groups])
        .annotate(day=ExtractWeekDay("date"))
        .values("group", "day")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["group"], {})[(row["day"] + 5) % 7] = row["n"]
    days = {}
    for group_id, per_day in counts.items():
        total = sum(per_day.values())
        usual = [day for day, n in per_day.items() if n * 4 >= total]
        days[group_id] = sorted(usual, key=lambda day: (-per_day[day], day))
    return days


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

"""Reads of staff records: the team list, one member, and whether they may open client files."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from koers.accounts.models import User
from koers.core.actors import Actor, Viewer
from koers.core.models import Location
from koers.core.scoping import (
    CLEARANCE_ROLES,
    CLIENT_ACCESS_REQUIREMENTS,
    Capability,
    capability_q,
    get_for_user,
    memberships,
)
from koers.staff.models import StaffMember


@dataclass(frozen=True)
class ClientAccess:
    """Whether a staff record opens client files today, and if not, what is lacking."""

    granted: bool
    missing: tuple[str, ...] = ()  # documents: "VOG", "introductie of basiscursus"
    states: tuple[str, ...] = ()  # the period: "nog niet begonnen", "gestopt"


def _flag(code: str) -> str:
    return f"meets_{code}"


def with_client_access(queryset: QuerySet, *, today: datetime.date | None = None) -> QuerySet:
    """Staff records annotated per requirement of ``core.scoping`` (one query, no loop)."""
    today = today or timezone.localdate()
    return queryset.annotate(
        **{
            _flag(requirement.code): ExpressionWrapper(
                requirement.met(today), output_field=BooleanField()
            )
            for requirement in CLIENT_ACCESS_REQUIREMENTS
        }
    )


def client_access_of(member: StaffMember) -> ClientAccess:
    """The status of a record read through :func:`with_client_access`."""
    unmet = [r for r in CLIENT_ACCESS_REQUIREMENTS if not getattr(member, _flag(r.code))]
    return ClientAccess(
        granted=not unmet,
        missing=tuple(str(r.missing) for r in unmet if r.document),
        states=tuple(str(r.missing) for r in unmet if not r.document),
    )


def staff_managed_by(user: Viewer) -> QuerySet[StaffMember]:
    """Staff records the user may change (volunteers read their own record, never change it)."""
    managed = capability_q(user, Capability.MANAGE_STAFF, "location")
    return StaffMember.objects.for_user(user, write=True).filter(managed)


def locations_managed_by(user: Viewer) -> QuerySet[Location]:
    """Branches whose settings the user may change."""
    managed = capability_q(user, Capability.MANAGE_STAFF)
    return Location.objects.for_user(user, write=True).filter(managed)


def staff_list(
    user: Actor, *, status: str = "", access: str = "", kind: str = "", q: str = ""
) -> QuerySet:
    """The team the user may see, with each member's client-access requirements."""
    today = timezone.localdate()
    members = with_client_access(
        StaffMember.objects.for_user(user).select_related("location").prefetch_related("roles"),
        today=today,
    )
    if status == "ended":
        members = members.filter(ended_on__lt=today)
    elif status != "all":
        members = members.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    if kind:
        members = members.filter(kind=kind)
    cleared = Q(**{_flag(r.code): True for r in CLIENT_ACCESS_REQUIREMENTS})
    if access == "yes":
        members = members.filter(cleared)
    elif access == "no":
        members = members.exclude(cleared)
    for word in q.split():
        members = members.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return members.order_by("family_name", "given_name", "pk")


def staff_detail(user: Actor, uid: str) -> StaffMember:
    """One staff record the user may see (404 otherwise), its status and trainings loaded."""
    member = get_for_user(
        with_client_access(
            StaffMember.objects.select_related("location", "user").prefetch_related(
                "roles", "languages", "trainings"
            )
        ),
        user,
        uid=uid,
    )
    member.client_access = client_access_of(member)
    return member


@dataclass(frozen=True)
class OwnAccess:
    """A clearance role's status at one branch, for the user's own start page."""

    location: Location
    access: ClientAccess
    has_staff_record: bool


def own_client_access(user: Viewer) -> list[OwnAccess]:
    """For each branch where the user has a role that needs clearance: may they open files?"""
    if not user.is_authenticated:
        return []
    locations = {m.location_id: m for m in memberships(user) if m.role in CLEARANCE_ROLES}
    if not locations:
        return []
    records = {
        member.location_id: member
        for member in with_client_access(
            StaffMember.objects.filter(user=user, location_id__in=locations)
        )
    }
    branches = Location.objects.in_bulk(list(locations))
    result = []
    for location_id in locations:
        member = records.get(location_id)
        access = client_access_of(member) if member else ClientAccess(granted=False)
        result.append(OwnAccess(branches[location_id], access, member is not None))
    return result


def linkable_staff(manager: Viewer, user: User) -> QuerySet[StaffMember]:
    """Staff records the manager may change that are free or already this user's."""
    return (
        StaffMember.objects.for_user(manager, write=True)
        .filter(Q(user__isnull=True) | Q(user=user))
        .select_related("location")
    )


def staff_record_of_user(user: User) -> StaffMember | None:
    """The volunteer or staff record a login acts as, if any."""
    return StaffMember.objects.filter(user=user).select_related("location").first()

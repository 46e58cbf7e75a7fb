"""Reads of the branch's partners and activities, scoped with ``for_user``.

Who may change them is the role table's ``write_branch`` (``for_user(user, write=True)``):
the branch's team leader and an administrator.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from koers.cooperation.models import Activity, Partner
from koers.core.actors import Actor
from koers.core.models import Location
from koers.core.scoping import locations_to_write
from koers.staff.models import StaffMember


def visible_locations(user: Actor) -> QuerySet[Location]:
    """Branches whose partners and activities the user may read."""
    return Location.objects.for_user(user)


def recording_locations(user: Actor) -> QuerySet[Location]:
    """Branches where the user may add partners and record activities."""
    return Location.objects.for_user(user).filter(pk__in=locations_to_write(user, Activity))


def activities_to_change(user: Actor) -> QuerySet[Activity]:
    """The activities the user may edit or delete: those of the branches they keep."""
    return Activity.objects.for_user(user, write=True).select_related("location")


def partners_to_change(user: Actor) -> QuerySet[Partner]:
    """The partners the user may edit: those of the branches whose social map they keep."""
    return Partner.objects.for_user(user, write=True).select_related("location")


def partner_list(
    user: Actor, *, location: Location | None = None, kind: str = "", q: str = ""
) -> QuerySet[Partner]:
    partners = Partner.objects.for_user(user).select_related("location")
    if location is not None:
        partners = partners.filter(location=location)
    if kind:
        partners = partners.filter(kind=kind)
    if q:
        partners = partners.filter(Q(name__icontains=q) | Q(contact_person__icontains=q))
    return partners.order_by("location__name", "name", "id")


def with_activity_counts(partners: QuerySet[Partner]) -> QuerySet[Partner]:
    """Each partner with how many activities named it and the date of the last one."""
    return partners.annotate(
        activity_count=Count("activities", distinct=True), last_activity=Max("activities__date")
    )


def activities_with(user: Actor, partner: Partner, *, limit: int = 20) -> list[Activity]:
    """The latest activities that named the partner."""
    return list(
        Activity.objects.for_user(user).filter(partners=partner).order_by("-date", "-id")[:limit]
    )


def partners_to_choose(user: Actor, location: Location) -> QuerySet[Partner]:
    """The branch's social map, as referrals, warm handovers and activities offer it."""
    return Partner.objects.for_user(user).filter(location=location).order_by("name", "id")


def staff_to_choose(
    user: Actor, location: Location, *, day: datetime.date, keep: Iterable[StaffMember] = ()
) -> QuerySet[StaffMember]:
    """The branch's staff active on ``day`` (and those already chosen), as the user sees them."""
    active = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    kept = [member.pk for member in keep]
    return (
        StaffMember.objects.for_user(user)
        .filter(Q(location=location) & (active | Q(pk__in=kept)))
        .order_by("given_name", "family_name", "id")
    )


RECENT_DAYS = 365


def recent_participants(user: Actor, location: Location, *, day: datetime.date) -> set[int]:
    """The staff (ids) the user sees who took part in an activity of the branch in the year
    up to ``day``: offered first when recording the next one."""
    since = day - datetime.timedelta(days=RECENT_DAYS)
    return set(
        StaffMember.objects.for_user(user)
        .filter(activities__location=location, activities__date__range=(since, day))
        .values_list("pk", flat=True)
        .distinct()
    )


def activity_list(
    user: Actor,
    *,
    location: Location | None = None,
    kind: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    partner: Partner | None = None,
) -> QuerySet[Activity]:
    """The activities the user may see, filtered, newest first; partners and staff
    prefetched (only the staff members the user may see by name)."""
    activities = Activity.objects.for_user(user).select_related("location")
    if location is not None:
        activities = activities.filter(location=location)
    if kind:
        activities = activities.filter(kind=kind)
    if start is not None:
        activities = activities.filter(date__gte=start)
    if end is not None:
        activities = activities.filter(date__lte=end)
    if partner is not None:
        activities = activities.filter(partners=partner)
    return activities.order_by("-date", "-id").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.order_by("name", "id")),
        Prefetch(
            "staff",
            queryset=StaffMember.objects.for_user(user).order_by("given_name", "family_name"),
        ),
    )

"""Who may manage which users: administrators all, regional managers their region's branches.

Whether a user may manage users or reset a second factor at all is a capability of
their role (``koers.core.scoping.CAPABILITIES``); these selectors say over whom.
"""

from django.db.models import Q, QuerySet

from koers.accounts.models import Membership, User
from koers.core.actors import Viewer
from koers.core.models import Location
from koers.core.scoping import Capability, Role, capability_q, capability_regions, may


def _regions_managed(user: Viewer) -> set[str]:
    return capability_regions(user, Capability.MANAGE_USERS)


def is_administrator(user: Viewer) -> bool:
    """Manages every user: an administrator (or a superuser)."""
    return may(user, Capability.MANAGE_USERS, everywhere=True)


def may_manage_users(user: Viewer) -> bool:
    """The main menu's question (core/templatetags); every other caller asks ``may``."""
    return may(user, Capability.MANAGE_USERS)


def manageable_locations(user: Viewer) -> QuerySet[Location]:
    """Branches whose memberships the user may give and end."""
    if is_administrator(user):
        return Location.objects.all()
    return Location.objects.filter(region__in=_regions_managed(user))


def manageable_roles(user: Viewer) -> list[tuple[str, str]]:
    """Roles the user may give: a regional manager gives branch roles only."""
    if is_administrator(user):
        return list(Role.choices)
    return [
        (value, label)
        for value, label in Role.choices
        if value not in {Role.ADMINISTRATOR, Role.REGIONAL_MANAGER}
    ]


def manageable_users(user: Viewer) -> QuerySet[User]:
    """Users the manager may see and change: with a (past or present) role in their reach."""
    if is_administrator(user):
        return User.objects.all()
    regions = _regions_managed(user)
    if not regions:
        return User.objects.none()
    reached = Membership.objects.filter(
        Q(location__region__in=regions) | Q(role=Role.REGIONAL_MANAGER, region__in=regions)
    ).values("user")
    return User.objects.filter(pk__in=reached)


def manageable_memberships(user: Viewer) -> QuerySet[Membership]:
    if is_administrator(user):
        return Membership.objects.all()
    regions = _regions_managed(user)
    return Membership.objects.filter(location__region__in=regions)


def linkable_staff(manager: Viewer, user: User) -> QuerySet:
    """Staff records of the manager's branches that are free or already this user's."""
    from koers.staff.models import StaffMember

    return (
        StaffMember.objects.filter(location__in=manageable_locations(manager))
        .filter(Q(user__isnull=True) | Q(user=user))
        .select_related("location")
    )


def two_factor_resettable_users(manager: Viewer) -> QuerySet[User]:
    """Users whose 2FA the manager may reset: never their own, and (unless an administrator)
    nobody who holds an administrator's or regional manager's role."""
    if not manager.is_authenticated:
        return User.objects.none()
    if is_administrator(manager):
        return User.objects.exclude(pk=manager.pk)
    at_led_branches = (
        Membership.objects.current()
        .filter(capability_q(manager, Capability.RESET_TWO_FACTOR, "location"))
        .values("user")
    )
    senior = (
        Membership.objects.current()
        .filter(role__in=[Role.ADMINISTRATOR, Role.REGIONAL_MANAGER])
        .values("user")
    )
    reached = manageable_users(manager) | User.objects.filter(pk__in=at_led_branches)
    return reached.exclude(pk__in=senior).exclude(is_superuser=True).exclude(pk=manager.pk)

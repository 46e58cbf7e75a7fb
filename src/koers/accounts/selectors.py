"""Who may manage which users: administrators all, regional managers their region's branches."""

from django.db.models import Q, QuerySet

from koers.accounts.models import Membership, User
from koers.core.models import Location
from koers.core.scoping import Role, memberships


def _regions_managed(user) -> list[str]:
    return [m.region for m in memberships(user) if m.role == Role.REGIONAL_MANAGER]


def is_administrator(user) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(m.role == Role.ADMINISTRATOR for m in memberships(user))


def may_manage_users(user) -> bool:
    return is_administrator(user) or bool(_regions_managed(user))


def manageable_locations(user) -> QuerySet:
    """Branches whose memberships the user may give and end."""
    if is_administrator(user):
        return Location.objects.all()
    return Location.objects.filter(region__in=_regions_managed(user))


def manageable_roles(user) -> list[tuple[str, str]]:
    """Roles the user may give: a regional manager gives branch roles only."""
    if is_administrator(user):
        return list(Role.choices)
    return [
        (value, label)
        for value, label in Role.choices
        if value not in {Role.ADMINISTRATOR, Role.REGIONAL_MANAGER}
    ]


def manageable_users(user) -> QuerySet:
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


def manageable_memberships(user) -> QuerySet:
    if is_administrator(user):
        return Membership.objects.all()
    regions = _regions_managed(user)
    return Membership.objects.filter(location__region__in=regions)


def linkable_staff(manager, user) -> QuerySet:
    """Staff records of the manager's branches that are free or already this user's."""
    from koers.staff.models import StaffMember

    return (
        StaffMember.objects.filter(location__in=manageable_locations(manager))
        .filter(Q(user__isnull=True) | Q(user=user))
        .select_related("location")
    )


def may_reset_two_factor(user) -> bool:
    """Administrators, regional managers and team leaders reset a colleague's 2FA."""
    return may_manage_users(user) or any(m.role == Role.TEAM_LEADER for m in memberships(user))


def two_factor_resettable_users(manager) -> QuerySet:
    """Users whose 2FA the manager may reset: never their own, and (unless an administrator)
    nobody who holds an administrator's or regional manager's role."""
    if is_administrator(manager):
        return User.objects.exclude(pk=manager.pk)
    led = [m.location_id for m in memberships(manager) if m.role == Role.TEAM_LEADER]
    at_led_branches = Membership.objects.current().filter(location__in=led).values("user")
    senior = (
        Membership.objects.current()
        .filter(role__in=[Role.ADMINISTRATOR, Role.REGIONAL_MANAGER])
        .values("user")
    )
    reached = manageable_users(manager) | User.objects.filter(pk__in=at_led_branches)
    return reached.exclude(pk__in=senior).exclude(is_superuser=True).exclude(pk=manager.pk)

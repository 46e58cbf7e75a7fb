"""Who may manage which users: the capability table (``core.scoping``) decides.

Managing users is the ``manage_users`` capability; which roles one gives follows from
the table (``core.scoping.GRANTS``: only roles that reach no further and do no more):

- administrators: every user; they give and end every role, everywhere;
- team leaders: the users of their branch; they give and end the roles of its
  volunteers, legal volunteers and municipality viewer;
- regional managers: read the users of their region; they read only, so they give and
  end only the municipality viewer's role at a branch of their region.

Nobody changes their own roles or account. Resetting a second factor is the
``reset_two_factor`` capability; these selectors say over whom.
"""

from django.db.models import Prefetch, Q, QuerySet

from koers.accounts.models import Membership, User
from koers.core.actors import Viewer
from koers.core.models import Location
from koers.core.scoping import (
    Capability,
    Role,
    capability_q,
    capability_regions,
    grant_location_ids,
    grantable_roles,
    grants_q,
    may,
)


def _regions_managed(user: Viewer) -> set[str]:
    return capability_regions(user, Capability.MANAGE_USERS)


def is_administrator(user: Viewer) -> bool:
    """Manages every user: an administrator (or a superuser)."""
    return may(user, Capability.MANAGE_USERS, everywhere=True)


def may_manage_users(user: Viewer) -> bool:
    """The main menu's question (core/templatetags); every other caller asks ``may``."""
    return may(user, Capability.MANAGE_USERS)


def manageable_locations(user: Viewer) -> QuerySet[Location]:
    """Branches where the user gives roles."""
    return Location.objects.filter(pk__in=grant_location_ids(user))


def manageable_roles(user: Viewer) -> list[tuple[str, str]]:
    """Roles the user gives (somewhere: the form checks the place)."""
    roles = grantable_roles(user)
    return [(value, label) for value, label in Role.choices if value in roles]


def _region_users(user: Viewer) -> QuerySet[User]:
    """Users with a (past or present) role in the user's region(s), regional managers included."""
    regions = _regions_managed(user)
    if not regions:
        return User.objects.none()
    reached = Membership.objects.filter(
        Q(location__region__in=regions) | Q(role=Role.REGIONAL_MANAGER, region__in=regions)
    ).values("user")
    return User.objects.filter(pk__in=reached)


def manageable_users(user: Viewer) -> QuerySet[User]:
    """Users the manager may see: with a (past or present) role where the manager gives roles.

    Seeing is not changing: ``core.scoping.may_change_user`` says whom one may change.
    """
    if is_administrator(user):
        return User.objects.all()
    at_branches = Membership.objects.filter(location__in=grant_location_ids(user)).values("user")
    return User.objects.filter(pk__in=at_branches) | _region_users(user)


def user_list(
    user: Viewer,
    *,
    role: str = "",
    location: Location | None = None,
    status: str = "",
    q: str = "",
) -> QuerySet[User]:
    """The users the manager sees, each with ``current_memberships`` (one query for all):
    with a current ``role`` (at ``location``), active or switched off (``blocked``), or
    whose name or user name holds ``q``."""
    users = manageable_users(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("location"),
            to_attr="current_memberships",
        )
    )
    if role or location is not None:
        held = Membership.objects.current()
        if role:
            held = held.filter(role=role)
        if location is not None:
            held = held.filter(location=location)
        users = users.filter(pk__in=held.values("user"))
    if status:
        users = users.filter(is_active=status == "active")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    return users


def user_list_locations(user: Viewer) -> QuerySet[Location]:
    """The branches of the user list's filter: everywhere for an administrator, else
    where the manager gives roles."""
    locations = Location.objects.all() if is_administrator(user) else manageable_locations(user)
    return locations.order_by("name")


def manageable_memberships(user: Viewer) -> QuerySet[Membership]:
    """Memberships the manager may end: those they could have given, never their own."""
    return Membership.objects.filter(grants_q(user))


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
    reached = _region_users(manager) | User.objects.filter(pk__in=at_led_branches)
    return reached.exclude(pk__in=senior).exclude(is_superuser=True).exclude(pk=manager.pk)

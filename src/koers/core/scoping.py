"""Who may see which records: the one place that says a role's reach.

Every model that holds personal or branch data declares a :class:`Scope`: the
path to its location, the path to the client it is about, and the category of
data it is. ``Model.objects.for_user(user)`` then filters by the union of what
the user's memberships allow. Deny by default: a user without a membership, a
model without a scope, or a category a role does not reach gives nothing.

Reach per role and category (``own`` = the user's own location(s)):

================  ======  =============  ============  =========  ==========
role              BRANCH  PERSON         COACHING      LEGAL      STAFF
================  ======  =============  ============  =========  ==========
team_leader       own     own            own           own        own
regional_manager  region  region         region        region     region
legal             own     own            -             own        self
volunteer         own     assigned       assigned      -          self
municipality      -       -              -             -          -
administrator     all     -              -             -          all
================  ======  =============  ============  =========  ==========

*assigned*: the clients of an active trajectory the volunteer coaches, an
active match they are in, or an active group they help run, and the members of
those clients' households. Regional managers read; they do not write client
records (``write=True``).

Access is earned, not assumed: a role in ``CLEARANCE_ROLES`` reaches client records
(PERSON, COACHING, LEGAL) only at a location where the user's staff record meets
every one of ``CLIENT_ACCESS_REQUIREMENTS`` today: a signed volunteer agreement, a
certificate of conduct (VOG), the introduction or the basic course, started and not
ended. The check is a subquery of the same filter, so every page, search, export and
drill-down obeys it without one query more.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import and_

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOTHING = Q(pk__in=[])
# Not ``Q()``: an empty Q disappears when or-ed (``NOTHING | Q()`` is ``NOTHING``).
EVERYTHING = ~NOTHING


class Category(StrEnum):
    BRANCH = "branch"  # the branch's own, non-personal records: groups, quota, targets
    PERSON = "person"  # who a client is: name, birth date, household
    COACHING = "coaching"  # the social work with a client
    LEGAL = "legal"  # legal dossiers, their steps and legal contacts
    STAFF = "staff"  # volunteers, interns, paid staff


@dataclass(frozen=True)
class Scope:
    """How a model's rows relate to a branch and to a client.

    ``location``: ORM path to the location (``"pk"`` for the location itself).
    ``person``: ORM path to the client, for the volunteer's "assigned" reach.
    ``person_many``: the person path crosses a one-to-many relation.
    ``staff_self``: ORM path to the user, for the "self" reach on staff records.
    ``legal_when``: rows matching it are LEGAL whatever ``category`` says.
    """

    Category = Category

    location: str
    category: Category
    person: str | None = None
    person_many: bool = False
    staff_self: str | None = None
    legal_when: Q | None = None


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", "vrijwilliger"
    LEGAL = "legal", "juridisch medewerker"
    TEAM_LEADER = "team_leader", "teamleider"
    REGIONAL_MANAGER = "regional_manager", "regiomanager"
    MUNICIPALITY_VIEWER = "municipality_viewer", "gemeente"
    ADMINISTRATOR = "administrator", "beheerder"


ALL = "all"
REACH: dict[str, dict[Category, str]] = {
    Role.TEAM_LEADER: dict.fromkeys(Category, "own"),
    Role.REGIONAL_MANAGER: dict.fromkeys(Category, "own"),
    Role.LEGAL: {
        Category.BRANCH: "own",
        Category.PERSON: "own",
        Category.LEGAL: "own",
        Category.STAFF: "self",
    },
    Role.VOLUNTEER: {
        Category.BRANCH: "own",
        Category.PERSON: "assigned",
        Category.COACHING: "assigned",
        Category.STAFF: "self",
    },
    Role.MUNICIPALITY_VIEWER: {},
    Role.ADMINISTRATOR: {Category.BRANCH: ALL, Category.STAFF: ALL},
}
READ_ONLY_ROLES = {Role.REGIONAL_MANAGER}
CLIENT_CATEGORIES = {Category.PERSON, Category.COACHING, Category.LEGAL}
CLEARANCE_ROLES = {Role.VOLUNTEER, Role.LEGAL}  # both are volunteers (domain.md)
CLEARING_COURSES = ("introduction", "basic_course")


@dataclass(frozen=True)
class Requirement:
    """One condition a staff record must meet today.

    ``missing`` names what is lacking on screen: a document ("ontbreekt: VOG") or, for
    the period requirements (``document=False``), the state ("nog niet begonnen").
    """

    code: str
    missing: Promise
    met: Callable[[datetime.date], Q]
    document: bool = True


def _completed_course(today: datetime.date) -> Q:
    Training = apps.get_model("staff", "Training")
    done = Training.objects.filter(course__in=CLEARING_COURSES, completed_on__lte=today)
    return Q(pk__in=done.values("staff"))


CLIENT_ACCESS_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "agreement",
        _("vrijwilligersovereenkomst"),
        lambda today: Q(agreement_signed_on__isnull=False),
    ),
    Requirement(
        "conduct_certificate", _("VOG"), lambda today: Q(conduct_certificate_on__isnull=False)
    ),
    Requirement("course", _("introductie of basiscursus"), _completed_course),
    Requirement(
        "started", _("nog niet begonnen"), lambda today: Q(started_on__lte=today), document=False
    ),
    Requirement(
        "not_ended",
        _("gestopt"),
        lambda today: Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        document=False,
    ),
)


def client_access_q(today: datetime.date) -> Q:
    """Staff records (``staff.StaffMember``) that open client records to a clearance role."""
    return reduce(and_, (requirement.met(today) for requirement in CLIENT_ACCESS_REQUIREMENTS))


def memberships(user) -> list:
    """The user's current memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_koers_memberships", None)
    if cached is None:
        Membership = apps.get_model("accounts", "Membership")
        cached = list(Membership.objects.current().filter(user=user))
        user._koers_memberships = cached
    return cached


def location_ids(membership) -> models.QuerySet | list[int]:
    """The locations one membership covers: its own, or every location of its region."""
    if membership.role == Role.REGIONAL_MANAGER:
        Location = apps.get_model("core", "Location")
        return Location.objects.filter(region=membership.region).values("pk")
    return [membership.location_id] if membership.location_id else []


def assigned_person_ids(user) -> models.QuerySet:
    """Clients a volunteer works with now, and their household members."""
    Person = apps.get_model("people", "Person")
    Trajectory = apps.get_model("coaching", "Trajectory")
    Match = apps.get_model("matching", "Match")
    Enrolment = apps.get_model("groups", "Enrolment")
    today = timezone.localdate()
    not_ended = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    direct = (
        Q(pk__in=Trajectory.objects.filter(not_ended, coach__user=user).values("person"))
        | Q(pk__in=Match.objects.filter(not_ended, staff__user=user).values("person"))
        | Q(
            pk__in=Enrolment.objects.filter(
                Q(group__ended_on__isnull=True) | Q(group__ended_on__gte=today),
                group__staff__user=user,
            ).values("person")
        )
    )
    households = Person.objects.filter(direct).values("household")
    return Person.objects.filter(household__in=households).values("pk")


def cleared_location_ids(user, membership) -> models.QuerySet:
    """The membership's location, if the user's staff record there meets every requirement."""
    StaffMember = apps.get_model("staff", "StaffMember")
    return StaffMember.objects.filter(
        client_access_q(timezone.localdate()), user=user, location_id=membership.location_id
    ).values("location")


def _reach_q(user, membership, model: type[models.Model], category: Category) -> Q:
    scope: Scope = model.scope
    reach = REACH.get(membership.role, {}).get(category)
    if reach is None:
        return NOTHING
    if reach == ALL:
        return EVERYTHING
    if reach == "self":
        return Q(**{scope.staff_self: user}) if scope.staff_self else NOTHING
    if membership.role in CLEARANCE_ROLES and category in CLIENT_CATEGORIES:
        q = Q(**{f"{scope.location}__in": cleared_location_ids(user, membership)})
    else:
        q = Q(**{f"{scope.location}__in": location_ids(membership)})
    if reach == "assigned":
        if scope.person is None:
            return NOTHING
        assigned = assigned_person_ids(user)
        if scope.person_many:
            q &= Q(pk__in=model.objects.filter(**{f"{scope.person}__in": assigned}).values("pk"))
        else:
            q &= Q(**{f"{scope.person}__in": assigned})
    return q


def scope_q(user, model: type[models.Model], *, write: bool = False) -> Q:
    """The rows of ``model`` the user may see (or, with ``write``, change)."""
    scope: Scope | None = getattr(model, "scope", None)
    if scope is None:
        return NOTHING
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    result = NOTHING
    for membership in memberships(user):
        if write and membership.role in READ_ONLY_ROLES:
            continue
        if scope.legal_when is not None:
            result |= (scope.legal_when & _reach_q(user, membership, model, Category.LEGAL)) | (
                ~scope.legal_when & _reach_q(user, membership, model, scope.category)
            )
        else:
            result |= _reach_q(user, membership, model, scope.category)
    return result


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may see."""

    def for_user(self, user, *, write: bool = False):
        return self.filter(scope_q(user, self.model, write=write))


def get_for_user(queryset_or_model, user, *, write: bool = False, **lookup):
    """One record the user may see, else 404: the same answer for "not there" and "not yours"."""
    queryset = (
        queryset_or_model.objects.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    try:
        return queryset.for_user(user, write=write).get(**lookup)
    except (
        queryset.model.DoesNotExist,
        queryset.model.MultipleObjectsReturned,
        ValueError,
        ValidationError,
    ):
        raise Http404 from None


def aggregate_location_ids(user) -> models.QuerySet | list[int]:
    """Locations whose aggregate figures the user may see (no records implied)."""
    Location = apps.get_model("core", "Location")
    if getattr(user, "is_superuser", False) and user.is_active:
        return Location.objects.values("pk")
    q = NOTHING
    for membership in memberships(user):
        if membership.role in {
            Role.TEAM_LEADER,
            Role.REGIONAL_MANAGER,
            Role.MUNICIPALITY_VIEWER,
        }:
            q |= Q(pk__in=location_ids(membership))
    return Location.objects.filter(q).values("pk")

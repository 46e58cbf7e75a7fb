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
those clients' households (the apps register these ``assignment_sources`` in
``core.registry``).

What a role may do besides reading records is the other half of the table,
``CAPABILITIES`` (``own`` = at the user's own location(s), ``region`` = in the
region a regional manager holds, ``all`` = everywhere); every "may this user …"
check asks :func:`may` (or :func:`capability_q` for the places it holds):

==========================  ===========  ================  =====  =========  ==========  =====
capability                  team_leader  regional_manager  legal  volunteer  municipal.  admin
==========================  ===========  ================  =====  =========  ==========  =====
write (client records)      own          -                 own    own        -           all
write_branch                own          -                 runs   runs       -           all
manage_staff                own          -                 self   self       -           all
worklist (deadlines)        own          -                 own    own        -           -
read_figures                own          region            -      -          own         -
read_access_log             own          -                 -      -          -           -
team_list                   own          region            -      -          -           all
match (the waiting list)    own          region            -      -          -           -
manage_users                own          region            -      -          -           all
reset_two_factor            own          region            -      -          -           all
configure_deadlines         -            region            -      -          -           -
pipeline (linked, waiting)  own          region            -      -          -           -
assign_coach                own          -                 -      -          -           -
correct_others              own          -                 -      -          -           -
merge_people                own          -                 -      -          -           -
exchange (bundles, API)     own          -                 -      -          -           all
==========================  ===========  ================  =====  =========  ==========  =====

``assign_coach``: give a trajectory another coach (or a match another volunteer) and hand
over a leaving volunteer's clients. ``correct_others``: change or delete what a colleague
recorded (a contact, a session, an attendance sheet); everyone who writes a record may
correct what they recorded themselves.

Writing is the first three rows: ``WRITES`` names the capability that writes each
category (``write``: PERSON, COACHING, LEGAL; ``write_branch``: BRANCH; ``manage_staff``:
STAFF), and ``for_user(user, write=True)`` gives the rows of the reading reach that it
allows, never more. A role without any of the three reads only (``READ_ONLY_ROLES``: the
regional manager, the municipality viewer). Two reaches are narrower than a place and
hold only records (``may`` and ``capability_q`` never count them):

- *runs*: of the branch's own records only those open to everyone who works there
  (``Scope.open_to_branch``: a signal of a bottleneck) and those the user runs
  (``Scope.run_by``: a group they help run and its sessions; like client records, only
  where their staff record is cleared);
- *self*: only the user's own record, where the model opens it (``Scope.self_writes``:
  a volunteer's own matching profile, not their own staff record, whose VOG and dates
  the team leader records).

A volunteer's *assigned* reach writes also a record about no client (a walk-in contact)
at the branch. The shared writers of ``core.services`` (``record_insert``,
``record_update``, ``record_delete``) and the bulk writers check every write against this
(:func:`may_write`) before they touch anything.

Giving roles is ``manage_users``, and what one gives follows from the table
(``GRANTS``, derived, not written down): a role gives, at a place its ``manage_users``
covers, only roles that reach no further in any category and hold no capability wider
than its own, and not ``manage_users`` itself; only ``manage_users`` everywhere (the
administrator, the foundation's IT) gives every role, also over a region or everything.
So the team leader gives the roles of their branch's volunteers, legal volunteers and
municipality viewer; the regional manager, who reads only, gives only the municipality
viewer of a branch of their region (never a role that writes). Nobody gives, ends or
changes their own roles or account.

An active superuser may do everything everywhere; so may the system actor
(:class:`koers.core.actors.SystemActor`), which a command or job passes instead of a
person: it reaches every row. ``None`` is refused, never read as "everything".

Access is earned, not assumed: a role in ``CLEARANCE_ROLES`` reaches client records
(PERSON, COACHING, LEGAL) only at a location where the user's staff record meets
every one of ``CLIENT_ACCESS_REQUIREMENTS`` today: a signed volunteer agreement, a
certificate of conduct (VOG), the introduction or the basic course, started and not
ended. The check is a subquery of the same filter, so every page, search, export and
drill-down obeys it without one query more.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import and_, or_
from typing import Any, Self

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.core.actors import Actor, SystemActor, require_actor
from koers.core.registry import registry

NOTHING = Q(pk__in=[])
# Not ``Q()``: an empty Q disappears when or-ed (``NOTHING | Q()`` is ``NOTHING``).
EVERYTHING = ~NOTHING


class Category(StrEnum):
    BRANCH = "branch"  # the branch's own, non-personal records: groups, quota, targets
    PERSON = "person"  # who a client is: name, birth date, household
    COACHING = "coaching"  # the social work with a client
    LEGAL = "legal"  # legal dossiers, their steps and legal contacts
    STAFF = "staff"  # volunteers, interns, paid staff


_Category = Category  # the field's type (inside the class, ``Category`` is its alias below)


@dataclass(frozen=True)
class Scope:
    """How a model's rows relate to a branch and to a client.

    ``location``: ORM path to the location (``"pk"`` for the location itself).
    ``person``: ORM path to the client, for the volunteer's "assigned" reach.
    ``person_many``: the person path crosses a one-to-many relation.
    ``staff_self``: ORM path to the user, for the "self" reach on staff records.
    ``legal_when``: rows matching it are LEGAL whatever ``category`` says.
    ``run_by``: ORM path to the users who run the record (a group's helpers): the
    "runs" write reach.
    ``open_to_branch``: everyone who works at the branch may write it (the "runs" reach).
    ``self_writes``: the "self" reach writes it, not only reads it.
    """

    Category = Category

    location: str
    category: _Category
    person: str | None = None
    person_many: bool = False
    staff_self: str | None = None
    legal_when: Q | None = None
    run_by: str | None = None
    open_to_branch: bool = False
    self_writes: bool = False


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


class Capability(StrEnum):
    """What a role may do besides reading the records of its reach (``REACH``).

    The first three write records (``WRITES``: which one writes which category); the rest
    are actions and views.
    """

    WRITE = "write"  # create and change the client records of its reach (else: read only)
    WRITE_BRANCH = "write_branch"  # the branch's own records: groups, sessions, quota, signals
    MANAGE_STAFF = "manage_staff"  # change staff records and a branch's settings
    WORKLIST = "worklist"  # a deadline worklist of its own, and its daily digest
    READ_FIGURES = "read_figures"  # aggregate figures of the locations it holds
    READ_ACCESS_LOG = "read_access_log"  # who looked at a client's file
    TEAM_LIST = "team_list"  # the team list of its branches (who lacks client access)
    MATCH = "match"  # the waiting list of clients and volunteers to pair
    MANAGE_USERS = "manage_users"  # create users, give and end their roles
    RESET_TWO_FACTOR = "reset_two_factor"  # reset a colleague's second factor
    CONFIGURE_DEADLINES = "configure_deadlines"  # change a deadline rule's term
    PIPELINE = "pipeline"  # the linked status holders waiting for housing (integration)
    ASSIGN_COACH = "assign_coach"  # change a trajectory's coach, hand over a caseload
    CORRECT_OTHERS = "correct_others"  # change or delete what a colleague recorded
    MERGE_PEOPLE = "merge_people"  # merge two records of one person (people.merge)
    EXCHANGE = "exchange"  # import and export bundles over the API
    TRANSFER = "transfer"  # offer a household to another branch, accept or decline one


OWN = "own"
REGION = "region"
# Reaches of a writing capability narrower than a place: they hold records, not locations
# (``may`` and ``capability_q`` never count them).
RUNS = "runs"  # the branch records the user runs, or that are open to all who work there
SELF = "self"  # the user's own records, where the model opens them (``Scope.self_writes``)
PLACES = frozenset({OWN, REGION, ALL})
CAPABILITIES: dict[str, dict[Capability, str]] = {
    Role.TEAM_LEADER: {
        Capability.WRITE: OWN,
        Capability.WRITE_BRANCH: OWN,
        Capability.MANAGE_STAFF: OWN,
        Capability.WORKLIST: OWN,
        Capability.READ_FIGURES: OWN,
        Capability.READ_ACCESS_LOG: OWN,
        Capability.TEAM_LIST: OWN,
        Capability.MATCH: OWN,
        Capability.MANAGE_USERS: OWN,
        Capability.RESET_TWO_FACTOR: OWN,
        Capability.PIPELINE: OWN,
        Capability.ASSIGN_COACH: OWN,
        Capability.CORRECT_OTHERS: OWN,
        Capability.MERGE_PEOPLE: OWN,
        Capability.EXCHANGE: OWN,
        Capability.TRANSFER: OWN,
    },
    Role.REGIONAL_MANAGER: {  # reads its region, writes nothing
        Capability.READ_FIGURES: REGION,
        Capability.TEAM_LIST: REGION,
        Capability.MATCH: REGION,
        Capability.MANAGE_USERS: REGION,
        Capability.RESET_TWO_FACTOR: REGION,
        Capability.CONFIGURE_DEADLINES: REGION,
        Capability.PIPELINE: REGION,
    },
    Role.LEGAL: {
        Capability.WRITE: OWN,
        Capability.WRITE_BRANCH: RUNS,
        Capability.MANAGE_STAFF: SELF,
        Capability.WORKLIST: OWN,
    },
    Role.VOLUNTEER: {
        Capability.WRITE: OWN,
        Capability.WRITE_BRANCH: RUNS,
        Capability.MANAGE_STAFF: SELF,
        Capability.WORKLIST: OWN,
    },
    Role.MUNICIPALITY_VIEWER: {Capability.READ_FIGURES: OWN},
    Role.ADMINISTRATOR: {
        Capability.WRITE: ALL,
        Capability.WRITE_BRANCH: ALL,
        Capability.MANAGE_STAFF: ALL,
        Capability.TEAM_LIST: ALL,
        Capability.MANAGE_USERS: ALL,
        Capability.RESET_TWO_FACTOR: ALL,
        Capability.EXCHANGE: ALL,
    },
}
# The capability that writes each category of record: ``scope_q(write=True)`` gives the
# rows of the reading reach that the role's capability for the category allows.
WRITES: dict[Category, Capability] = {
    Category.BRANCH: Capability.WRITE_BRANCH,
    Category.PERSON: Capability.WRITE,
    Category.COACHING: Capability.WRITE,
    Category.LEGAL: Capability.WRITE,
    Category.STAFF: Capability.MANAGE_STAFF,
}
# Roles that read the records of their reach but never change one.
READ_ONLY_ROLES = frozenset(
    role for role in Role if not set(WRITES.values()) & set(CAPABILITIES[role])
)


# How far a reach goes, to compare a role with the one that gives it: *self*, *assigned*
# and *runs* are narrower than a place (and not comparable with each other).
_REACH_RANK = {SELF: 1, "assigned": 1, RUNS: 1, OWN: 2, REGION: 3, ALL: 4}


def _within(reach: str | None, givers: str | None) -> bool:
    """Whether ``reach`` (of one category or capability) goes no further than ``givers``."""
    if reach is None or reach == givers:
        return True
    return givers is not None and _REACH_RANK[reach] < _REACH_RANK[givers]


def _gives(giver: str, role: str) -> bool:
    """Whether ``giver`` (a role) gives ``role``, by the table."""
    manages = CAPABILITIES[giver].get(Capability.MANAGE_USERS)
    if manages is None:
        return False
    if manages == ALL:  # the foundation's IT
        return True
    if Capability.MANAGE_USERS in CAPABILITIES[role]:
        return False  # who gives roles is made only by the administrator
    reaches = all(_within(REACH[role].get(c), REACH[giver].get(c)) for c in Category)
    does = all(
        _within(reach, CAPABILITIES[giver].get(capability))
        for capability, reach in CAPABILITIES[role].items()
    )
    return reaches and does


# The roles each role gives (at a place its ``manage_users`` covers): derived from the
# table above, so that a change there can never let a role give more than its own.
GRANTS: dict[str, frozenset[str]] = {
    giver: frozenset(role for role in Role if _gives(giver, role)) for giver in Role
}
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


def memberships(user: Actor) -> list:
    """The user's current memberships, cached on the user object for the request.

    The system actor holds none: its reach is not a role's (see :func:`is_system`).
    """
    if not getattr(require_actor(user), "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_koers_memberships", None)
    if cached is None:
        Membership = apps.get_model("accounts", "Membership")
        cached = list(Membership.objects.current().filter(user=user))
        setattr(user, "_koers_memberships", cached)  # noqa: B010 (a user object has no such field)
    return cached


def is_system(user: Actor) -> bool:
    """Koers itself (a command, a job): every row, every capability. ``None`` is refused."""
    return isinstance(require_actor(user), SystemActor)


def is_superuser(user: Actor) -> bool:
    """An active superuser, or the system actor: both may do everything everywhere."""
    return is_system(user) or (bool(getattr(user, "is_superuser", False)) and user.is_active)


def has_role(user: Actor, role: str) -> bool:
    """Whether one of the user's current memberships is of this role (a role's own start-page
    work; what a role may *do* is a capability, asked with :func:`may`)."""
    return any(m.role == role for m in memberships(user))


def role_location_ids(user: Actor, role: str) -> list[int]:
    """The locations where the user holds this role now (a team leader's branches)."""
    return [m.location_id for m in memberships(user) if m.role == role and m.location_id]


def location_ids(membership: Any) -> models.QuerySet | list[int]:
    """The locations one membership covers: its own, or every location of its region."""
    if membership.role == Role.REGIONAL_MANAGER:
        Location = apps.get_model("core", "Location")
        return Location.objects.filter(region=membership.region).values("pk")
    return [membership.location_id] if membership.location_id else []


def assigned_person_ids(user) -> models.QuerySet | list[int]:
    """Clients a volunteer works with now, and their household members.

    The apps that assign clients (coaching, matching, groups) register an
    ``AssignmentSource`` in ``core.registry``; their subqueries are or-ed into one.
    The client model is the one the access log names (``people.Person``). In a request that
    reads only (``reads_only``): their ids, read once.
    """
    known = _scopes_of(user, memberships(user))
    key = ("assigned", timezone.localdate(), _reads_only.get())
    if key not in known:
        assigned = _assigned_person_ids(user, key[1])
        known[key] = _read_once(assigned, "pk")
    return known[key]


def _assigned_person_ids(user: Actor, today: datetime.date) -> models.QuerySet:
    Person = apps.get_model("people", "Person")
    direct = reduce(
        or_,
        (Q(pk__in=source.clients(user, today)) for source in registry["assignment_sources"]),
        NOTHING,
    )
    households = Person.objects.filter(direct).values("household")
    return Person.objects.filter(household__in=households).values("pk")


def cleared_location_ids(user: Actor, membership: Any) -> models.QuerySet | list[int]:
    """The membership's location, if the user's staff record there meets every requirement."""
    StaffMember = apps.get_model("staff", "StaffMember")
    known = _scopes_of(user, memberships(user))
    key = ("cleared", membership.location_id, timezone.localdate(), _reads_only.get())
    if key not in known:
        cleared = StaffMember.objects.filter(
            client_access_q(key[2]), user=user, location_id=membership.location_id
        ).values("location")
        known[key] = _read_once(cleared, "location")
    return known[key]


# A request that writes no records (GET, HEAD: ``core.access.ViewScopeMiddleware``) reads the
# parts of a scope that are about the user (whom a volunteer is assigned, where they are
# cleared) once, as ids, instead of as a subquery in each of its reads: the same rows, and
# PostgreSQL plans a dozen simple reads instead of a dozen copies of a large subquery. A
# request that writes keeps the subqueries, so a read after its write sees that write.
_reads_only: ContextVar[bool] = ContextVar("koers_reads_only", default=False)


@contextmanager
def reads_only() -> Iterator[None]:
    """Within it, the user's reach is read once per request (see ``_reads_only``)."""
    token = _reads_only.set(True)
    try:
        yield
    finally:
        _reads_only.reset(token)


def _read_once(subquery: models.QuerySet, field: str) -> models.QuerySet | list:
    if not _reads_only.get():
        return subquery
    return sorted({row[field] for row in subquery})


def _about_nobody(model: Any, scope: Scope) -> Q:
    """Rows whose client field is empty (a walk-in contact), where the model allows one."""
    person = scope.person
    if person is None or person == "pk" or scope.person_many or "__" in person:
        return NOTHING
    if not model._meta.get_field(person).null:
        return NOTHING
    return Q(**{f"{person}__isnull": True})


def _runs_q(user: Actor, membership: Any, model: Any) -> Q:
    """The ``RUNS`` write reach: branch records open to all who work there, or run by the user."""
    scope: Scope = model.scope
    if scope.open_to_branch:
        return Q(**{f"{scope.location}__in": location_ids(membership)})
    if scope.run_by is None:
        return NOTHING
    # running a group is work with clients: cleared like client records
    if membership.role in CLEARANCE_ROLES:
        q = Q(**{f"{scope.location}__in": cleared_location_ids(user, membership)})
    else:
        q = Q(**{f"{scope.location}__in": location_ids(membership)})
    return q & Q(pk__in=model._default_manager.filter(**{scope.run_by: user}).values("pk"))


def write_reach(role: str, category: Category) -> str | None:
    """How far ``role`` writes records of ``category``: its reading reach (``REACH``),
    narrowed to *runs* or *self* or refused by the capability that writes the category
    (``WRITES``). Never wider than reading."""
    reads = REACH.get(role, {}).get(category)
    writes = CAPABILITIES.get(role, {}).get(WRITES[category])
    if reads is None or writes is None:
        return None
    return writes if writes in (RUNS, SELF) else reads


def _reach_q(
    user: Actor, membership: Any, model: Any, category: Category, *, write: bool = False
) -> Q:
    scope: Scope = model.scope
    if write:
        reach = write_reach(membership.role, category)
    else:
        reach = REACH.get(membership.role, {}).get(category)
    if reach is None:
        return NOTHING
    if reach == ALL:
        return EVERYTHING
    if reach == SELF:
        if not scope.staff_self or (write and not scope.self_writes):
            return NOTHING
        return Q(**{scope.staff_self: user})
    if reach == RUNS:
        return _runs_q(user, membership, model)
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
            about_nobody = _about_nobody(model, scope) if write else NOTHING
            q &= Q(**{f"{scope.person}__in": assigned}) | about_nobody
    return q


def scope_q(user: Actor, model: type[models.Model], *, write: bool = False) -> Q:
    """The rows of ``model`` the user may see (or, with ``write``, change: ``WRITES``)."""
    require_actor(user)
    scope: Scope | None = getattr(model, "scope", None)
    if scope is None:
        return NOTHING
    if is_superuser(user):
        return Q()
    held = memberships(user)
    known = _scopes_of(user, held)
    key = (model, write, timezone.localdate(), _reads_only.get())
    if key in known:
        return known[key]
    result = NOTHING
    for membership in held:
        if scope.legal_when is not None:
            legal = _reach_q(user, membership, model, Category.LEGAL, write=write)
            other = _reach_q(user, membership, model, scope.category, write=write)
            result |= (scope.legal_when & legal) | (~scope.legal_when & other)
        else:
            result |= _reach_q(user, membership, model, scope.category, write=write)
    known[key] = result
    return result


def _scopes_of(user: Actor, held: list) -> dict:
    """The scopes built for this user object, while its memberships are ``held``.

    A scope is a condition with subqueries that the database evaluates at each read (who
    is cleared, whom a volunteer coaches now), so it does not go stale when records change;
    it depends only on the memberships (cached on the user the same way, for the request)
    and the day. Building one is Python work that a page repeats for each of its reads
    (the worklist reads fifteen rules' records): it is built once per request.
    """
    cached = getattr(user, "_koers_scopes", None)
    if cached is None or cached[0] is not held:
        cached = (held, {})
        setattr(user, "_koers_scopes", cached)  # noqa: B010 (a user object has no such field)
    return cached[1]


def scope_key(user: Actor) -> tuple:
    """What the user's scopes (``scope_q``) are built from besides the model and the day:
    the user, their current memberships and, in a request that reads only, the reach read
    once as ids. A query kept by its shape (``core.prepared``) puts it in the shape when its
    SQL holds a scope. Reads what the scope reads (once per request), so that building the
    scope afterwards reads nothing."""
    if is_system(user):
        return ("system",)
    held = memberships(user)
    key: tuple = (
        getattr(user, "pk", None),
        is_superuser(user),
        tuple((m.pk, m.role, m.location_id, m.region) for m in held),
    )
    if _reads_only.get():  # the ids read once are part of the SQL: read them now
        cleared = tuple(
            tuple(cleared_location_ids(user, m)) for m in held if m.role in CLEARANCE_ROLES
        )
        assigned = any("assigned" in REACH.get(m.role, {}).values() for m in held)
        key += ("read once", cleared, tuple(assigned_person_ids(user)) if assigned else ())
    return key


def locations_to_write(user: Actor, model: type[models.Model]) -> models.QuerySet:
    """Branches where the user may create a record of ``model`` that belongs to the branch
    itself, not to a client or a group (a signal): the choices of its form."""
    Location = apps.get_model("core", "Location")
    scope: Scope = model.scope  # type: ignore[attr-defined]
    capability = WRITES[scope.category]
    q = capability_q(user, capability)
    if scope.open_to_branch:
        for membership in memberships(user):
            if CAPABILITIES.get(membership.role, {}).get(capability) == RUNS:
                q |= Q(pk__in=location_ids(membership))
    return Location.objects.filter(q)


def may_write(actor: Actor, model: type[models.Model], *pks: Any) -> bool:
    """Whether the actor's roles let them write every row ``pks`` of ``model`` (one query).

    The one check of every write: the shared writers of ``core.services`` and the bulk
    writers call it before they touch anything. The system actor writes everything. A
    model of configuration (``configured_by``: a capability) is written where ``may``
    grants that capability at each row's ``place()``.
    """
    if is_system(actor):
        return True
    wanted = set(pks)
    configured_by: Capability | None = getattr(model, "configured_by", None)
    if configured_by is not None:  # configuration (a deadline term): a place per row, no scope
        rows = list(model._default_manager.filter(pk__in=wanted))
        return len(rows) == len(wanted) and all(
            may(actor, configured_by, **row.place())  # type: ignore[attr-defined]
            for row in rows
        )
    writable = model._default_manager.filter(scope_q(actor, model, write=True), pk__in=wanted)
    return writable.count() == len(wanted)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may see."""

    def for_user(self, user: Actor, *, write: bool = False) -> Self:
        return self.filter(scope_q(user, self.model, write=write))


def get_for_user(
    queryset_or_model: type[models.Model] | models.QuerySet,
    user: Actor,
    *,
    write: bool = False,
    **lookup: Any,
) -> Any:
    """One record the user may see, else 404: the same answer for "not there" and "not yours"."""
    queryset: models.QuerySet = (
        queryset_or_model._default_manager.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    try:
        return queryset.filter(scope_q(user, queryset.model, write=write)).get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    # MultipleObjectsReturned passes: a lookup that finds two records is a bug to see.


def aggregate_location_ids(user: Actor) -> models.QuerySet:
    """Locations whose aggregate figures the user may see (no records implied)."""
    Location = apps.get_model("core", "Location")
    return Location.objects.filter(capability_q(user, Capability.READ_FIGURES)).values("pk")


def _grants(user: Actor, capability: Capability) -> list[tuple[Any, str]]:
    """(membership, reach) for each of the user's current roles that grants ``capability``
    at a place (``RUNS`` and ``SELF`` hold records, not places: ``scope_q`` reads them)."""
    return [
        (membership, reach)
        for membership in memberships(user)
        if (reach := CAPABILITIES.get(membership.role, {}).get(capability)) in PLACES
    ]


def may(
    user: Actor,
    capability: Capability,
    *,
    location: Any = None,
    region: str | None = None,
    everywhere: bool = False,
) -> bool:
    """Whether the user's roles grant ``capability``: somewhere (no place given), at
    ``location``, in all of ``region``, or (``everywhere``) for the whole foundation."""
    if is_superuser(user):
        return True
    for membership, reach in _grants(user, capability):
        if reach == ALL:
            return True
        if everywhere:
            continue
        if location is not None:
            if (reach == OWN and membership.location_id == location.pk) or (
                reach == REGION and membership.region == location.region
            ):
                return True
        elif region is not None:
            if reach == REGION and membership.region == region:
                return True
        else:
            return True
    return False


def capability_q(user: Actor, capability: Capability, location: str = "") -> Q:
    """The rows where the user holds ``capability``: locations, or (with ``location``, the
    path to a row's location, e.g. ``"location"``) the rows of those locations."""
    if is_superuser(user):
        return EVERYTHING
    prefix = f"{location}__" if location else ""
    result = NOTHING
    for membership, reach in _grants(user, capability):
        if reach == ALL:
            return EVERYTHING
        if reach == REGION:
            result |= Q(**{f"{prefix}region": membership.region})
        elif membership.location_id:
            result |= Q(**{f"{prefix}pk": membership.location_id})
    return result


def roles_with(capability: Capability) -> list[str]:
    """The roles that grant ``capability`` (somewhere)."""
    return [role for role, granted in CAPABILITIES.items() if capability in granted]


def capability_regions(user: Actor, capability: Capability) -> set[str]:
    """The regions a regional manager's role grants ``capability`` in."""
    return {
        membership.region
        for membership, reach in _grants(user, capability)
        if reach == REGION and membership.region
    }


class GrantRefusal(StrEnum):
    """Why a role may not be given (the form says it next to the field)."""

    SELF = "self"  # nobody changes their own roles
    ROLE = "role"  # the giver's roles do not give this role
    PLACE = "place"  # not at this branch or region


def _gives_at(membership: Any, role: str, location_id: int | None) -> bool:
    """Whether one of the giver's roles gives ``role`` at that branch (``None``: over a
    region or everything)."""
    if role not in GRANTS.get(membership.role, ()):
        return False
    if CAPABILITIES[membership.role].get(Capability.MANAGE_USERS) == ALL:
        return True
    if role in {Role.ADMINISTRATOR, Role.REGIONAL_MANAGER} or location_id is None:
        return False  # roles over a region or everything: only the administrator gives them
    Location = apps.get_model("core", "Location")
    return Location.objects.filter(pk=location_id, pk__in=location_ids(membership)).exists()


def grant_refusal(
    actor: Actor, *, grantee_id: int | None, role: str, location_id: int | None = None
) -> GrantRefusal | None:
    """None when ``actor`` may give (or end) ``role`` at that branch to user ``grantee_id``.

    ``grantee_id`` None: a user still to be created. The same rule ends roles: one may end
    what one may give, never one's own.
    """
    if grantee_id is not None and grantee_id == getattr(actor, "pk", None):
        return GrantRefusal.SELF
    if is_superuser(actor):
        return None
    givers = [m for m in memberships(actor) if role in GRANTS.get(m.role, ())]
    if not givers:
        return GrantRefusal.ROLE
    if any(_gives_at(m, role, location_id) for m in givers):
        return None
    return GrantRefusal.PLACE


def grants_q(actor: Actor) -> Q:
    """The ``accounts.Membership`` rows ``actor`` could have given: those it may end."""
    if is_superuser(actor):
        return ~Q(user_id=getattr(actor, "pk", None))
    q = NOTHING
    for membership in memberships(actor):
        grants = GRANTS.get(membership.role)
        if not grants:
            continue
        if CAPABILITIES[membership.role].get(Capability.MANAGE_USERS) == ALL:
            q |= Q(role__in=grants)
        else:
            branch_roles = grants - {Role.ADMINISTRATOR, Role.REGIONAL_MANAGER}
            q |= Q(role__in=branch_roles, location__in=location_ids(membership))
    return q & ~Q(user=actor)


def grant_location_ids(actor: Actor) -> models.QuerySet:
    """The branches where ``actor`` gives roles (the choices of the form)."""
    Location = apps.get_model("core", "Location")
    return Location.objects.filter(capability_q(actor, Capability.MANAGE_USERS)).values("pk")


def grantable_roles(actor: Actor) -> set[str]:
    """The roles ``actor`` gives somewhere."""
    if is_superuser(actor):
        return set(Role)
    return {role for m in memberships(actor) for role in GRANTS.get(m.role, ())}


def may_change_user(actor: Actor, user_id: int) -> bool:
    """Whether ``actor`` may act on a user's account (switch it off, tie it to a staff record).

    Never on oneself; otherwise on a user who has had a role the actor gives, and whose
    every current role is one the actor could have given (and so may end).
    """
    if user_id == getattr(actor, "pk", None):
        return False
    if may(actor, Capability.MANAGE_USERS, everywhere=True):
        return True
    Membership = apps.get_model("accounts", "Membership")
    roles = Membership.objects.filter(user_id=user_id)
    given = roles.filter(grants_q(actor))
    if not given.exists():
        return False
    return not roles.current().exclude(pk__in=given.values("pk")).exists()

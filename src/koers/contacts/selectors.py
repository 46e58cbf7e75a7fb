"""Reads of contacts: a client's timeline, the kinds a user may log, a volunteer's clients."""

from functools import reduce
from operator import or_

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from koers.coaching.models import Trajectory
from koers.coaching.selectors import running_on
from koers.contacts.models import Contact, ContactKind
from koers.core.access import user_reaches
from koers.core.actors import Actor, Viewer
from koers.core.models import Location
from koers.core.registry import registry
from koers.core.scoping import (
    NOTHING,
    REACH,
    READ_ONLY_ROLES,
    Capability,
    Category,
    capability_q,
    may,
    memberships,
)
from koers.people.models import Person
from koers.people.selectors import people_for_user
from koers.staff.models import StaffMember


def kinds_for_user(user: Actor) -> list[tuple[str, str]]:
    """Legal hours for legal roles, the other kinds for roles that do coaching."""
    coaching = user_reaches(user, Category.COACHING)
    legal = user_reaches(user, Category.LEGAL)
    return [
        (value, str(label))
        for value, label in ContactKind.choices
        if (legal if value == ContactKind.LEGAL_HOURS else coaching)
    ]


def contacts_of(
    person: Person, user: Actor, *, kind: str = "", topic: str = ""
) -> QuerySet[Contact]:
    """The contacts with this client the user may see, newest first, optionally filtered."""
    contacts = (
        Contact.objects.for_user(user)
        .filter(person=person)
        .select_related("staff", "trajectory", "location")
        .prefetch_related("topics")
        .order_by("-date", "-id")
    )
    if kind:
        contacts = contacts.filter(kind=kind)
    if topic:
        contacts = contacts.filter(topics__topic=topic)
    return contacts


def contact_list(
    user: Actor,
    *,
    coach: StaffMember | None = None,
    kind: str = "",
    topic: str = "",
    location: Location | None = None,
) -> QuerySet[Contact]:
    """The contacts of the branches whose team the user oversees (``team_list``), as far
    as the user may read them (legal hours only for legal readers): the contacts list."""
    contacts = (
        Contact.objects.for_user(user)
        .filter(capability_q(user, Capability.TEAM_LIST, "location"))
        .select_related("person", "staff", "location")
        .prefetch_related("topics")
    )
    if coach is not None:
        contacts = contacts.filter(staff=coach)
    if kind:
        contacts = contacts.filter(kind=kind)
    if topic:
        contacts = contacts.filter(topics__topic=topic)
    if location is not None:
        contacts = contacts.filter(location=location)
    return contacts


def contact_list_choices(user: Actor) -> dict[str, QuerySet]:
    """The staff members and branches the contacts list can be filtered on."""
    contacts = contact_list(user)
    return {
        "coaches": StaffMember.objects.filter(pk__in=contacts.values("staff_id")).order_by(
            "family_name", "given_name"
        ),
        "locations": Location.objects.filter(pk__in=contacts.values("location_id")).order_by(
            "name"
        ),
    }


def default_trajectory(trajectories: QuerySet, user: Actor) -> Trajectory | None:
    """The trajectory a new contact with the client belongs to unless the user picks
    another: the client's running one (of several, the one the user coaches, else the
    latest started); None when none runs."""
    today = timezone.localdate()
    running = trajectories.filter(running_on(today)).order_by("-started_on", "-pk")
    if getattr(user, "is_authenticated", False):
        own = running.filter(coach__user=user).first()
        if own is not None:
            return own
    return running.first()


def contacts_to_correct(user: Actor, contacts: list[Contact]) -> set[int]:
    """Of these contacts (with ``staff`` and ``location`` loaded), those whose edit link the
    user gets: they were with the user, or the user corrects colleagues' records there.
    (The service also lets the creator by the change log correct; it checks fully.)"""
    user_id = getattr(user, "pk", None)
    return {
        contact.pk
        for contact in contacts
        if (contact.staff is not None and contact.staff.user_id == user_id and user_id is not None)
        or may(user, Capability.CORRECT_OTHERS, location=contact.location)
    }


def contacts_logged_by(user: Actor, *, limit: int = 5) -> QuerySet:
    return (
        Contact.objects.for_user(user)
        .filter(staff__user=user)
        .select_related("person")
        .prefetch_related("topics")
        .order_by("-date", "-id")[:limit]
    )


def staff_record_of(user: Viewer, location: Location) -> StaffMember | None:
    """The user's own volunteer or staff record at that location, who the contact was with."""
    if not user.is_authenticated:
        return None
    return StaffMember.objects.filter(user=user, location=location).first()


def locations_to_log(user: Actor) -> QuerySet:
    """Locations where the user may log a contact (roles that do coaching or legal work)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Location.objects.all()
    ids = [
        m.location_id
        for m in memberships(user)
        if m.location_id
        and m.role not in READ_ONLY_ROLES
        and {Category.COACHING, Category.LEGAL} & set(REACH.get(m.role, {}))
    ]
    return Location.objects.filter(pk__in=ids)


def may_log_contacts(user: Actor) -> bool:
    """Whether the user may open the contact form: a kind to log and a branch to log it in
    (the form's own check, and so the menu's: a regional manager reads contacts, logs none)."""
    return bool(kinds_for_user(user)) and locations_to_log(user).exists()


def clients_of_volunteer(user: Viewer) -> QuerySet[Person]:
    """The volunteer's own clients (one-to-one work: a trajectory they coach, a match they
    are in), the longest without contact first, each with the date of their last contact."""
    if not user.is_authenticated:
        return Person.objects.none()
    today = timezone.localdate()
    own = reduce(
        or_,
        (
            Q(pk__in=source.clients(user, today))
            for source in registry["assignment_sources"]
            if source.one_to_one
        ),
        NOTHING,
    )
    last_contact = (
        Contact.objects.filter(person=OuterRef("pk"))
        .exclude(kind=ContactKind.LEGAL_HOURS)
        .order_by("-date")
        .values("date")[:1]
    )
    return (
        people_for_user(user)
        .filter(own)
        .annotate(last_contact_on=Subquery(last_contact))
        .order_by(F("last_contact_on").asc(nulls_first=True), "family_name")
    )

"""Reads for the client file, the start page and the access log; always scoped to the user."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from koers.coaching.models import Trajectory
from koers.core.actors import Actor, Viewer
from koers.core.models import AccessLogEntry, Location
from koers.core.scoping import REACH, READ_ONLY_ROLES, Category, memberships
from koers.people.models import Person, Placement
from koers.people.services import age_on


def people_for_user(user: Actor, *, write: bool = False) -> QuerySet:
    return Person.objects.for_user(user, write=write).select_related("location")


def household_of(person: Person, user: Actor) -> list[dict]:
    """The members of the person's household the user may see, with age and placements."""
    today = timezone.localdate()
    placements = Placement.objects.for_user(user).select_related("dwelling").order_by("-housed_on")
    members = (
        people_for_user(user)
        .filter(household_id=person.household_id)
        .prefetch_related(Prefetch("placements", queryset=placements, to_attr="visible_placements"))
        .order_by("birth_date")
    )
    return [
        {"person": member, "age": age_on(member.birth_date, today), "is_self": member == person}
        for member in members
    ]


def locations_to_register(user: Actor, category: Category = Category.PERSON) -> QuerySet:
    """Locations where the user may create records of ``category`` and see them afterwards."""
    ids = [
        m.location_id
        for m in memberships(user)
        if m.location_id
        and m.role not in READ_ONLY_ROLES
        and REACH.get(m.role, {}).get(category) == "own"
    ]
    if getattr(user, "is_superuser", False):
        return Location.objects.all()
    return Location.objects.filter(pk__in=ids)


def access_log_of(person: Person) -> QuerySet:
    return AccessLogEntry.objects.filter(person_id=person.pk).order_by("-at", "-id")


def clients_of_volunteer(user: Viewer) -> QuerySet:
    """The volunteer's own clients (active trajectory or match), with their last contact date."""
    if not user.is_authenticated:
        return Person.objects.none()
    from koers.contacts.models import Contact, ContactKind
    from koers.matching.models import Match

    today = timezone.localdate()
    not_ended = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    coached = Trajectory.objects.filter(not_ended, coach__user=user, person=OuterRef("pk"))
    matched = Match.objects.filter(not_ended, staff__user=user, person=OuterRef("pk"))
    last_contact = (
        Contact.objects.filter(person=OuterRef("pk"))
        .exclude(kind=ContactKind.LEGAL_HOURS)
        .order_by("-date")
        .values("date")[:1]
    )
    return (
        people_for_user(user)
        .filter(Q(Exists(coached)) | Q(Exists(matched)))
        .annotate(last_contact_on=Subquery(last_contact))
        .order_by(F("last_contact_on").asc(nulls_first=True), "family_name")
    )


def clients_without_coach(user: Actor, *, locations: list[int]) -> QuerySet:
    """Clients with a running trajectory that has no coach, in the given locations."""
    today = timezone.localdate()
    open_without_coach = Trajectory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        coach__isnull=True,
        person=OuterRef("pk"),
    )
    return (
        people_for_user(user)
        .filter(Exists(open_without_coach), location_id__in=locations)
        .order_by("family_name", "given_name")
    )

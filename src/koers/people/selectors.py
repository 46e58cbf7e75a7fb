"""Reads for the client file, registration and the access log; always scoped to the user."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from koers.core.actors import Actor
from koers.core.dates import age_on
from koers.core.models import AccessLogEntry, Location
from koers.core.scoping import REACH, READ_ONLY_ROLES, Category, memberships
from koers.people.models import MergedRecord, Person, Placement


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
    """Who read this client's data, including under the records merged into it."""
    merged = MergedRecord.objects.filter(person=person).values("merged_id")
    return AccessLogEntry.objects.filter(Q(person_id=person.pk) | Q(person_id__in=merged)).order_by(
        "-at", "-id"
    )


def client_list(
    user: Actor,
    *,
    location: Location | None = None,
    arrival_route: str = "",
    civic_integration: str = "",
    q: str = "",
) -> QuerySet[Person]:
    """The clients the user may see, filtered as the client list asks (unordered)."""
    people = people_for_user(user)
    if location is not None:
        people = people.filter(location=location)
    if arrival_route:
        people = people.filter(arrival_route=arrival_route)
    if civic_integration:
        people = people.filter(civic_integration_required=civic_integration == "yes")
    if q:
        for word in q.split()[:5]:
            people = people.filter(Q(family_name__icontains=word) | Q(given_name__icontains=word))
    return people


def client_locations(user: Actor) -> QuerySet[Location]:
    """The branches whose clients the user sees, for the client list's filter."""
    return Location.objects.filter(pk__in=people_for_user(user).values("location_id")).order_by(
        "name"
    )

"""When a client's data may go: the retention term, what keeps it, and what blocks erasure.

*Last involvement* is the latest day anything happened with the client: a trajectory
or dossier ended, a match ended (or was asked for), they left a group, were housed,
had a contact, a referral or a civic-integration result. A client with none of these
counts from the day their file was made. The retention term
(``settings.KOERS_RETENTION_YEARS``) runs from that day.

Nothing goes while something *blocks* it: a trajectory, dossier, match or group
enrolment still running, or a legal dossier closed less than
:data:`LEGAL_CLAIM_YEARS` ago (a claim about the legal help given lapses five years
after the client learned of it, art. 3:310 BW). The same blockers refuse an erasure
request and keep a client out of the retention run: one definition for both.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from koers.coaching.models import Referral, Trajectory
from koers.contacts.models import Contact
from koers.core.dates import years_before
from koers.groups.models import Enrolment
from koers.legal.models import Dossier
from koers.matching.models import Match
from koers.people.models import CivicIntegrationResult, Person, Placement

LEGAL_CLAIM_YEARS = 5
NEVER = datetime.date(1, 1, 1)


def _latest(queryset: QuerySet, expression) -> Subquery:
    rows = queryset.filter(person=OuterRef("pk")).order_by().values("person")
    return Coalesce(
        Subquery(rows.annotate(latest=Max(expression)).values("latest")[:1]),
        NEVER,
        output_field=DateField(),
    )


def involvement_dates() -> dict[str, object]:
    """Per kind of record, the expression of its latest day for a person (NEVER if none)."""
    return {
        "trajectory": _latest(Trajectory.objects, Coalesce("ended_on", "started_on")),
        "dossier": _latest(Dossier.objects, Coalesce("closed_on", "opened_on")),
        "match": _latest(Match.objects, Coalesce("ended_on", "started_on", "requested_on")),
        "enrolment": _latest(
            Enrolment.objects, Coalesce("left_on", "group__ended_on", "enrolled_on")
        ),
        "placement": _latest(Placement.objects, F("housed_on")),
        "contact": _latest(Contact.objects, F("date")),
        "referral": _latest(Referral.objects, F("referred_on")),
        "civic_integration": _latest(CivicIntegrationResult.objects, F("decided_on")),
    }


def with_last_involvement(people: QuerySet) -> QuerySet:
    """``people`` annotated with ``last_involvement`` (a date) as defined above."""
    latest = Greatest(*involvement_dates().values(), output_field=DateField())
    return people.annotate(_latest_record=latest).annotate(
        last_involvement=Case(
            When(_latest_record=NEVER, then=TruncDate("created_at")),
            default=F("_latest_record"),
            output_field=DateField(),
        )
    )


@dataclass(frozen=True)
class Blocker:
    """Something that keeps a client's data: its Dutch explanation and its query."""

    label: str
    exists: Callable[[datetime.date], Exists]


def _running(queryset: QuerySet, end: str, today: datetime.date) -> Exists:
    not_ended = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": today})
    return Exists(queryset.filter(not_ended, person=OuterRef("pk")))


BLOCKERS = {
    "trajectory": Blocker(
        _("er loopt nog een traject"), lambda today: _running(Trajectory.objects, "ended_on", today)
    ),
    "dossier": Blocker(
        _("er loopt nog een juridisch dossier"),
        lambda today: _running(Dossier.objects, "closed_on", today),
    ),
    "match": Blocker(
        _("er loopt nog een koppeling of aanmelding op de wachtlijst"),
        lambda today: _running(Match.objects, "ended_on", today),
    ),
    "enrolment": Blocker(
        _("de cliënt zit nog in een groep"),
        lambda today: Exists(
            Enrolment.objects.filter(
                Q(left_on__isnull=True) | Q(left_on__gt=today),
                Q(group__ended_on__isnull=True) | Q(group__ended_on__gt=today),
                person=OuterRef("pk"),
            )
        ),
    ),
    "legal_claim": Blocker(
        _(
            "een juridisch dossier is minder dan vijf jaar geleden gesloten "
            "(verjaringstermijn art. 3:310 BW)"
        ),
        lambda today: Exists(
            Dossier.objects.filter(
                closed_on__gt=years_before(today, LEGAL_CLAIM_YEARS), person=OuterRef("pk")
            )
        ),
    ),
}


def blockers_of(person: Person, *, today: datetime.date) -> list[str]:
    """Why the person's data must stay (empty: nothing keeps it), in one query."""
    row = (
        Person.objects.filter(pk=person.pk)
        .annotate(**{name: blocker.exists(today) for name, blocker in BLOCKERS.items()})
        .values(*BLOCKERS)
        .get()
    )
    return [str(BLOCKERS[name].label) for name in BLOCKERS if row[name]]


def retention_years() -> int:
    return settings.KOERS_RETENTION_YEARS


def due_on(last_involvement: datetime.date) -> datetime.date:
    """The first day the retention run takes a client with this last involvement."""
    years = retention_years()
    try:
        return last_involvement.replace(year=last_involvement.year + years)
    except ValueError:  # 29 February, in a year without one
        return datetime.date(last_involvement.year + years, 3, 1)


def due_for_retention(*, today: datetime.date, people: QuerySet | None = None) -> QuerySet:
    """Clients whose last involvement lies a whole retention term back, with nothing blocking.

    Annotated with ``last_involvement``; the anonymised are left out.
    """
    people = Person.objects.all() if people is None else people
    cutoff = years_before(today, retention_years())
    unblocked = [~blocker.exists(today) for blocker in BLOCKERS.values()]
    return (
        with_last_involvement(people.filter(anonymisation__isnull=True))
        .filter(*unblocked, last_involvement__lte=cutoff)
        .select_related("location")
        .order_by("location__name", "last_involvement", "pk")
    )

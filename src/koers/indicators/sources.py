"""The rows each family of indicators counts over, and where each row's location is.

A source narrows to the rows that can matter for the period (so the database reads one
branch-year, not a branch's history); each indicator's condition narrows further.
Conditions about other rows are ``Exists`` probes on indexed foreign keys, never
correlated aggregates, so that they stay cheap at national size.
"""

from django.db.models import Count, Exists, OuterRef, Q

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic
from koers.cooperation.models import Activity
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.indicators.periods import Period
from koers.indicators.queries import Source, active_during, active_on, within
from koers.integration.models import IntegrationPlan, Linking
from koers.legal.models import Dossier
from koers.matching.models import Match
from koers.people.models import Dwelling, Person, Placement, QuotaPeriod
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training
from koers.transfers.history import households_at, people_at


def of_person(path: str):
    """Rows located at their client's branch: the branch on the period's last day."""
    return lambda ids, period: people_at(path, ids, period.end)


COUNTED = Q(counts_for_quota=True)

# Housing -----------------------------------------------------------------------------------

placements = Source(
    Placement,
    location="dwelling__location",
    rows=lambda period: COUNTED & within("housed_on", period),
)

dwellings = Source(Dwelling, location="location", rows=lambda p: within("available_on", p))

quota_periods = Source(
    QuotaPeriod,
    location="location",
    rows=lambda p: Q(starts_on__gte=p.start, ends_on__lte=p.end),
)

quota_history = Source(QuotaPeriod, location="location")

FIRST_QUOTA_PERIOD = ~Exists(
    QuotaPeriod.objects.filter(location=OuterRef("location"), starts_on__lt=OuterRef("starts_on"))
)


def since_first_quota_period(period: Period) -> Q:
    """Counted placements up to the last day, from the location's first quota period on."""
    return (
        COUNTED
        & Q(housed_on__lte=period.end)
        & Exists(
            QuotaPeriod.objects.filter(
                location=OuterRef("dwelling__location"), starts_on__lte=OuterRef("housed_on")
            )
        )
    )


quota_placements = Source(Placement, location="dwelling__location", rows=since_first_quota_period)


def first_housings(period: Period) -> Q:
    """Counted placements in the period on the first day their household was housed: no
    member of the household has an earlier counted placement (anywhere, ever)."""
    earlier = Placement.objects.filter(
        COUNTED,
        person__household=OuterRef("person__household"),
        housed_on__lt=OuterRef("housed_on"),
    )
    return COUNTED & within("housed_on", period) & ~Exists(earlier)


def per_household(first_placements, period: Period):
    """One row per household with the number of members housed on its first day.
    Count these rows by household, not by pk (a pk would split the groups)."""
    return first_placements.values("person__household").annotate(
        housed_first_day=Count("person", distinct=True)
    )


households = Source(
    Placement,
    location="person__household__location",
    rows=first_housings,
    shape=per_household,
    located=lambda ids, period: households_at("person__household", ids, period.end),
)

# Coaching, contacts, legal, matches --------------------------------------------------------

trajectories = Source(
    Trajectory,
    location="person__location",
    rows=lambda p: active_during("started_on", "ended_on", p),
    located=of_person("person"),
)

contacts = Source(Contact, location="location", rows=lambda p: within("date", p))

contact_topics = Source(
    ContactTopic, location="contact__location", rows=lambda p: within("contact__date", p)
)

dossiers = Source(
    Dossier,
    location="person__location",
    rows=lambda p: active_during("opened_on", "closed_on", p),
    located=of_person("person"),
)

matches = Source(
    Match,
    location="person__location",
    rows=lambda p: Q(requested_on__lte=p.end),
    located=of_person("person"),
)

# Groups ------------------------------------------------------------------------------------

groups = Source(
    Group, location="location", rows=lambda p: active_during("started_on", "ended_on", p)
)

sessions = Source(GroupSession, location="group__location", rows=lambda p: within("date", p))

attendance = Source(
    Attendance, location="session__group__location", rows=lambda p: within("session__date", p)
)


def enrolment_active_during(period: Period) -> Q:
    """An enrolment ends on its left_on, or at the latest with its group; its group too must
    be active during the period."""
    return active_during("enrolled_on", "left_on", period) & active_during(
        "group__started_on", "group__ended_on", period
    )


def enrolment_active_on(day) -> Q:
    return active_on("enrolled_on", "left_on", day) & (
        Q(group__ended_on__isnull=True) | Q(group__ended_on__gte=day)
    )


def first_in_program(period: Period) -> Q:
    """No enrolment of the person in the program before the period: their earliest one
    ever (for a participant, on or before the last day) is in the period."""
    return ~Exists(
        Enrolment.objects.filter(
            person=OuterRef("person"),
            group__program=OuterRef("group__program"),
            enrolled_on__lt=period.start,
        )
    )


enrolments = Source(Enrolment, location="group__location", rows=enrolment_active_during)


def per_participant(enrolments_in_period, period: Period):
    """One row per participant and program with their number of enrolments in the period.
    Count these rows by person, not by pk (a pk would split the groups)."""
    return enrolments_in_period.values("group__program", "person").annotate(enrolments=Count("pk"))


participants = Source(
    Enrolment, location="group__location", rows=enrolment_active_during, shape=per_participant
)

people = Source(Person, location="location", located=of_person(""))

# Staff -------------------------------------------------------------------------------------

staff = Source(
    StaffMember,
    location="location",
    rows=lambda p: active_during("started_on", "ended_on", p),
)

staff_roles = Source(
    StaffRole,
    location="staff__location",
    rows=lambda p: active_during("staff__started_on", "staff__ended_on", p),
)

staff_languages = Source(
    StaffLanguage,
    location="staff__location",
    rows=lambda p: within("staff__started_on", p) & Q(staff__roles__role="interpreter"),
)

trainings = Source(Training, location="staff__location", rows=lambda p: within("completed_on", p))

# From linking to civic integration (integration-2021.md) -----------------------------------

# Every linking counted in a period was linked by its last day (a cancellation and a
# housing date are never before the linking).
linkings = Source(Linking, location="location", rows=lambda p: Q(linked_on__lte=p.end))

integration_plans = Source(
    IntegrationPlan, location="person__location", located=of_person("person")
)
# Cooperation, outreach and advocacy (cooperation.md) ---------------------------------------

activities = Source(Activity, location="location", rows=lambda p: within("date", p))

# The links of the period's activities: counted per distinct partner or staff member.
activity_partners = Source(
    Activity.partners.through,
    location="activity__location",
    rows=lambda p: within("activity__date", p),
)
activity_staff = Source(
    Activity.staff.through,
    location="activity__location",
    rows=lambda p: within("activity__date", p),
)
